package dev.jkops.cli;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.YamlCodec;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.StateHistory;
import dev.jkops.api.store.StateStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops restore cluster NAME --version V [--yes]}: puts back the spec (config, instance
 * groups, completed spec) of a version from {@code get history cluster}. Without --yes it lists
 * what would change. The version is parsed and validated like {@code replace -f} before anything is
 * written, the cluster's lock is held, and the spec being replaced is itself saved as a new
 * version, so a restore can be undone. Addons, IPAM and cloud markers are not restored: they
 * describe the live cloud and the next {@code update cluster --yes} rewrites them.
 */
@Command(
    name = "cluster",
    description = "Restore a cluster's spec from a version in 'get history cluster'.")
final class RestoreClusterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = ClusterNameOption.POSITIONAL)
  String positionalName;

  @Option(
      names = "--version",
      paramLabel = "V",
      required = true,
      description = "Version number from 'jkops get history cluster NAME'.")
  int version;

  @Option(
      names = {"-y", "--yes"},
      description = "Restore (default: only show what would change).")
  boolean yes;

  @Override
  public Integer call() {
    String name = clusterName.resolve(positionalName);
    ClusterStore.checkName("cluster", name);
    try (StoreOptions.Held lock = yes ? store.lock(name) : null) {
      return restore(name);
    }
  }

  private int restore(String name) {
    ClusterStore clusters = store.open();
    StateStore raw = clusters.stateStore();
    StateHistory history = new StateHistory(raw);
    StateHistory.Version v =
        history
            .version(name, version)
            .orElseThrow(
                () ->
                    new CommandException(
                        "cluster "
                            + name
                            + " has no saved version "
                            + version
                            + " in state store "
                            + clusters.location()
                            + "; list the versions with: jkops get history cluster "
                            + name));
    Map<String, byte[]> files = history.files(name, version);
    byte[] config = files.get(ClusterStore.CONFIG);
    if (config == null) {
      throw new CommandException(
          "version "
              + version
              + " of cluster "
              + name
              + " has no spec (it holds "
              + String.join(", ", files.keySet())
              + "); pick a version that has 'config'");
    }
    String source = "version " + version + " of " + clusters.location() + "/" + name;
    YamlCodec.Documents docs =
        YamlCodec.read(new String(config, StandardCharsets.UTF_8), source + "/config");
    if (docs.clusters().size() != 1 || !docs.clusters().get(0).name().equals(name)) {
      throw new CommandException(
          source + "/config does not hold cluster " + name + "; it cannot be restored");
    }
    List<InstanceGroup> groups = new ArrayList<>();
    List<String> specFiles = new ArrayList<>(List.of(ClusterStore.CONFIG));
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (f.getKey().startsWith(ClusterStore.INSTANCE_GROUP_DIR + "/")) {
        groups.addAll(
            YamlCodec.read(
                    new String(f.getValue(), StandardCharsets.UTF_8), source + "/" + f.getKey())
                .instanceGroups());
        specFiles.add(f.getKey());
      }
    }
    Cluster cluster = docs.clusters().get(0);
    Cluster completed = SpecCheck.checkAndComplete(new ClusterBundle(cluster, groups));

    List<String> current =
        clusters.files(name).stream()
            .map(p -> p.substring(name.length() + 1))
            .filter(
                p ->
                    p.equals(ClusterStore.CONFIG)
                        || p.startsWith(ClusterStore.INSTANCE_GROUP_DIR + "/"))
            .toList();
    List<String> changes = new ArrayList<>();
    for (String f : new TreeSet<>(specFiles)) {
      Optional<byte[]> now = raw.read(name + "/" + f);
      if (now.isEmpty()) {
        changes.add("create  " + f);
      } else if (!Arrays.equals(now.get(), files.get(f))) {
        changes.add("replace " + f);
      }
    }
    for (String f : current) {
      if (!specFiles.contains(f)) {
        changes.add("delete  " + f);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    String what =
        "version " + version + " (saved " + v.saved() + ", replaced by '" + v.replacedBy() + "')";
    if (!yes) {
      out.println(
          changes.isEmpty()
              ? "Cluster " + name + "'s spec already matches " + what + "."
              : "Restoring cluster " + name + " to " + what + " would change:");
      changes.forEach(c -> out.println("  " + c));
      if (!changes.isEmpty()) {
        out.println();
        out.println("Must specify --yes to restore");
      }
      out.flush();
      return 0;
    }
    if (changes.isEmpty()) {
      out.println("Cluster " + name + "'s spec already matches " + what + "; nothing restored.");
      out.flush();
      return 0;
    }
    for (String f : specFiles) {
      if (!f.equals(ClusterStore.CONFIG)) {
        raw.write(name + "/" + f, files.get(f));
      }
    }
    for (String f : current) {
      if (!specFiles.contains(f)) {
        raw.delete(name + "/" + f);
      }
    }
    clusters.putCompleted(completed);
    raw.write(
        name + "/" + ClusterStore.CONFIG, config); // last: the cluster lists only once it is whole
    out.println(
        "Restored cluster "
            + name
            + " to "
            + what
            + " ("
            + changes.size()
            + " files); the spec it replaced"
            + " is kept as the newest version in 'jkops get history cluster "
            + name
            + "'.");
    out.println("Apply it with: jkops update cluster --name " + name + " --yes");
    out.flush();
    return 0;
  }
}
