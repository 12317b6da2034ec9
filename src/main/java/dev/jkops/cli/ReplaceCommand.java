package dev.jkops.cli;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.StateStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jkops replace -f FILE}: replaces stored clusters and instance groups with the file's. Each
 * changed cluster is validated with its instance groups as they will be; nothing is written unless
 * all of them pass. With {@code --force} missing objects are created, as in kops.
 */
@Command(
    name = "replace",
    description = "Replace clusters and instance groups with the ones in a file.")
final class ReplaceCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE",
      required = true,
      description = "kops YAML file (Cluster and InstanceGroup documents).")
  Path file;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Cluster of instance groups without a kops.k8s.io/cluster label.")
  String name;

  @Option(names = "--force", description = "Create objects that do not exist yet.")
  boolean force;

  @Override
  public Integer call() {
    return SpecFileWrite.run(spec, store, file, name, this::write);
  }

  private int write(SpecFile input, ClusterStore clusters) {
    List<StateStore.Change> writes = new ArrayList<>();
    List<String> done = new ArrayList<>();
    for (String clusterName : input.touchedClusters()) {
      ClusterStore.Stored stored = clusters.get(clusterName).orElse(null);
      Cluster fromFile = input.cluster(clusterName);
      if (stored == null && !(force && fromFile != null)) {
        throw new CommandException(
            input.source()
                + ": cluster \""
                + clusterName
                + "\" was not found in state store "
                + clusters.location()
                + "; create it with 'jkops create -f "
                + file
                + "' (or replace --force),"
                + " or check --state / KOPS_STATE_STORE");
      }
      Cluster cluster = fromFile != null ? fromFile : stored.cluster();
      if (stored != null) {
        dev.jkops.api.ClusterValidator.checkUpdate(stored.cluster(), cluster);
      }
      List<InstanceGroup> groups =
          new ArrayList<>(stored == null ? List.of() : stored.bundle().instanceGroups());
      for (InstanceGroup ig : input.groups(clusterName)) {
        int at = indexOf(groups, ig.name());
        if (at < 0 && !force) {
          throw new CommandException(
              input.source()
                  + ": instance group \""
                  + ig.name()
                  + "\" was not found in cluster "
                  + clusterName
                  + "; create it with 'jkops create -f "
                  + file
                  + "' or use replace --force");
        }
        if (at < 0) {
          groups.add(ig);
        } else {
          groups.set(at, ig);
        }
      }
      ClusterBundle bundle = new ClusterBundle(cluster, groups);
      Cluster completed = SpecCheck.checkAndComplete(bundle);
      Warnings.validation(spec.commandLine().getErr(), bundle);
      List<InstanceGroup> changed = input.groups(clusterName);
      changed.forEach(ig -> writes.add(clusters.instanceGroupChange(clusterName, ig)));
      writes.add(clusters.completedChange(completed));
      if (fromFile != null) {
        writes.add(clusters.configChange(fromFile));
      }
      if (fromFile != null) {
        done.add("cluster/" + clusterName);
      }
      changed.forEach(ig -> done.add("instancegroup/" + ig.name()));
    }
    // every file of every cluster in one unit: a failure part way (a full disk) leaves none of them
    // changed
    clusters.writeAll(writes);
    PrintWriter out = spec.commandLine().getOut();
    done.forEach(d -> out.println("Replaced " + d));
    out.flush();
    return 0;
  }

  private static int indexOf(List<InstanceGroup> groups, String name) {
    for (int i = 0; i < groups.size(); i++) {
      if (groups.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
