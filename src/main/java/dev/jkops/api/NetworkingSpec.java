package dev.jkops.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;

/**
 * {@code spec.networking}: exactly one networking option. In YAML it keeps kops' shape ({@code
 * networking: {calico: {mtu: 1440}}}); in Java it is one of these records, so code never checks a
 * row of nullable fields to find out which provider is chosen.
 */
@JsonSerialize(using = NetworkingSpecCodec.Writer.class)
@JsonDeserialize(using = NetworkingSpecCodec.Reader.class)
public sealed interface NetworkingSpec {

  /** The key under {@code spec.networking}, e.g. {@code kopeio} or {@code calico}. */
  String key();

  /** Options jkops does not model, kept verbatim. */
  Map<String, Object> extra();

  /** The keys jkops accepts under spec.networking, in the order kops documents them. */
  List<String> KEYS =
      List.of(
          "classic",
          "kubenet",
          "external",
          "cni",
          "kopeio",
          "weave",
          "flannel",
          "calico",
          "canal",
          "romana",
          "cilium",
          "kindnet",
          "kuberouter",
          "amazonvpc");

  /** kops' newer API spells two keys in camel case; both spellings are read as the v1alpha2 key. */
  Map<String, String> KEY_ALIASES = Map.of("amazonVPC", "amazonvpc", "kubeRouter", "kuberouter");

  /** Keys kops knows today that jkops does not implement; named in the error so users know why. */
  List<String> KOPS_ONLY_KEYS = List.of("gce", "lyftvpc");

  record Classic(Map<String, Object> extra) implements NetworkingSpec {
    public Classic {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "classic";
    }
  }

  record Kubenet(Map<String, Object> extra) implements NetworkingSpec {
    public Kubenet {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "kubenet";
    }
  }

  record External(Map<String, Object> extra) implements NetworkingSpec {
    public External {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "external";
    }
  }

  record Cni(Map<String, Object> extra) implements NetworkingSpec {
    public Cni {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "cni";
    }
  }

  record Kopeio(Map<String, Object> extra) implements NetworkingSpec {
    public Kopeio {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "kopeio";
    }
  }

  record Weave(Integer mtu, Map<String, Object> extra) implements NetworkingSpec {
    public Weave {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "weave";
    }
  }

  /** backend is {@code vxlan} (the default) or {@code udp}. */
  record Flannel(String backend, Map<String, Object> extra) implements NetworkingSpec {
    public static final String VXLAN = "vxlan";
    public static final String UDP = "udp";

    public Flannel {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "flannel";
    }

    public String backendOrDefault() {
      return backend == null ? VXLAN : backend;
    }
  }

  /**
   * encapsulationMode is {@code ipip}, {@code vxlan} or {@code none}; datastore is {@code
   * kubernetes} (the default today) or {@code etcd} (the 2017 default).
   */
  record Calico(
      Integer mtu,
      String encapsulationMode,
      Boolean crossSubnet,
      Boolean awsSrcDstCheck,
      String datastore,
      Map<String, Object> extra)
      implements NetworkingSpec {
    public static final String DATASTORE_KUBERNETES = "kubernetes";
    public static final String DATASTORE_ETCD = "etcd";
    public static final List<String> ENCAPSULATION_MODES = List.of("ipip", "vxlan", "none");

    public Calico {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "calico";
    }

    public String datastoreOrDefault() {
      return datastore == null ? DATASTORE_KUBERNETES : datastore;
    }

    public String encapsulationModeOrDefault() {
      return encapsulationMode == null ? "ipip" : encapsulationMode;
    }
  }

  record Canal(Integer mtu, Map<String, Object> extra) implements NetworkingSpec {
    public Canal {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "canal";
    }
  }

  record Romana(Map<String, Object> extra) implements NetworkingSpec {
    public Romana {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "romana";
    }
  }

  /**
   * cilium, kops' default since 1.26: the options jkops acts on are typed, the rest (bpf map sizes,
   * hubble, encryption, ...) are kept in {@code extra} under kops' names and checked by the
   * provider. tunnel is {@code vxlan} (kops' default), {@code geneve} or {@code disabled} (native
   * routing); ipam is {@code kubernetes} (the default), {@code crd}, {@code hostscope} or {@code
   * eni} (AWS only). Booleans kops omits when false stay null unless set.
   */
  record Cilium(
      String version,
      String tunnel,
      String ipam,
      Boolean enableNodePort,
      Boolean etcdManaged,
      String identityAllocationMode,
      String enablePolicy,
      Map<String, String> agentPodAnnotations,
      Map<String, String> operatorPodAnnotations,
      Map<String, Object> extra)
      implements NetworkingSpec {
    public static final String TUNNEL_VXLAN = "vxlan";
    public static final String TUNNEL_GENEVE = "geneve";
    public static final String TUNNEL_DISABLED = "disabled";
    public static final String IPAM_KUBERNETES = "kubernetes";
    public static final String IPAM_ENI = "eni";

    public Cilium {
      extra = Extras.copy(extra);
      agentPodAnnotations = sorted(agentPodAnnotations);
      operatorPodAnnotations = sorted(operatorPodAnnotations);
    }

    @Override
    public String key() {
      return "cilium";
    }

    /**
     * kops' create cluster: node port (kube-proxy replacement) on; the flag's ipam and etcd
     * options.
     */
    static Cilium forFlag(String ipam, Boolean etcdManaged) {
      return new Cilium(null, null, ipam, true, etcdManaged, null, null, null, null, null);
    }

    public String ipamOrDefault() {
      return ipam == null ? IPAM_KUBERNETES : ipam;
    }

    /** kops: native routing with ENI IPAM, VXLAN otherwise. */
    public String tunnelOrDefault() {
      return tunnel != null
          ? tunnel
          : IPAM_ENI.equals(ipamOrDefault()) ? TUNNEL_DISABLED : TUNNEL_VXLAN;
    }

    public boolean nodePort() {
      return Boolean.TRUE.equals(enableNodePort);
    }

    public boolean etcd() {
      return Boolean.TRUE.equals(etcdManaged);
    }

    private static Map<String, String> sorted(Map<String, String> m) {
      return m == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(m));
    }
  }

  /**
   * kindnet: kindnetd routes every other node's pod range via that node and, unless {@code
   * networkPolicies: false}, enforces NetworkPolicy (kindnetd's own default is on). {@code
   * masquerade} is kops' {@code KindnetMasqueradeSpec}.
   */
  record Kindnet(
      String version,
      Boolean networkPolicies,
      Boolean dnsCaching,
      Boolean nat64,
      Integer fastPathThreshold,
      KindnetMasquerade masquerade,
      Integer logLevel,
      Map<String, Object> extra)
      implements NetworkingSpec {
    public Kindnet {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "kindnet";
    }
  }

  /**
   * kube-router ({@code kuberouter} in v1alpha2, {@code kubeRouter} in kops' newer API, both read):
   * its BGP speaker routes the nodes' pod ranges, and it enforces NetworkPolicy and replaces
   * kube-proxy, which must be disabled.
   */
  record KubeRouter(Boolean useNFTablesForNetpol, Map<String, Object> extra)
      implements NetworkingSpec {
    public KubeRouter {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "kuberouter";
    }
  }

  /**
   * amazonvpc (the AWS VPC CNI, {@code amazonVPC} in kops' newer API, both read): pods take
   * addresses of their node's VPC subnet as ENI secondary addresses. AWS only. The images override
   * kops' defaults; {@code env} (kept in extra) overrides the aws-node container's variables.
   */
  record AmazonVpc(
      String imageName,
      String initImageName,
      String networkPolicyAgentImage,
      Map<String, Object> extra)
      implements NetworkingSpec {
    public AmazonVpc {
      extra = Extras.copy(extra);
    }

    @Override
    public String key() {
      return "amazonvpc";
    }
  }

  /** kindnet's masquerading: on or off, and the destinations never masqueraded. */
  record KindnetMasquerade(Boolean enabled, List<String> nonMasqueradeCIDRs) {
    public KindnetMasquerade {
      nonMasqueradeCIDRs = nonMasqueradeCIDRs == null ? null : List.copyOf(nonMasqueradeCIDRs);
    }
  }

  /**
   * Maps a {@code --networking} flag value to its spec, as kops' create cluster does: {@code
   * kopeio-vxlan} and {@code kopeio} give kopeio; {@code flannel} and {@code flannel-vxlan} give
   * flannel with the vxlan backend, {@code flannel-udp} the udp one.
   */
  static NetworkingSpec fromFlag(String mode) {
    if (mode == null) {
      throw new IllegalArgumentException("no networking mode given");
    }
    return switch (mode) {
      case "kubenet" -> new Kubenet(null);
      case "classic" -> new Classic(null);
      case "external" -> new External(null);
      case "cni" -> new Cni(null);
      case "kopeio-vxlan", "kopeio" -> new Kopeio(null);
      case "weave" -> new Weave(null, null);
      case "flannel", "flannel-vxlan" -> new Flannel(Flannel.VXLAN, null);
      case "flannel-udp" -> new Flannel(Flannel.UDP, null);
      case "calico" -> new Calico(null, null, null, null, null, null);
      case "canal" -> new Canal(null, null);
      case "romana" -> new Romana(null);
      case "cilium", "cilium-etcd", "cilium-eni" ->
          Cilium.forFlag(
              mode.equals("cilium-eni") ? "eni" : null, mode.equals("cilium-etcd") ? true : null);
      case "kindnet" -> new Kindnet(null, null, null, null, null, null, null, null);
      case "kube-router" -> new KubeRouter(null, null);
      case "amazonvpc", "amazon-vpc-routed-eni" -> new AmazonVpc(null, null, null, null);
      case "gce", "gcp" ->
          throw new IllegalArgumentException(
              "networking mode \""
                  + mode
                  + "\" is GCE's native"
                  + " IP-alias networking, and jkops has no GCE cloud (only aws and local); valid modes are: "
                  + String.join(", ", FLAG_VALUES));
      default ->
          throw new IllegalArgumentException(
              "unknown networking mode \""
                  + mode
                  + "\"; valid modes are: "
                  + String.join(", ", FLAG_VALUES));
    };
  }

  /** Every value {@code --networking} accepts. */
  List<String> FLAG_VALUES =
      List.of(
          "kubenet",
          "classic",
          "external",
          "cni",
          "kopeio-vxlan",
          "kopeio",
          "weave",
          "flannel",
          "flannel-vxlan",
          "flannel-udp",
          "calico",
          "canal",
          "romana",
          "cilium",
          "cilium-etcd",
          "cilium-eni",
          "kindnet",
          "kube-router",
          "amazonvpc",
          "amazon-vpc-routed-eni");
}
