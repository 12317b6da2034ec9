package dev.jkops.api.store;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.RecordYamlReader;
import dev.jkops.api.YamlCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Clusters in a state store, laid out as kops lays them out: {@code <cluster>/config} (the user's
 * Cluster YAML), {@code <cluster>/instancegroup/<name>} and {@code
 * <cluster>/cluster-completed.spec}.
 */
public final class ClusterStore {
  public static final String CONFIG = "config";
  public static final String INSTANCE_GROUP_DIR = "instancegroup";
  public static final String COMPLETED_SPEC = "cluster-completed.spec";

  /** A DNS-style name: what kops asks of cluster and instance group names, and safe as a path. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");

  /** What the store holds for one cluster, and the fields its files carry that jkops ignores. */
  public record Stored(ClusterBundle bundle, Set<String> unmodelledFields, byte[] configBytes) {
    public Cluster cluster() {
      return bundle.cluster();
    }
  }

  private final StateStore store;

  public ClusterStore(StateStore store) {
    this.store = store;
  }

  public StateStore stateStore() {
    return store;
  }

  public String location() {
    return store.location();
  }

  /**
   * Refuses a cluster or instance group name that is not a DNS-style name, before it can become a
   * path: "a/b", "..", "x;rm" and upper case are all refused with the rule spelt out.
   */
  public static void checkName(String what, String name) {
    if (name == null || name.isBlank()) {
      throw new StateStoreException(
          what
              + " name is missing; give it with --name, as the argument,"
              + " or in KOPS_CLUSTER_NAME");
    }
    if (!NAME.matcher(name).matches() || name.contains("..") || hasLongLabel(name)) {
      throw new StateStoreException(
          what
              + " name \""
              + name
              + "\" is not valid: use a DNS-style name"
              + " of lower-case letters, digits, '-' and '.', starting and ending with a letter or digit,"
              + " each dot-separated part at most 63 characters (e.g. mycluster.example.com)");
    }
  }

  /** Whether a dot-separated part of {@code name} is longer than DNS allows (63). */
  private static boolean hasLongLabel(String name) {
    // a loop, not a stream: every command checks a name, and a cold JVM starts each stream's
    // pipeline and links its lambda on first use
    for (String label : name.split("\\.")) {
      if (label.length() > 63) {
        return true;
      }
    }
    return false;
  }

  /** Names of every cluster in the store, sorted. */
  public List<String> list() {
    List<String> names = new ArrayList<>();
    for (String path : store.list("")) {
      String[] parts = path.split("/");
      if (parts.length == 2 && parts[1].equals(CONFIG)) {
        names.add(parts[0]);
      }
    }
    return names;
  }

  public boolean exists(String name) {
    checkName("cluster", name);
    return store.read(name + "/" + CONFIG).isPresent();
  }

  /** The cluster and its instance groups, or empty when the store has no such cluster. */
  public Optional<Stored> get(String name) {
    Optional<Config> config = config(name);
    if (config.isEmpty()) {
      return Optional.empty();
    }
    List<InstanceGroup> groups = new ArrayList<>();
    String igDir = name + "/" + INSTANCE_GROUP_DIR + "/";
    for (String path : store.list(igDir)) {
      String source = store.location() + "/" + path;
      Optional<byte[]> read = store.read(path);
      if (read.isEmpty()) {
        throw new StateStoreException(
            source
                + " disappeared while it was being read; another jkops may be changing this cluster");
      }
      byte[] bytes = read.get();
      YamlCodec.Documents ig =
          RecordYamlReader.read(new String(bytes, StandardCharsets.UTF_8), source);
      groups.addAll(ig.instanceGroups());
    }
    Config c = config.get();
    return Optional.of(
        new Stored(new ClusterBundle(c.cluster(), groups), c.unmodelledFields(), c.bytes()));
  }

  /**
   * A cluster's config file alone, read and checked as {@link #get} reads it, without its instance
   * groups: all {@code get clusters} prints (kops' NAME CLOUD ZONES), which reading three more
   * files per cluster only slowed down.
   */
  public record Config(Cluster cluster, Set<String> unmodelledFields, byte[] bytes) {}

  /** The cluster's config alone ({@link Config}), or empty when the store has no such cluster. */
  public Optional<Config> config(String name) {
    checkName("cluster", name);
    Optional<byte[]> config = store.read(name + "/" + CONFIG);
    if (config.isEmpty()) {
      return Optional.empty();
    }
    String configPath = store.location() + "/" + name + "/" + CONFIG;
    YamlCodec.Documents docs =
        RecordYamlReader.read(new String(config.get(), StandardCharsets.UTF_8), configPath);
    if (docs.clusters().size() != 1 || !docs.instanceGroups().isEmpty()) {
      throw new StateStoreException(
          configPath
              + " should hold exactly one Cluster document but holds "
              + docs.clusters().size()
              + " clusters and "
              + docs.instanceGroups().size()
              + " instance groups; restore it with jkops replace -f");
    }
    return Optional.of(
        new Config(
            docs.clusters().get(0), new LinkedHashSet<>(docs.unmodelledFields()), config.get()));
  }

  /** Like {@link #config}, but a missing cluster is {@link #require}'s error. */
  public Config requireConfig(String name) {
    Optional<Config> config = config(name);
    if (config.isEmpty()) {
      throw notFound(name);
    }
    return config.get();
  }

  /** Like {@link #get} but a missing cluster is an error that says how to list or create one. */
  public Stored require(String name) {
    Optional<Stored> stored = get(name);
    if (stored.isEmpty()) {
      throw notFound(name);
    }
    return stored.get();
  }

  private StateStoreException notFound(String name) {
    // a deleted cluster keeps its earlier versions: point to them rather than to create
    List<StateHistory.Version> kept = new StateHistory(store).versions(name);
    if (!kept.isEmpty()) {
      return new StateStoreException(
          "cluster \""
              + name
              + "\" was not found in state store "
              + store.location()
              + ": it was deleted, and "
              + kept.size()
              + " earlier version(s) of its spec are kept; list them with"
              + " 'jkops get history cluster "
              + name
              + "' and bring one back with 'jkops restore cluster "
              + name
              + " --version "
              + kept.get(kept.size() - 1).number()
              + " --yes'");
    }
    return new StateStoreException(
        "cluster \""
            + name
            + "\" was not found in state store "
            + store.location()
            + "; list clusters with 'jkops get"
            + " clusters', create one with 'jkops create cluster', or check --state / KOPS_STATE_STORE");
  }

  /** The stored bytes of one instance group, exactly as they are in the store. */
  public Optional<byte[]> instanceGroupBytes(String cluster, String group) {
    checkName("cluster", cluster);
    checkName("instance group", group);
    return store.read(cluster + "/" + INSTANCE_GROUP_DIR + "/" + group);
  }

  /** The kops-completed spec stored beside the user's, if any. */
  public Optional<Cluster> completed(String name) {
    checkName("cluster", name);
    return store
        .read(name + "/" + COMPLETED_SPEC)
        .map(
            b ->
                RecordYamlReader.read(
                        new String(b, StandardCharsets.UTF_8),
                        store.location() + "/" + name + "/" + COMPLETED_SPEC)
                    .clusters()
                    .get(0));
  }

  /**
   * Writes the cluster's files as one unit ({@link StateStore#writeAll}). The instance groups and
   * completed spec come before the config, so a cluster becomes visible to {@link #list} only once
   * all its files are there.
   */
  public void put(ClusterBundle bundle, Cluster completed) {
    writeAll(changes(bundle, completed));
  }

  /** The files {@link #put} writes, in its order, to write together with others. */
  public List<StateStore.Change> changes(ClusterBundle bundle, Cluster completed) {
    String name = bundle.name();
    checkName("cluster", name);
    List<StateStore.Change> changes = new ArrayList<>();
    for (InstanceGroup ig : bundle.instanceGroups()) {
      changes.add(instanceGroupChange(name, ig));
    }
    changes.add(completedChange(completed));
    changes.add(configChange(bundle.cluster()));
    return changes;
  }

  /** Writes several files (made by the {@code *Change} methods) together: all of them or none. */
  public void writeAll(List<StateStore.Change> changes) {
    store.writeAll(changes);
  }

  public void putConfig(Cluster cluster) {
    StateStore.Change c = configChange(cluster);
    store.write(c.path(), c.content());
  }

  public void putCompleted(Cluster completed) {
    StateStore.Change c = completedChange(completed);
    store.write(c.path(), c.content());
  }

  public void putInstanceGroup(String cluster, InstanceGroup ig) {
    StateStore.Change c = instanceGroupChange(cluster, ig);
    store.write(c.path(), c.content());
  }

  public StateStore.Change configChange(Cluster cluster) {
    checkName("cluster", cluster.name());
    return new StateStore.Change(
        cluster.name() + "/" + CONFIG, YamlCodec.toYaml(cluster).getBytes(StandardCharsets.UTF_8));
  }

  public StateStore.Change completedChange(Cluster completed) {
    checkName("cluster", completed.name());
    return new StateStore.Change(
        completed.name() + "/" + COMPLETED_SPEC,
        YamlCodec.toYaml(completed).getBytes(StandardCharsets.UTF_8));
  }

  public StateStore.Change instanceGroupChange(String cluster, InstanceGroup ig) {
    checkName("cluster", cluster);
    checkName("instance group", ig.name());
    return new StateStore.Change(
        cluster + "/" + INSTANCE_GROUP_DIR + "/" + ig.name(),
        YamlCodec.toYaml(ig).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The paths that {@link #delete} removes, for the preview without --yes: the cluster's files, not
   * jkops' own bookkeeping (its lock and its {@link StateHistory}).
   */
  public List<String> files(String name) {
    checkName("cluster", name);
    return store.list(name + "/").stream()
        .filter(p -> !StateHistory.isBookkeeping(name, p))
        .toList();
  }

  /**
   * Removes every file of the cluster; the config goes last so a half-deleted cluster still lists.
   * The saved versions stay, so a deleted spec can be restored ({@code jkops restore cluster}).
   */
  public void delete(String name) {
    List<String> paths = new ArrayList<>(files(name));
    String config = name + "/" + CONFIG;
    paths.remove(config);
    for (String p : paths) {
      store.delete(p);
    }
    store.delete(config);
  }
}
