package dev.jkops.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The api records as {@link RecordYamlReader} binds them, written out by hand: each record's
 * component names and types, and its canonical constructor called directly. Reading them by
 * reflection in a cold JVM (record components, their generic signatures parsed, every public method
 * listed to find Jackson's getters, an empty record of each of the fourteen networking options made
 * to learn its key, constructors called reflectively) was the largest step of reading a stored spec
 * (docs/benchmarks.md). A record missing here is read reflectively as before; {@code
 * RecordShapesTest} holds every record a spec can reach equal to what reflection says of it.
 */
final class RecordShapes {
  private RecordShapes() {}

  /** A parameterized type such as {@code List<String>}, equal in meaning to the reflected one. */
  record Generic(Class<?> raw, List<Type> arguments) implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return arguments.toArray(new Type[0]);
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return null;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(raw.getName()).append('<');
      for (int i = 0; i < arguments.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(arguments.get(i).getTypeName());
      }
      return sb.append('>').toString();
    }
  }

  private static final Type STRING = String.class;
  private static final Type INTEGER = Integer.class;
  private static final Type BOOLEAN = Boolean.class;
  private static final Type OBJECT = Object.class;
  private static final Type STRINGS = new Generic(List.class, List.of(String.class));
  private static final Type STRING_TO_STRING =
      new Generic(Map.class, List.of(String.class, String.class));
  private static final Type STRING_TO_OBJECT =
      new Generic(Map.class, List.of(String.class, Object.class));

  /** The shape of {@code type}, or null when it is not written out here. */
  static RecordYamlReader.Shape shape(Class<?> type) {
    if (type == Cluster.class) {
      return of(
          type,
          "apiVersion",
          STRING,
          "kind",
          STRING,
          "metadata",
          ObjectMeta.class,
          "spec",
          ClusterSpec.class,
          "extra");
    }
    if (type == InstanceGroup.class) {
      return of(
          type,
          "apiVersion",
          STRING,
          "kind",
          STRING,
          "metadata",
          ObjectMeta.class,
          "spec",
          InstanceGroupSpec.class,
          "extra");
    }
    if (type == ObjectMeta.class) {
      return of(
          type, "name", STRING, "creationTimestamp", STRING, "labels", STRING_TO_STRING, "extra");
    }
    if (type == ClusterSpec.class) {
      return of(
          type,
          "cloudProvider",
          STRING,
          "kubernetesVersion",
          STRING,
          "networkCIDR",
          STRING,
          "additionalNetworkCIDRs",
          STRINGS,
          "networkID",
          STRING,
          "nonMasqueradeCIDR",
          STRING,
          "podCIDR",
          STRING,
          "serviceClusterIPRange",
          STRING,
          "subnets",
          new Generic(List.class, List.of(ClusterSubnet.class)),
          "topology",
          Topology.class,
          "networking",
          NetworkingSpec.class,
          "api",
          ApiSpec.class,
          "sshAccess",
          STRINGS,
          "kubernetesApiAccess",
          STRINGS,
          "kubeControllerManager",
          KubeControllerManagerConfig.class,
          "kubeProxy",
          KubeProxyConfig.class,
          "kubelet",
          KubeletConfig.class,
          "rollingUpdate",
          RollingUpdate.class,
          "cloudConfig",
          CloudConfig.class,
          "extra",
          "ipv6Only");
    }
    if (type == InstanceGroupSpec.class) {
      return of(
          type,
          "role",
          STRING,
          "subnets",
          STRINGS,
          "machineType",
          STRING,
          "minSize",
          INTEGER,
          "maxSize",
          INTEGER,
          "rollingUpdate",
          RollingUpdate.class,
          "nodeLabels",
          STRING_TO_STRING,
          "additionalSecurityGroups",
          STRINGS,
          "extra",
          "bastion",
          "controlPlane",
          "node");
    }
    if (type == ClusterSubnet.class) {
      return of(
          type,
          "name",
          STRING,
          "zone",
          STRING,
          "cidr",
          STRING,
          "type",
          STRING,
          "egress",
          STRING,
          "id",
          STRING,
          "ipv6CIDR",
          STRING,
          "extra",
          "ipv6OnlyPrivate");
    }
    if (type == Topology.class) {
      return of(
          type,
          "dns",
          Topology.Dns.class,
          "masters",
          STRING,
          "nodes",
          STRING,
          "bastion",
          STRING_TO_OBJECT,
          "extra");
    }
    if (type == Topology.Dns.class) {
      return of(type, "type", STRING);
    }
    if (type == ApiSpec.class) {
      return of(type, "loadBalancer", ApiSpec.LoadBalancer.class, "extra");
    }
    if (type == ApiSpec.LoadBalancer.class) {
      return of(type, "type", STRING, "extra");
    }
    if (type == KubeControllerManagerConfig.class) {
      return of(
          type,
          "allocateNodeCIDRs",
          BOOLEAN,
          "configureCloudRoutes",
          BOOLEAN,
          "clusterCIDR",
          STRING,
          "nodeCIDRMaskSize",
          INTEGER,
          "extra");
    }
    if (type == KubeProxyConfig.class) {
      return of(type, "clusterCIDR", STRING, "enabled", BOOLEAN, "extra");
    }
    if (type == KubeletConfig.class) {
      return of(
          type,
          "networkPluginName",
          STRING,
          "networkPluginMTU",
          INTEGER,
          "nonMasqueradeCIDR",
          STRING,
          "extra");
    }
    if (type == RollingUpdate.class) {
      return of(type, "maxSurge", OBJECT, "maxUnavailable", OBJECT);
    }
    if (type == CloudConfig.class) {
      return of(type, "routeTableQuota", INTEGER, "extra");
    }
    return networkingShape(type);
  }

  private static RecordYamlReader.Shape networkingShape(Class<?> type) {
    if (type == NetworkingSpec.Classic.class
        || type == NetworkingSpec.Kubenet.class
        || type == NetworkingSpec.External.class
        || type == NetworkingSpec.Cni.class
        || type == NetworkingSpec.Kopeio.class
        || type == NetworkingSpec.Romana.class) {
      return of(type, "extra");
    }
    if (type == NetworkingSpec.Weave.class || type == NetworkingSpec.Canal.class) {
      return of(type, "mtu", INTEGER, "extra");
    }
    if (type == NetworkingSpec.Flannel.class) {
      return of(type, "backend", STRING, "extra");
    }
    if (type == NetworkingSpec.Calico.class) {
      return of(
          type,
          "mtu",
          INTEGER,
          "encapsulationMode",
          STRING,
          "crossSubnet",
          BOOLEAN,
          "awsSrcDstCheck",
          BOOLEAN,
          "datastore",
          STRING,
          "extra");
    }
    if (type == NetworkingSpec.Cilium.class) {
      return of(
          type,
          "version",
          STRING,
          "tunnel",
          STRING,
          "ipam",
          STRING,
          "enableNodePort",
          BOOLEAN,
          "etcdManaged",
          BOOLEAN,
          "identityAllocationMode",
          STRING,
          "enablePolicy",
          STRING,
          "agentPodAnnotations",
          STRING_TO_STRING,
          "operatorPodAnnotations",
          STRING_TO_STRING,
          "extra");
    }
    if (type == NetworkingSpec.Kindnet.class) {
      return of(
          type,
          "version",
          STRING,
          "networkPolicies",
          BOOLEAN,
          "dnsCaching",
          BOOLEAN,
          "nat64",
          BOOLEAN,
          "fastPathThreshold",
          INTEGER,
          "masquerade",
          NetworkingSpec.KindnetMasquerade.class,
          "logLevel",
          INTEGER,
          "extra");
    }
    if (type == NetworkingSpec.KindnetMasquerade.class) {
      return of(type, "enabled", BOOLEAN, "nonMasqueradeCIDRs", STRINGS);
    }
    if (type == NetworkingSpec.KubeRouter.class) {
      return of(type, "useNFTablesForNetpol", BOOLEAN, "extra");
    }
    if (type == NetworkingSpec.AmazonVpc.class) {
      return of(
          type,
          "imageName",
          STRING,
          "initImageName",
          STRING,
          "networkPolicyAgentImage",
          STRING,
          "extra");
    }
    return null;
  }

  /**
   * A shape from pairs of a component's name and its type, in the record's order; then {@code
   * "extra"} when the record keeps unmodelled keys there (its last component, a {@code Map<String,
   * Object>}), then the names of its getters, which Jackson would treat as properties.
   */
  private static RecordYamlReader.Shape of(Class<?> type, Object... spec) {
    String[] names = new String[spec.length];
    Type[] types = new Type[spec.length];
    int n = 0;
    int i = 0;
    while (i + 1 < spec.length && spec[i + 1] instanceof Type t) {
      names[n] = (String) spec[i];
      types[n++] = t;
      i += 2;
    }
    Set<String> reserved = new LinkedHashSet<>();
    reserved.add("extra");
    int extra = -1;
    if (i < spec.length) {
      if (!spec[i].equals("extra")) {
        throw new IllegalStateException(type + ": expected extra, got " + spec[i]);
      }
      extra = n;
      names[n] = "extra";
      types[n++] = STRING_TO_OBJECT;
      for (i++; i < spec.length; i++) {
        reserved.add((String) spec[i]);
      }
    }
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < n; c++) {
      if (c != extra) {
        index.put(names[c], c);
      }
    }
    return new RecordYamlReader.Shape(
        type,
        List.of(Arrays.copyOf(names, n)),
        List.of(Arrays.copyOf(types, n)),
        index,
        extra,
        reserved,
        null);
  }

  /** The record of {@code type} from its components' values, in order; as its constructor would. */
  @SuppressWarnings("unchecked")
  static Object make(Class<?> type, Object[] a) {
    if (type == Cluster.class) {
      return new Cluster(
          (String) a[0],
          (String) a[1],
          (ObjectMeta) a[2],
          (ClusterSpec) a[3],
          (Map<String, Object>) a[4]);
    }
    if (type == InstanceGroup.class) {
      return new InstanceGroup(
          (String) a[0],
          (String) a[1],
          (ObjectMeta) a[2],
          (InstanceGroupSpec) a[3],
          (Map<String, Object>) a[4]);
    }
    if (type == ObjectMeta.class) {
      return new ObjectMeta(
          (String) a[0], (String) a[1], (Map<String, String>) a[2], (Map<String, Object>) a[3]);
    }
    if (type == ClusterSpec.class) {
      return new ClusterSpec(
          (String) a[0],
          (String) a[1],
          (String) a[2],
          (List<String>) a[3],
          (String) a[4],
          (String) a[5],
          (String) a[6],
          (String) a[7],
          (List<ClusterSubnet>) a[8],
          (Topology) a[9],
          (NetworkingSpec) a[10],
          (ApiSpec) a[11],
          (List<String>) a[12],
          (List<String>) a[13],
          (KubeControllerManagerConfig) a[14],
          (KubeProxyConfig) a[15],
          (KubeletConfig) a[16],
          (RollingUpdate) a[17],
          (CloudConfig) a[18],
          (Map<String, Object>) a[19]);
    }
    if (type == InstanceGroupSpec.class) {
      return new InstanceGroupSpec(
          (String) a[0],
          (List<String>) a[1],
          (String) a[2],
          (Integer) a[3],
          (Integer) a[4],
          (RollingUpdate) a[5],
          (Map<String, String>) a[6],
          (List<String>) a[7],
          (Map<String, Object>) a[8]);
    }
    if (type == ClusterSubnet.class) {
      return new ClusterSubnet(
          (String) a[0],
          (String) a[1],
          (String) a[2],
          (String) a[3],
          (String) a[4],
          (String) a[5],
          (String) a[6],
          (Map<String, Object>) a[7]);
    }
    if (type == Topology.class) {
      return new Topology(
          (Topology.Dns) a[0],
          (String) a[1],
          (String) a[2],
          (Map<String, Object>) a[3],
          (Map<String, Object>) a[4]);
    }
    if (type == Topology.Dns.class) {
      return new Topology.Dns((String) a[0]);
    }
    if (type == ApiSpec.class) {
      return new ApiSpec((ApiSpec.LoadBalancer) a[0], (Map<String, Object>) a[1]);
    }
    if (type == ApiSpec.LoadBalancer.class) {
      return new ApiSpec.LoadBalancer((String) a[0], (Map<String, Object>) a[1]);
    }
    if (type == KubeControllerManagerConfig.class) {
      return new KubeControllerManagerConfig(
          (Boolean) a[0],
          (Boolean) a[1],
          (String) a[2],
          (Integer) a[3],
          (Map<String, Object>) a[4]);
    }
    if (type == KubeProxyConfig.class) {
      return new KubeProxyConfig((String) a[0], (Boolean) a[1], (Map<String, Object>) a[2]);
    }
    if (type == KubeletConfig.class) {
      return new KubeletConfig(
          (String) a[0], (Integer) a[1], (String) a[2], (Map<String, Object>) a[3]);
    }
    if (type == RollingUpdate.class) {
      return new RollingUpdate(a[0], a[1]);
    }
    if (type == CloudConfig.class) {
      return new CloudConfig((Integer) a[0], (Map<String, Object>) a[1]);
    }
    return makeNetworking(type, a);
  }

  @SuppressWarnings("unchecked")
  private static Object makeNetworking(Class<?> type, Object[] a) {
    if (type == NetworkingSpec.Classic.class) {
      return new NetworkingSpec.Classic((Map<String, Object>) a[0]);
    }
    if (type == NetworkingSpec.Kubenet.class) {
      return new NetworkingSpec.Kubenet((Map<String, Object>) a[0]);
    }
    if (type == NetworkingSpec.External.class) {
      return new NetworkingSpec.External((Map<String, Object>) a[0]);
    }
    if (type == NetworkingSpec.Cni.class) {
      return new NetworkingSpec.Cni((Map<String, Object>) a[0]);
    }
    if (type == NetworkingSpec.Kopeio.class) {
      return new NetworkingSpec.Kopeio((Map<String, Object>) a[0]);
    }
    if (type == NetworkingSpec.Romana.class) {
      return new NetworkingSpec.Romana((Map<String, Object>) a[0]);
    }
    if (type == NetworkingSpec.Weave.class) {
      return new NetworkingSpec.Weave((Integer) a[0], (Map<String, Object>) a[1]);
    }
    if (type == NetworkingSpec.Canal.class) {
      return new NetworkingSpec.Canal((Integer) a[0], (Map<String, Object>) a[1]);
    }
    if (type == NetworkingSpec.Flannel.class) {
      return new NetworkingSpec.Flannel((String) a[0], (Map<String, Object>) a[1]);
    }
    if (type == NetworkingSpec.Calico.class) {
      return new NetworkingSpec.Calico(
          (Integer) a[0],
          (String) a[1],
          (Boolean) a[2],
          (Boolean) a[3],
          (String) a[4],
          (Map<String, Object>) a[5]);
    }
    if (type == NetworkingSpec.Cilium.class) {
      return new NetworkingSpec.Cilium(
          (String) a[0],
          (String) a[1],
          (String) a[2],
          (Boolean) a[3],
          (Boolean) a[4],
          (String) a[5],
          (String) a[6],
          (Map<String, String>) a[7],
          (Map<String, String>) a[8],
          (Map<String, Object>) a[9]);
    }
    if (type == NetworkingSpec.Kindnet.class) {
      return new NetworkingSpec.Kindnet(
          (String) a[0],
          (Boolean) a[1],
          (Boolean) a[2],
          (Boolean) a[3],
          (Integer) a[4],
          (NetworkingSpec.KindnetMasquerade) a[5],
          (Integer) a[6],
          (Map<String, Object>) a[7]);
    }
    if (type == NetworkingSpec.KindnetMasquerade.class) {
      return new NetworkingSpec.KindnetMasquerade((Boolean) a[0], (List<String>) a[1]);
    }
    if (type == NetworkingSpec.KubeRouter.class) {
      return new NetworkingSpec.KubeRouter((Boolean) a[0], (Map<String, Object>) a[1]);
    }
    if (type == NetworkingSpec.AmazonVpc.class) {
      return new NetworkingSpec.AmazonVpc(
          (String) a[0], (String) a[1], (String) a[2], (Map<String, Object>) a[3]);
    }
    throw new IllegalStateException("no constructor written out for " + type);
  }

  /**
   * The networking record a key under {@code spec.networking} names ({@link NetworkingSpec#KEYS}
   * and {@link NetworkingSpec#KEY_ALIASES}), or null; only the record named is loaded.
   */
  static Class<?> networkingOption(String key) {
    return switch (key) {
      case "classic" -> NetworkingSpec.Classic.class;
      case "kubenet" -> NetworkingSpec.Kubenet.class;
      case "external" -> NetworkingSpec.External.class;
      case "cni" -> NetworkingSpec.Cni.class;
      case "kopeio" -> NetworkingSpec.Kopeio.class;
      case "weave" -> NetworkingSpec.Weave.class;
      case "flannel" -> NetworkingSpec.Flannel.class;
      case "calico" -> NetworkingSpec.Calico.class;
      case "canal" -> NetworkingSpec.Canal.class;
      case "romana" -> NetworkingSpec.Romana.class;
      case "cilium" -> NetworkingSpec.Cilium.class;
      case "kindnet" -> NetworkingSpec.Kindnet.class;
      case "kuberouter", "kubeRouter" -> NetworkingSpec.KubeRouter.class;
      case "amazonvpc", "amazonVPC" -> NetworkingSpec.AmazonVpc.class;
      default -> null;
    };
  }
}
