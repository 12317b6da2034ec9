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
 * {@code jkops create -f FILE}: stores the clusters and instance groups of a kops YAML file. Every
 * object is checked before the first write: a file with one bad object stores nothing.
 */
@Command(
    name = "create",
    description = "Create clusters and instance groups from a file, or a cluster from flags.",
    subcommands = {CreateClusterCommand.class, CreatePodCommand.class})
final class CreateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE",
      description = "kops YAML file (Cluster and InstanceGroup documents).")
  Path file;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Cluster of instance groups without a kops.k8s.io/cluster label.")
  String name;

  @Override
  public Integer call() {
    if (file == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "create needs -f FILE or a subcommand, e.g. 'jkops create cluster --name NAME --zones ZONE'");
    }
    return SpecFileWrite.run(spec, store, file, name, this::write);
  }

  private int write(SpecFile input, ClusterStore clusters) {
    List<StateStore.Change> writes = new ArrayList<>();
    List<String> created = new ArrayList<>();
    for (String clusterName : input.touchedClusters()) {
      Cluster fromFile = input.cluster(clusterName);
      List<InstanceGroup> newGroups = input.groups(clusterName);
      if (fromFile != null) {
        if (clusters.exists(clusterName)) {
          throw new CommandException(
              input.source()
                  + ": cluster \""
                  + clusterName
                  + "\" already exists in state store "
                  + clusters.location()
                  + "; change it with 'jkops replace -f "
                  + file
                  + "' or remove it first with"
                  + " 'jkops delete cluster "
                  + clusterName
                  + " --yes'");
        }
        ClusterBundle bundle = new ClusterBundle(fromFile, newGroups);
        Cluster completed = SpecCheck.checkAndComplete(bundle);
        Warnings.validation(spec.commandLine().getErr(), bundle);
        writes.addAll(clusters.changes(bundle, completed));
        created.add("cluster/" + clusterName);
      } else {
        ClusterStore.Stored stored =
            clusters
                .get(clusterName)
                .orElseThrow(
                    () ->
                        new CommandException(
                            input.source()
                                + ": instance groups name cluster \""
                                + clusterName
                                + "\", which is not in state store "
                                + clusters.location()
                                + "; add its Cluster document to the file or create it first"));
        List<InstanceGroup> all = new ArrayList<>(stored.bundle().instanceGroups());
        for (InstanceGroup ig : newGroups) {
          if (stored.bundle().instanceGroup(ig.name()).isPresent()) {
            throw new CommandException(
                input.source()
                    + ": instance group \""
                    + ig.name()
                    + "\" already exists in cluster "
                    + clusterName
                    + "; change it with 'jkops replace -f "
                    + file
                    + "' or 'jkops edit instancegroup --name "
                    + clusterName
                    + " "
                    + ig.name()
                    + "'");
          }
          all.add(ig);
        }
        SpecCheck.check(new ClusterBundle(stored.cluster(), all));
        newGroups.forEach(ig -> writes.add(clusters.instanceGroupChange(clusterName, ig)));
      }
      newGroups.forEach(ig -> created.add("instancegroup/" + ig.name()));
    }
    // every file of every cluster in one unit: a failure part way leaves none of them written
    clusters.writeAll(writes);
    PrintWriter out = spec.commandLine().getOut();
    created.forEach(c -> out.println("Created " + c));
    for (Cluster c : input.clusters()) {
      out.println();
      out.println(
          "To deploy these resources, run: jkops update cluster --name " + c.name() + " --yes");
    }
    out.flush();
    return 0;
  }
}
