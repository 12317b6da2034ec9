package dev.jkops.cloud.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.JsonTrees;
import dev.jkops.api.StepMarks;
import dev.jkops.api.store.ClusterLock;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.LockInfo;
import dev.jkops.api.store.StateStore;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.LocalNodes;
import dev.jkops.cloud.local.pods.NodeNetwork;
import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodException;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PodSpec;
import dev.jkops.cloud.local.pods.PodStore;
import dev.jkops.cloud.local.pods.PolicyStore;
import dev.jkops.cloud.local.policy.ManifestDocument;
import dev.jkops.cloud.local.policy.ManifestException;
import dev.jkops.cloud.local.policy.NetworkPolicy;
import dev.jkops.cloud.local.policy.NetworkPolicyReader;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.local.runtime.ClusterRuntimeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The cluster's objects as the Kubernetes API serves them, all kept in the cluster's runtime store
 * (its etcd), the one source of truth {@code jkops get pods}, {@code create pod} and {@code apply}
 * use too. Pods, nodes, namespaces and NetworkPolicies have jkops' behaviour behind them: a pod is
 * made and deleted by the same {@link PodManager} as {@code jkops create pod}, a NetworkPolicy is
 * stored by the same {@link PolicyStore} and programmed into the pods as {@code jkops apply -f}
 * does, a node is a running instance. Every other object is stored as given, under Kubernetes' own
 * key layout, and served back unchanged but for the metadata the server sets.
 */
final class ClusterObjects {
  static final Set<String> SYSTEM_NAMESPACES =
      Set.of("default", "kube-system", "kube-public", "kube-node-lease");

  /** Stored policies are YAML, read with this factory's parser into trees (no mapper). */
  private static final com.fasterxml.jackson.dataformat.yaml.YAMLFactory YAML =
      new com.fasterxml.jackson.dataformat.yaml.YAMLFactory();

  static final String NAMESPACES = "/registry/namespaces/";
  static final String POLICIES = "/registry/networkpolicies/";
  static final String MINIONS = "/registry/minions/";

  /** What a pod was created with through the API (its containers), beside jkops' pod record. */
  static final String POD_MANIFESTS = "/registry/jkops.dev/podmanifests/";

  private static final String CRDS = "/registry/apiextensions.k8s.io/customresourcedefinitions/";

  private static final java.util.concurrent.ScheduledExecutorService TERMINATOR =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
  private final Path runtimeDir;
  private final StateStore state;
  private final String cluster;
  private final ClusterNames names;
  private final Map<String, String> env;
  private final ProviderInstaller installer;

  /**
   * One write at a time through this server: a pod, a policy and the policy programming after them.
   */
  private final Object writes = new Object();

  /** The cluster's nodes as pods see them, read again only when they changed. */
  private final dev.jkops.cloud.local.pods.PodClusterCache podClusters =
      new dev.jkops.cloud.local.pods.PodClusterCache();

  ClusterObjects(
      Path runtimeDir,
      StateStore state,
      String cluster,
      Map<String, String> env,
      ProviderInstaller installer) {
    this.runtimeDir = runtimeDir;
    this.installer = installer;
    this.state = state;
    this.cluster = cluster;
    this.names = ClusterNames.of(cluster, env);
    this.env = Map.copyOf(env);
  }

  String cluster() {
    return cluster;
  }

  /** The cluster's Kubernetes version, as {@code /version} reports it (e.g. v1.30.2). */
  Optional<String> kubernetesVersion() {
    return bundle()
        .map(b -> b.cluster().spec().kubernetesVersion())
        .filter(v -> v != null && !v.isBlank())
        .map(v -> v.startsWith("v") ? v : "v" + v);
  }

  ClusterRuntimeStore store() {
    return ClusterRuntimeStore.open(runtimeDir);
  }

  /**
   * Runs {@code changed} whenever a key of the cluster's etcd changes (etcd's watch stream, through
   * a member that answers); empty on a cluster without etcd or when no member starts the watch.
   */
  Optional<dev.jkops.cloud.local.etcd.EtcdClient.Watch> watchStore(Runnable changed) {
    try {
      return dev.jkops.cloud.local.etcd.EtcdControlPlane.existing(runtimeDir)
          .map(etcd -> etcd.reader().watch("/registry/", changed));
    } catch (dev.jkops.cloud.local.etcd.EtcdException noMember) {
      return Optional.empty();
    }
  }

  /** The built-in types and every version served by a stored CustomResourceDefinition. */
  List<ResourceType> types() {
    List<ResourceType> out = new ArrayList<>(ResourceType.BUILT_IN);
    for (String json : store().list(CRDS).values()) {
      JsonNode crd = parse(json);
      JsonNode spec = crd.path("spec");
      JsonNode n = spec.path("names");
      List<String> shortNames = new ArrayList<>();
      n.path("shortNames").forEach(s -> shortNames.add(s.asText()));
      for (JsonNode v : spec.path("versions")) {
        if (v.path("served").asBoolean(true)) {
          out.add(
              new ResourceType(
                  spec.path("group").asText(),
                  v.path("name").asText(),
                  n.path("plural").asText(),
                  n.path("singular")
                      .asText(n.path("kind").asText().toLowerCase(java.util.Locale.ROOT)),
                  n.path("kind").asText(),
                  !"Cluster".equals(spec.path("scope").asText()),
                  shortNames));
        }
      }
    }
    return out;
  }

  /**
   * The type served at group/version/plural. A built-in type is found without reading the stored
   * CustomResourceDefinitions: {@link #types} lists the built-in ones first, so none of those could
   * be found there before it.
   */
  Optional<ResourceType> type(String group, String version, String plural) {
    java.util.function.Predicate<ResourceType> served =
        t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural);
    Optional<ResourceType> builtIn = ResourceType.BUILT_IN.stream().filter(served).findFirst();
    return builtIn.isPresent() ? builtIn : types().stream().filter(served).findFirst();
  }

  // ---- reads

  /**
   * Every object of the type, in {@code namespace} or (null) all of them, sorted by namespace and
   * name.
   */
  List<ObjectNode> list(ResourceType t, String namespace) {
    List<ObjectNode> out =
        switch (kindOf(t)) {
          case "Pod" -> pods();
          case "Node" -> nodes();
          case "Namespace" -> namespaces();
          case "NetworkPolicy" -> policies();
          default -> generic(t, namespace);
        };
    if (namespace != null && t.namespaced()) {
      out.removeIf(o -> !namespace.equals(o.path("metadata").path("namespace").asText()));
    }
    return out;
  }

  Optional<ObjectNode> get(ResourceType t, String namespace, String name) {
    String kind = kindOf(t);
    if (kind.equals("generic")) {
      return store().get(key(t, namespace, name)).map(ClusterObjects::parse);
    }
    // one pod or namespace by its keys (a few reads), not all of them: a pod's create, get and
    // the read after its create each cost the same with 1,000 pods present as with none
    if (kind.equals("Pod") && namespace != null) {
      Optional<ObjectNode> recorded = recordedPod(namespace, name);
      return recorded.isPresent() ? recorded : daemonSetPod(namespace, name);
    } else if (kind.equals("Namespace")) {
      Optional<ObjectNode> known = knownNamespace(name);
      if (known.isPresent()) {
        return known;
      }
    }
    return list(t, namespace).stream()
        .filter(o -> name.equals(o.path("metadata").path("name").asText()))
        .findFirst();
  }

  private static String kindOf(ResourceType t) {
    return switch (t.groupVersion() + "/" + t.plural()) {
      case "v1/pods" -> "Pod";
      case "v1/nodes" -> "Node";
      case "v1/namespaces" -> "Namespace";
      case "networking.k8s.io/v1/networkpolicies" -> "NetworkPolicy";
      default -> "generic";
    };
  }

  private List<ObjectNode> generic(ResourceType t, String namespace) {
    String prefix = t.keyPrefix() + (t.namespaced() && namespace != null ? namespace + "/" : "");
    List<ObjectNode> out = new ArrayList<>();
    for (String json : store().list(prefix).values()) {
      ObjectNode o = parse(json);
      // a CRD served at several versions: each version shows its own apiVersion
      o.put("apiVersion", t.groupVersion());
      out.add(o);
    }
    return out;
  }

  private List<ObjectNode> pods() {
    ClusterRuntimeStore store = store();
    Map<String, String> manifests = store.list(POD_MANIFESTS);
    Map<String, String> nodeAddresses = new TreeMap<>();
    for (String json : store.list(MINIONS).values()) {
      JsonNode n = parse(json);
      nodeAddresses.put(
          n.path("metadata").path("name").asText(),
          n.path("status").path("addresses").path(0).path("address").asText(""));
    }
    Kernel kernel = Kernel.system();
    List<ObjectNode> out = new ArrayList<>();
    out.addAll(daemonSetPods(store));
    for (Pod p : new PodStore(store).list()) {
      out.add(
          recordedPodObject(
              p,
              Optional.ofNullable(manifests.get(POD_MANIFESTS + p.namespace() + "/" + p.name())),
              kernel,
              nodeAddresses.getOrDefault(p.node(), "")));
    }
    return out;
  }

  /**
   * One pod that has a record (jkops made it), read by its keys: its record, its manifest and its
   * node's; empty for any other (a DaemonSet's pod, made up from the DaemonSet, is found by {@link
   * #pods}).
   */
  private Optional<ObjectNode> recordedPod(String namespace, String name) {
    ClusterRuntimeStore store = store();
    Optional<Pod> pod = new PodStore(store).get(namespace, name);
    if (pod.isEmpty()) {
      return Optional.empty();
    }
    Pod p = pod.get();
    return Optional.of(
        recordedPodObject(
            p,
            store.get(POD_MANIFESTS + namespace + "/" + name),
            Kernel.system(),
            nodeAddress(store, p.node())));
  }

  /** The address of a node as its record in the store gives it (a pod's hostIP). */
  private static String nodeAddress(ClusterRuntimeStore store, String node) {
    return store
        .get(MINIONS + node)
        .map(ClusterObjects::parse)
        .filter(n -> n.path("metadata").path("name").asText().equals(node))
        .map(n -> n.path("status").path("addresses").path(0).path("address").asText(""))
        .orElse("");
  }

  /** A recorded pod as the API serves it, with what it was created with through the API. */
  private static ObjectNode recordedPodObject(
      Pod p, Optional<String> manifestJson, Kernel kernel, String hostIp) {
    Optional<ObjectNode> manifest =
        manifestJson
            .map(ClusterObjects::parse)
            .filter(m -> p.containerId().equals(m.path("containerId").asText()));
    ObjectNode o =
        podObject(
            p,
            manifest.map(m -> m.path("spec")).orElse(null),
            kernel.netns().exists(p.netns()),
            hostIp);
    manifest.ifPresent(
        m -> {
          ObjectNode meta = o.with("metadata");
          for (String field : List.of("uid", "annotations", "resourceVersion", "generation")) {
            if (m.path("metadata").has(field)) {
              meta.set(field, m.path("metadata").get(field));
            }
          }
        });
    return o;
  }

  /**
   * The pods of an installed provider's DaemonSet, one per node, on the node's own address (they
   * run in the host network, as the providers' DaemonSets do): the data plane jkops made on that
   * node is what they stand for, so they are Running where the node has its pod network.
   */
  /** The pod {@code namespace/name} of a DaemonSet (pods without a record of their own), if any. */
  private Optional<ObjectNode> daemonSetPod(String namespace, String name) {
    return daemonSetPods(store()).stream()
        .filter(o -> namespace.equals(o.path("metadata").path("namespace").asText()))
        .filter(o -> name.equals(o.path("metadata").path("name").asText()))
        .findFirst();
  }

  private List<ObjectNode> daemonSetPods(ClusterRuntimeStore store) {
    List<ObjectNode> out = new ArrayList<>();
    if (dev.jkops.cloud.local.provider.InstalledProvider.load(names).isEmpty()) {
      return out;
    }
    List<ObjectNode> daemonSets = new ArrayList<>();
    store.list("/registry/apps/daemonsets/").values().forEach(j -> daemonSets.add(parse(j)));
    if (daemonSets.isEmpty()) {
      return out;
    }
    List<NodeNetwork> nodes =
        new LocalNodes(Kernel.system(), names)
            .list().stream().filter(n -> !n.role().equals("bastion")).toList();
    for (ObjectNode ds : daemonSets) {
      try {
        dev.jkops.cloud.local.provider.ProviderManifests.recognise(
            List.of(new ManifestDocument("stored", 1, ds)), "");
      } catch (ManifestException notAProvider) {
        continue;
      }
      JsonNode meta = ds.path("metadata");
      for (NodeNetwork n : nodes) {
        String suffix =
            Integer.toString(
                Math.floorMod((meta.path("uid").asText() + n.instance()).hashCode(), 60466176), 36);
        ObjectNode o =
            JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode m =
            o.putObject("metadata")
                .put("name", meta.path("name").asText() + "-" + suffix)
                .put("namespace", meta.path("namespace").asText())
                .put(
                    "uid",
                    UUID.nameUUIDFromBytes(
                            (meta.path("uid").asText() + n.instance())
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString())
                .put("creationTimestamp", meta.path("creationTimestamp").asText())
                .put("resourceVersion", "1");
        m.set(
            "labels", ds.path("spec").path("template").path("metadata").path("labels").deepCopy());
        m.putArray("ownerReferences")
            .addObject()
            .put("apiVersion", "apps/v1")
            .put("kind", "DaemonSet")
            .put("name", meta.path("name").asText())
            .put("uid", meta.path("uid").asText())
            .put("controller", true);
        ObjectNode spec = ds.path("spec").path("template").path("spec").deepCopy();
        spec.put("nodeName", n.instance());
        o.set("spec", spec);
        boolean running = n.hasPodNetwork();
        ObjectNode status =
            o.putObject("status")
                .put("phase", running ? "Running" : "Pending")
                .put("hostIP", n.address())
                .put("podIP", n.address());
        status.putArray("podIPs").addObject().put("ip", n.address());
        ArrayNode cs = status.putArray("containerStatuses");
        for (JsonNode c : spec.path("containers")) {
          cs.addObject()
              .put("name", c.path("name").asText())
              .put("image", c.path("image").asText(""))
              .put("ready", running)
              .put("restartCount", 0);
        }
        out.add(o);
      }
    }
    return out;
  }

  static ObjectNode podObject(Pod p, JsonNode manifestSpec, boolean running, String hostIp) {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
    String created = seconds(p.created());
    ObjectNode meta =
        o.putObject("metadata")
            .put("name", p.name())
            .put("namespace", p.namespace())
            .put(
                "uid",
                UUID.nameUUIDFromBytes(
                        p.containerId().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toString())
            .put("creationTimestamp", created)
            .put("resourceVersion", "1");
    ObjectNode labels = meta.putObject("labels");
    p.labels().forEach(labels::put);
    ObjectNode spec =
        manifestSpec instanceof ObjectNode m ? m.deepCopy() : JsonNodeFactory.instance.objectNode();
    if (!spec.has("containers")) {
      spec.putArray("containers").addObject().put("name", p.name()).put("image", "jkops.dev/netns");
    }
    spec.put("nodeName", p.node());
    o.set("spec", spec);
    ObjectNode status = o.putObject("status");
    status
        .put("phase", running ? "Running" : "Unknown")
        .put("hostIP", hostIp)
        .put("podIP", p.address())
        .put("startTime", created);
    status.putArray("podIPs").addObject().put("ip", p.address());
    ArrayNode conditions = status.putArray("conditions");
    for (String c : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
      conditions
          .addObject()
          .put("type", c)
          .put("status", running || c.equals("PodScheduled") ? "True" : "False")
          .put("lastTransitionTime", created);
    }
    ArrayNode cs = status.putArray("containerStatuses");
    for (JsonNode c : spec.path("containers")) {
      ObjectNode s =
          cs.addObject()
              .put("name", c.path("name").asText())
              .put("image", c.path("image").asText(""))
              .put("imageID", "")
              .put("containerID", "jkops://" + p.containerId())
              .put("ready", running)
              .put("restartCount", 0)
              .put("started", running);
      if (running) {
        s.putObject("state").putObject("running").put("startedAt", created);
      } else {
        s.putObject("state").putObject("waiting").put("reason", "NetworkNamespaceGone");
      }
    }
    return o;
  }

  private List<ObjectNode> nodes() {
    Map<String, String> minions = store().list(MINIONS);
    String version = kubernetesVersion().orElse("");
    String kernelVersion = System.getProperty("os.version");
    List<ObjectNode> out = new ArrayList<>();
    for (NodeNetwork n : new LocalNodes(Kernel.system(), names).list()) {
      if (n.role().equals("bastion")) {
        continue;
      }
      JsonNode record =
          Optional.ofNullable(minions.get(MINIONS + n.instance()))
              .map(ClusterObjects::parse)
              .orElse(JsonNodeFactory.instance.objectNode());
      ObjectNode o =
          JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Node");
      String created = created(n.cniConfDir().getParent());
      ObjectNode meta =
          o.putObject("metadata")
              .put("name", n.instance())
              .put(
                  "uid",
                  UUID.nameUUIDFromBytes(
                          (cluster + "/" + n.instance())
                              .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                      .toString())
              .put("creationTimestamp", created)
              .put("resourceVersion", "1");
      ObjectNode labels = meta.putObject("labels");
      labels
          .put("kubernetes.io/arch", "amd64")
          .put("kubernetes.io/os", "linux")
          .put("kubernetes.io/hostname", n.instance());
      record
          .path("metadata")
          .path("labels")
          .fields()
          .forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
      labels.put(
          n.role().equals("masters")
              ? "node-role.kubernetes.io/control-plane"
              : "node-role.kubernetes.io/node",
          "");
      ObjectNode spec = o.putObject("spec");
      n.podRange()
          .ifPresent(
              r -> {
                spec.put("podCIDR", r);
                spec.putArray("podCIDRs").add(r);
              });
      ObjectNode status = o.putObject("status");
      ArrayNode addresses = status.putArray("addresses");
      addresses.addObject().put("type", "InternalIP").put("address", n.address());
      addresses.addObject().put("type", "Hostname").put("address", n.instance());
      ObjectNode ready =
          status
              .putArray("conditions")
              .addObject()
              .put("type", "Ready")
              .put(
                  "lastHeartbeatTime",
                  created) // not now: a watch would see every node change each time it looks
              .put("lastTransitionTime", created);
      if (n.hasPodNetwork()) {
        ready
            .put("status", "True")
            .put("reason", "KubeletReady")
            .put("message", "kubelet is posting ready status");
      } else {
        ready
            .put("status", "False")
            .put("reason", "KubeletNotReady")
            .put(
                "message",
                "container runtime network not"
                    + " ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin"
                    + " not initialized");
      }
      status
          .putObject("nodeInfo")
          .put("kubeletVersion", version)
          .put("kubeProxyVersion", version)
          .put("osImage", "jkops local cloud")
          .put("kernelVersion", kernelVersion)
          .put("containerRuntimeVersion", "jkops://netns")
          .put("operatingSystem", "linux")
          .put("architecture", "amd64");
      out.add(o);
    }
    return out;
  }

  private List<ObjectNode> namespaces() {
    ClusterRuntimeStore store = store();
    Map<String, ObjectNode> byName = new TreeMap<>();
    for (String ns : SYSTEM_NAMESPACES) {
      byName.put(ns, namespaceObject(ns, null));
    }
    for (Pod p : new PodStore(store).list()) {
      byName.putIfAbsent(p.namespace(), namespaceObject(p.namespace(), null));
    }
    for (Map.Entry<String, String> e : store.list(NAMESPACES).entrySet()) {
      String ns = e.getKey().substring(NAMESPACES.length());
      byName.put(ns, namespaceObject(ns, parse(e.getValue())));
    }
    return new ArrayList<>(byName.values());
  }

  /**
   * One namespace by its key: a stored one, or a system one not stored; empty for any other (one
   * that only has pods is found by {@link #namespaces}).
   */
  private Optional<ObjectNode> knownNamespace(String name) {
    Optional<String> stored = store().get(NAMESPACES + name);
    if (stored.isPresent()) {
      return Optional.of(namespaceObject(name, parse(stored.get())));
    }
    return SYSTEM_NAMESPACES.contains(name)
        ? Optional.of(namespaceObject(name, null))
        : Optional.empty();
  }

  private ObjectNode namespaceObject(String name, ObjectNode stored) {
    ObjectNode o = stored != null ? stored : JsonNodeFactory.instance.objectNode();
    o.put("apiVersion", "v1").put("kind", "Namespace");
    ObjectNode meta = o.with("metadata");
    meta.put("name", name);
    if (!meta.has("uid")) {
      meta.put(
          "uid",
          UUID.nameUUIDFromBytes(
                  (cluster + "/ns/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .toString());
    }
    if (!meta.has("creationTimestamp")) {
      meta.put("creationTimestamp", created(runtimeDir));
    }
    meta.putIfAbsent("resourceVersion", JsonNodeFactory.instance.textNode("1"));
    meta.with("labels").put("kubernetes.io/metadata.name", name);
    o.with("spec").putArray("finalizers").add("kubernetes");
    o.with("status").putIfAbsent("phase", JsonNodeFactory.instance.textNode("Active"));
    return o;
  }

  private List<ObjectNode> policies() {
    List<ObjectNode> out = new ArrayList<>();
    for (Map.Entry<String, String> e : store().list(POLICIES).entrySet()) {
      String[] nsName = e.getKey().substring(POLICIES.length()).split("/", 2);
      ObjectNode o;
      try {
        try (com.fasterxml.jackson.core.JsonParser yaml = YAML.createParser(e.getValue())) {
          o = (ObjectNode) JsonTrees.read(yaml);
        }
      } catch (IOException | ClassCastException ex) {
        continue; // not an object; jkops' own readers report it
      }
      o.put("apiVersion", NetworkPolicyReader.API_VERSION).put("kind", "NetworkPolicy");
      ObjectNode meta = o.with("metadata");
      meta.put("namespace", nsName[0]).put("name", nsName[1]);
      meta.putIfAbsent("creationTimestamp", JsonNodeFactory.instance.textNode(created(runtimeDir)));
      meta.putIfAbsent("resourceVersion", JsonNodeFactory.instance.textNode("1"));
      meta.putIfAbsent(
          "uid",
          JsonNodeFactory.instance.textNode(
              UUID.nameUUIDFromBytes(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                  .toString()));
      out.add(o);
    }
    return out;
  }

  // ---- writes

  /** How long a write through the API waits for a jkops command that holds the state lock. */
  static final java.time.Duration STATE_LOCK_WAIT = java.time.Duration.ofSeconds(30);

  /**
   * The cluster's state lock, which every jkops command that changes the cluster holds ({@code
   * update cluster}, {@code apply -f}, {@code create pod}...): a write through the API takes it
   * too, so the two never interleave; held for one write, then let go. A command holding it longer
   * than {@link #STATE_LOCK_WAIT} makes the write fail with 503, naming the command.
   */
  private ClusterLock stateLock(String verb, ResourceType t) {
    try {
      return ClusterLock.acquireBrief(
          state,
          cluster,
          LockInfo.forThisProcess(
              "kube-apiserver: " + verb + " " + t.plural() + " through the Kubernetes API", env),
          STATE_LOCK_WAIT,
          (holder, waited, limit) -> {});
    } catch (ClusterLock.LockedException e) {
      throw ApiError.unavailable(e.getMessage());
    }
  }

  ObjectNode create(ResourceType t, String namespace, ObjectNode body) {
    ObjectNode created;
    try (ClusterLock held = stateLock("create", t)) {
      StepMarks.mark("state-locked");
      created = createHeld(t, namespace, body);
    }
    StepMarks.mark("state-unlocked");
    return created;
  }

  private ObjectNode createHeld(ResourceType t, String namespace, ObjectNode body) {
    synchronized (writes) {
      String name = prepare(t, namespace, body, true);
      StepMarks.mark("namespace-checked");
      // a pod with a record is found by PodManager's own check (createPod answers AlreadyExists
      // from it), so a create reads the record once; a DaemonSet's pod has none
      boolean exists =
          kindOf(t).equals("Pod")
              ? daemonSetPod(namespace, name).isPresent()
              : get(t, namespace, name).isPresent();
      if (exists) {
        throw ApiError.alreadyExists(t, name);
      }
      StepMarks.mark("existence-checked");
      return switch (kindOf(t)) {
        case "Pod" -> createPod(t, namespace, name, body);
        case "Node" ->
            throw ApiError.methodNotAllowed(
                "nodes are the cluster's instances: 'jkops edit ig' and"
                    + " 'jkops update cluster --yes' add and remove them");
        case "Namespace" -> writeNamespace(name, body);
        case "NetworkPolicy" -> writePolicy(t, namespace, name, body);
        default -> {
          if (t.plural().equals("daemonsets")) {
            installProvider(t, namespace, name, body);
          }
          yield writeGeneric(t, namespace, name, body);
        }
      };
    }
  }

  /**
   * A networking provider's DaemonSet on a cni or external cluster installs that provider's data
   * plane, as {@code jkops apply -f} of its manifest does: the local cloud converges to it on every
   * node, the provider is recorded for later updates, and kube-dns is placed once pods can run. The
   * provider is recognised by the DaemonSet's images (and the namespace's ConfigMaps: flannel's
   * backend, calico's etcd datastore). Any other DaemonSet, or one on a cluster whose networking
   * jkops manages, is only stored.
   */
  private void installProvider(ResourceType t, String namespace, String name, ObjectNode body) {
    List<ManifestDocument> docs = new ArrayList<>();
    type("", "v1", "configmaps")
        .ifPresent(
            cm ->
                list(cm, namespace)
                    .forEach(o -> docs.add(new ManifestDocument("request", docs.size() + 1, o))));
    docs.add(new ManifestDocument("request", docs.size() + 1, body));
    dev.jkops.api.NetworkingSpec provider;
    try {
      provider =
          dev.jkops.cloud.local.provider.ProviderManifests.recognise(
              docs, "DaemonSet " + namespace + "/" + name);
    } catch (ManifestException notAProvider) {
      return;
    }
    ClusterStore clusters = new ClusterStore(state);
    ClusterStore.Stored stored = clusters.require(cluster);
    if (!dev.jkops.cloud.local.provider.InstalledProvider.userInstalls(
        stored.cluster().spec().networking())) {
      return;
    }
    Optional<dev.jkops.api.NetworkingSpec> installed =
        dev.jkops.cloud.local.provider.InstalledProvider.load(names);
    if (installed.isPresent() && !installed.get().equals(provider)) {
      throw ApiError.invalid(
          t,
          name,
          List.of(
              new ApiError.Cause(
                  "FieldValueForbidden",
                  "spec.template.spec.containers",
                  "Forbidden: cluster "
                      + cluster
                      + " already runs the "
                      + installed.get().key()
                      + " provider; one pod network"
                      + " per cluster: delete and recreate the cluster to switch to "
                      + provider.key())));
    }
    installer.install(state, env, stored.bundle(), provider);
    dev.jkops.cloud.local.provider.InstalledProvider.save(names, provider);
    dev.jkops.cloud.local.pods.SystemPods.ensure(pods(t));
  }

  ObjectNode replace(ResourceType t, String namespace, String name, ObjectNode body) {
    try (ClusterLock held = stateLock("replace", t)) {
      return replaceHeld(t, namespace, name, body);
    }
  }

  private ObjectNode replaceHeld(ResourceType t, String namespace, String name, ObjectNode body) {
    synchronized (writes) {
      String given = prepare(t, namespace, body, false);
      if (!given.equals(name)) {
        throw ApiError.badRequest(
            "the name of the object ("
                + given
                + ") does not match the name on the URL ("
                + name
                + ")");
      }
      ObjectNode old = get(t, namespace, name).orElseThrow(() -> ApiError.notFound(t, name));
      ObjectNode meta = body.with("metadata");
      meta.set("uid", old.path("metadata").path("uid"));
      meta.set("creationTimestamp", old.path("metadata").path("creationTimestamp"));
      meta.put("resourceVersion", newResourceVersion());
      return switch (kindOf(t)) {
        case "Pod" -> replacePod(t, namespace, name, old, body);
        case "Node" ->
            throw ApiError.methodNotAllowed("nodes are the cluster's instances: jkops keeps them");
        case "Namespace" -> writeNamespace(name, body);
        case "NetworkPolicy" -> writePolicy(t, namespace, name, body);
        default -> writeGeneric(t, namespace, name, body);
      };
    }
  }

  ObjectNode delete(ResourceType t, String namespace, String name) {
    try (ClusterLock held = stateLock("delete", t)) {
      return deleteHeld(t, namespace, name);
    }
  }

  private ObjectNode deleteHeld(ResourceType t, String namespace, String name) {
    synchronized (writes) {
      ObjectNode old = get(t, namespace, name).orElseThrow(() -> ApiError.notFound(t, name));
      switch (kindOf(t)) {
        case "Pod" -> {
          if (new PodStore(store()).get(namespace, name).isEmpty()) {
            throw ApiError.methodNotAllowed(
                "pod "
                    + name
                    + " stands for its DaemonSet's data plane on its node;"
                    + " delete the DaemonSet's cluster instead (one pod network per cluster)");
          }
          pods(t).delete(namespace, name);
          store().delete(POD_MANIFESTS + namespace + "/" + name);
        }
        case "Node" ->
            throw ApiError.methodNotAllowed(
                "nodes are the cluster's instances: 'jkops edit ig' and"
                    + " 'jkops update cluster --yes' remove them");
        case "Namespace" -> {
          if (SYSTEM_NAMESPACES.contains(name)) {
            throw ApiError.forbidden(t, name, "this namespace may not be deleted");
          }
          // as in Kubernetes, the namespace is Terminating first and goes with its contents a
          // moment
          // later, so that deleting a file that holds it and its objects deletes each of them
          old.with("metadata")
              .put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
          old.with("status").put("phase", "Terminating");
          store().put(NAMESPACES + name, JsonTrees.write(old));
          terminateLater(name);
        }
        case "NetworkPolicy" -> {
          new PolicyStore(store()).deletePolicy(namespace, name);
          pods(t).reprogramPolicy();
        }
        default -> {
          ClusterRuntimeStore store = store();
          List<ClusterRuntimeStore.Write> w =
              new ArrayList<>(List.of(new ClusterRuntimeStore.Delete(key(t, namespace, name))));
          store.write(w);
          if (t.plural().equals("customresourcedefinitions")) {
            String group = old.path("spec").path("group").asText();
            String plural = old.path("spec").path("names").path("plural").asText();
            if (!group.isEmpty() && !plural.isEmpty()) {
              store
                  .list("/registry/" + group + "/" + plural + "/")
                  .keySet()
                  .forEach(k -> store.delete(k)); // its custom objects go with it, as in Kubernetes
            }
          }
        }
      }
      return old;
    }
  }

  private void terminateLater(String name) {
    ResourceType t = ResourceType.BUILT_IN.get(2);
    TERMINATOR.schedule(
        () -> {
          try (ClusterLock held = stateLock("delete", t)) {
            synchronized (writes) {
              deleteNamespace(t, name);
            }
          } catch (RuntimeException e) {
            System.err.println(
                "deleting namespace "
                    + name
                    + " failed (the next start of the API server tries"
                    + " again): "
                    + e.getMessage());
          }
        },
        1,
        java.util.concurrent.TimeUnit.SECONDS);
  }

  /**
   * Namespaces left Terminating by an API server that stopped before it deleted them: deleted now.
   */
  void finishTerminating() {
    for (Map.Entry<String, String> e : store().list(NAMESPACES).entrySet()) {
      if (parse(e.getValue()).path("status").path("phase").asText().equals("Terminating")) {
        terminateLater(e.getKey().substring(NAMESPACES.length()));
      }
    }
  }

  /**
   * Checks what every object needs and sets what the server sets: kind, name (or one made from
   * generateName), namespace, uid, creationTimestamp, resourceVersion. Returns the name.
   */
  private String prepare(ResourceType t, String namespace, ObjectNode body, boolean creating) {
    String kind = body.path("kind").asText("");
    String apiVersion = body.path("apiVersion").asText("");
    if (!kind.isEmpty() && !kind.equals(t.kind())) {
      throw ApiError.badRequest(
          "the kind of the object ("
              + kind
              + ") does not match the resource ("
              + t.qualifiedPlural()
              + ", kind "
              + t.kind()
              + ")");
    }
    if (!apiVersion.isEmpty() && !apiVersion.equals(t.groupVersion())) {
      throw ApiError.badRequest(
          "the apiVersion of the object ("
              + apiVersion
              + ") does not match the request ("
              + t.groupVersion()
              + ")");
    }
    body.put("kind", t.kind()).put("apiVersion", t.groupVersion());
    ObjectNode meta = body.with("metadata");
    String name = meta.path("name").asText("");
    if (name.isEmpty() && creating && !meta.path("generateName").asText("").isEmpty()) {
      name = meta.path("generateName").asText() + UUID.randomUUID().toString().substring(0, 5);
      meta.put("name", name);
    }
    List<ApiError.Cause> causes = new ArrayList<>();
    if (name.isEmpty()) {
      causes.add(
          new ApiError.Cause(
              "FieldValueRequired",
              "metadata.name",
              "Required value: name or generateName is required"));
    } else if (!(t.plural().equals("namespaces") || t.plural().equals("pods")
        ? name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")
        : name.length() <= 253 && name.matches("[a-z0-9]([-a-z0-9.:]*[a-z0-9])?"))) {
      causes.add(
          new ApiError.Cause(
              "FieldValueInvalid",
              "metadata.name",
              "Invalid value: \""
                  + name
                  + "\": a lowercase"
                  + " RFC 1123 "
                  + (t.plural().equals("namespaces") || t.plural().equals("pods")
                      ? "label"
                      : "subdomain")
                  + " must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an"
                  + " alphanumeric character"));
    }
    if (!causes.isEmpty()) {
      throw ApiError.invalid(t, name, causes);
    }
    if (t.namespaced()) {
      String given = meta.path("namespace").asText("");
      if (!given.isEmpty() && !given.equals(namespace)) {
        throw ApiError.badRequest(
            "the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.put("namespace", namespace);
      // a system namespace always exists and is never Terminating (deleting one is Forbidden, and
      // a namespace is stored without the status a request gives it), so it needs no read
      if (creating && !SYSTEM_NAMESPACES.contains(namespace)) {
        ObjectNode ns =
            get(ResourceType.BUILT_IN.get(2), null, namespace)
                .orElseThrow(() -> ApiError.namespaceNotFound(namespace));
        if (ns.path("status").path("phase").asText().equals("Terminating")) {
          throw ApiError.forbidden(
              t,
              name,
              "unable to create new content in namespace "
                  + namespace
                  + " because it is being terminated");
        }
      }
    } else {
      meta.remove("namespace");
    }
    if (creating) {
      meta.put("uid", UUID.randomUUID().toString());
      meta.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      meta.put("resourceVersion", newResourceVersion());
      meta.put("generation", 1);
    }
    body.remove("status");
    return name;
  }

  private ObjectNode createPod(ResourceType t, String namespace, String name, ObjectNode body) {
    Map<String, String> labels = labels(body);
    String node = body.path("spec").path("nodeName").asText("");
    PodManager pods = pods(t);
    StepMarks.mark("pod-cluster-read");
    Pod pod;
    List<ClusterRuntimeStore.Put> manifest = new ArrayList<>(1);
    try {
      // the pod's record and what it was created with, in one transaction
      pod =
          pods.create(
              new PodSpec(
                  name, namespace, labels, node.isEmpty() ? Optional.empty() : Optional.of(node)),
              made -> {
                manifest.add(manifestWrite(made, body));
                return List.copyOf(manifest);
              });
    } catch (PodException.AlreadyExists e) {
      throw ApiError.alreadyExists(t, name);
    } catch (PodException e) {
      throw ApiError.invalid(
          t,
          name,
          List.of(
              new ApiError.Cause(
                  "FieldValueInvalid", node.isEmpty() ? "spec" : "spec.nodeName", e.getMessage())));
    }
    // the pod as a get would read it back, from what was just written (under the write lock)
    ObjectNode created =
        recordedPodObject(
            pod,
            Optional.of(manifest.get(0).value()),
            Kernel.system(),
            nodeAddress(store(), pod.node()));
    StepMarks.mark("response-built");
    return created;
  }

  /**
   * Keeps what the pod was given beside jkops' record: its containers, uid and annotations (apply's
   * last-applied).
   */
  private void putManifest(Pod pod, ObjectNode body) {
    store().write(List.of(manifestWrite(pod, body)));
  }

  private static ClusterRuntimeStore.Put manifestWrite(Pod pod, ObjectNode body) {
    ObjectNode manifest =
        JsonNodeFactory.instance.objectNode().put("containerId", pod.containerId());
    manifest.set("spec", body.path("spec"));
    manifest.set("metadata", body.path("metadata"));
    return new ClusterRuntimeStore.Put(
        POD_MANIFESTS + pod.namespace() + "/" + pod.name(), JsonTrees.write(manifest));
  }

  /**
   * A pod's labels may change (NetworkPolicy selects on them, so policy is programmed again); its
   * node may not.
   */
  private ObjectNode replacePod(
      ResourceType t, String namespace, String name, ObjectNode old, ObjectNode body) {
    String node = body.path("spec").path("nodeName").asText("");
    if (!node.isEmpty() && !node.equals(old.path("spec").path("nodeName").asText())) {
      throw ApiError.invalid(
          t,
          name,
          List.of(
              new ApiError.Cause(
                  "FieldValueForbidden",
                  "spec",
                  "Forbidden: pod updates may not change fields other than labels and annotations (spec.nodeName)")));
    }
    PodStore podStore = new PodStore(store());
    Pod p = podStore.get(namespace, name).orElseThrow(() -> ApiError.notFound(t, name));
    Map<String, String> labels = labels(body);
    Pod updated =
        new Pod(
            p.name(),
            p.namespace(),
            labels,
            p.node(),
            p.netns(),
            p.containerId(),
            p.address(),
            p.attachment(),
            p.cniResult(),
            p.created());
    ObjectNode kept = body.deepCopy();
    kept.set("spec", old.path("spec")); // a pod's containers do not change
    putManifest(updated, kept);
    if (!labels.equals(p.labels())) {
      podStore.put(updated);
      pods(t).reprogramPolicy();
    }
    return get(t, namespace, name).orElseThrow(() -> ApiError.notFound(t, name));
  }

  private ObjectNode writeNamespace(String name, ObjectNode body) {
    Map<String, String> labels = labels(body);
    List<FieldError> errors = dev.jkops.api.KubernetesNames.labels("metadata.labels", labels);
    if (!errors.isEmpty()) {
      throw ApiError.invalid(ResourceType.BUILT_IN.get(2), name, causes(errors));
    }
    store().put(NAMESPACES + name, JsonTrees.write(body));
    if (!new PolicyStore(store()).policies().isEmpty()) {
      pods(ResourceType.BUILT_IN.get(2)).reprogramPolicy(); // namespaceSelectors see the labels
    }
    return namespaceObject(name, body);
  }

  private void deleteNamespace(ResourceType t, String name) {
    if (SYSTEM_NAMESPACES.contains(name)) {
      throw ApiError.forbidden(t, name, "this namespace may not be deleted");
    }
    ClusterRuntimeStore store = store();
    PodManager pods = pods(t);
    List<Pod> inside = pods.list().stream().filter(p -> p.namespace().equals(name)).toList();
    new PolicyStore(store).deleteAll(List.of(), List.of(name));
    if (!inside.isEmpty()) {
      pods.deleteAll(inside);
      inside.forEach(p -> store.delete(POD_MANIFESTS + name + "/" + p.name()));
    }
    for (ResourceType other : types()) {
      if (other.namespaced() && kindOf(other).equals("generic")) {
        for (String k : store.list(other.keyPrefix() + name + "/").keySet()) {
          store.delete(k);
        }
      }
    }
    store.write(List.of(new ClusterRuntimeStore.Delete(NAMESPACES + name)));
    pods.reprogramPolicy();
  }

  private ObjectNode writePolicy(ResourceType t, String namespace, String name, ObjectNode body) {
    NetworkPolicy policy;
    try {
      policy = NetworkPolicyReader.read(new ManifestDocument("request", 1, body));
    } catch (ManifestException e) {
      throw ApiError.invalid(
          t,
          name,
          e.errors().isEmpty()
              ? List.of(new ApiError.Cause("FieldValueInvalid", "spec", e.getMessage()))
              : causes(e.errors()));
    }
    new PolicyStore(store()).putPolicy(policy, JsonTrees.write(body));
    pods(t).reprogramPolicy();
    return body;
  }

  private ObjectNode writeGeneric(ResourceType t, String namespace, String name, ObjectNode body) {
    if (t.plural().equals("customresourcedefinitions")) {
      checkCrd(t, name, body);
    }
    store().put(key(t, namespace, name), JsonTrees.write(body));
    return body;
  }

  private static void checkCrd(ResourceType t, String name, ObjectNode body) {
    JsonNode spec = body.path("spec");
    List<ApiError.Cause> causes = new ArrayList<>();
    String group = spec.path("group").asText("");
    String plural = spec.path("names").path("plural").asText("");
    if (group.isEmpty()) {
      causes.add(new ApiError.Cause("FieldValueRequired", "spec.group", "Required value"));
    }
    if (plural.isEmpty()) {
      causes.add(new ApiError.Cause("FieldValueRequired", "spec.names.plural", "Required value"));
    }
    if (spec.path("names").path("kind").asText("").isEmpty()) {
      causes.add(new ApiError.Cause("FieldValueRequired", "spec.names.kind", "Required value"));
    }
    if (!spec.path("versions").isArray() || spec.path("versions").isEmpty()) {
      causes.add(
          new ApiError.Cause(
              "FieldValueRequired",
              "spec.versions",
              "Required value: must have exactly one" + " version marked as storage version"));
    }
    if (causes.isEmpty() && !name.equals(plural + "." + group)) {
      causes.add(
          new ApiError.Cause(
              "FieldValueInvalid",
              "metadata.name",
              "Invalid value: \"" + name + "\": must be" + " spec.names.plural+\".\"+spec.group"));
    }
    if (!causes.isEmpty()) {
      throw ApiError.invalid(t, name, causes);
    }
  }

  private static List<ApiError.Cause> causes(List<FieldError> errors) {
    return errors.stream()
        .map(
            e ->
                new ApiError.Cause(
                    switch (e.type()) {
                      case REQUIRED -> "FieldValueRequired";
                      case UNSUPPORTED -> "FieldValueNotSupported";
                      case DUPLICATE -> "FieldValueDuplicate";
                      case FORBIDDEN -> "FieldValueForbidden";
                      case NOT_FOUND -> "FieldValueNotFound";
                      case TOO_MANY -> "FieldValueTooMany";
                      default -> "FieldValueInvalid";
                    },
                    e.path(),
                    e.type().text() + ": " + e.detail()))
        .toList();
  }

  private static Map<String, String> labels(JsonNode body) {
    Map<String, String> labels = new TreeMap<>();
    body.path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  /**
   * The cluster's pods as {@code jkops} makes them: for exec and logs ({@link StreamingEndpoints}).
   */
  PodManager podManager() {
    return pods(null);
  }

  private PodManager pods(ResourceType t) {
    ClusterBundle bundle =
        bundle()
            .orElseThrow(
                () ->
                    ApiError.unavailable(
                        "cluster "
                            + cluster
                            + " is not in the state"
                            + " store "
                            + state.location()
                            + " any more"));
    try {
      return new PodManager(Kernel.system(), podClusters.get(Kernel.system(), names, bundle));
    } catch (PodException e) {
      throw ApiError.unavailable(e.getMessage());
    }
  }

  /**
   * The cluster's spec (kops' completed one when stored) and instance groups, as the state store
   * holds them now. Parsing them (YAML into the model) costs several milliseconds, more than a
   * pod's record in etcd, so the last parse is kept and used again while the stored bytes are the
   * same: they are read (and compared) every time, so an edit is seen by the next request.
   */
  private Optional<ClusterBundle> bundle() {
    StoredSpec now = StoredSpec.read(state, cluster);
    synchronized (this) {
      if (now.equals(lastSpec)) {
        return lastBundle;
      }
    }
    Optional<ClusterBundle> parsed = parseBundle();
    synchronized (this) {
      lastSpec = now;
      lastBundle = parsed;
    }
    return parsed;
  }

  private Optional<ClusterBundle> parseBundle() {
    ClusterStore clusters = new ClusterStore(state);
    Optional<ClusterStore.Stored> stored = clusters.get(cluster);
    return stored.map(
        s ->
            new ClusterBundle(
                clusters.completed(cluster).orElse(s.cluster()), s.bundle().instanceGroups()));
  }

  private StoredSpec lastSpec;
  private Optional<ClusterBundle> lastBundle = Optional.empty();

  /**
   * The stored bytes {@link ClusterStore} reads a cluster's bundle from: its config, its completed
   * spec and each instance group, by path.
   */
  private record StoredSpec(Map<String, String> files) {
    static StoredSpec read(StateStore state, String cluster) {
      Map<String, String> files = new TreeMap<>();
      List<String> paths = new ArrayList<>();
      paths.add(cluster + "/" + ClusterStore.CONFIG);
      paths.add(cluster + "/" + ClusterStore.COMPLETED_SPEC);
      paths.addAll(state.list(cluster + "/" + ClusterStore.INSTANCE_GROUP_DIR + "/"));
      for (String p : paths) {
        state
            .read(p)
            .ifPresent(b -> files.put(p, new String(b, java.nio.charset.StandardCharsets.UTF_8)));
      }
      return new StoredSpec(files);
    }
  }

  private static String key(ResourceType t, String namespace, String name) {
    return t.keyPrefix() + (t.namespaced() ? namespace + "/" : "") + name;
  }

  private static long lastVersion;

  /** Increasing, as clients expect of resourceVersion (they compare them for equality only). */
  static synchronized String newResourceVersion() {
    lastVersion = Math.max(lastVersion + 1, System.currentTimeMillis());
    return Long.toString(lastVersion);
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JsonTrees.read(json);
    } catch (IOException | ClassCastException e) {
      throw new UncheckedIOException(
          "a stored object is not JSON: " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  private static String seconds(String iso) {
    try {
      return Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (RuntimeException e) {
      return iso;
    }
  }

  private static String created(Path p) {
    try {
      return java.nio.file.Files.getLastModifiedTime(p)
          .toInstant()
          .truncatedTo(ChronoUnit.SECONDS)
          .toString();
    } catch (IOException e) {
      return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
  }
}
