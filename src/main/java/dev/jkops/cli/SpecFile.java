package dev.jkops.cli;

import dev.jkops.api.Cluster;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.YamlCodec;
import dev.jkops.api.store.ClusterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects of a {@code -f FILE}: clusters, and instance groups sorted by the cluster they belong
 * to (their {@code kops.k8s.io/cluster} label, else the file's only cluster, else {@code --name}).
 */
record SpecFile(
    String source,
    List<Cluster> clusters,
    Map<String, List<InstanceGroup>> groupsByCluster,
    Set<String> unmodelled) {

  static SpecFile read(Path file, String fallbackCluster) {
    String text = InputFiles.read(file, "-f takes a kops YAML file");
    String source = file.toString();
    YamlCodec.Documents docs = YamlCodec.read(text, source);
    Set<String> clusterNames = new HashSet<>();
    for (Cluster c : docs.clusters()) {
      ClusterStore.checkName("cluster", c.name());
      if (!clusterNames.add(c.name())) {
        throw new CommandException(
            source + ": cluster \"" + c.name() + "\" appears twice; keep one document per cluster");
      }
    }
    Map<String, List<InstanceGroup>> groups = new LinkedHashMap<>();
    for (InstanceGroup ig : docs.instanceGroups()) {
      ClusterStore.checkName("instance group", ig.name());
      String owner =
          ig.metadata().labels() == null
              ? null
              : ig.metadata().labels().get(InstanceGroup.CLUSTER_LABEL);
      if (owner == null) {
        owner = docs.clusters().size() == 1 ? docs.clusters().get(0).name() : fallbackCluster;
      }
      if (owner == null) {
        throw new CommandException(
            source
                + ": instance group \""
                + ig.name()
                + "\": metadata.labels[\""
                + InstanceGroup.CLUSTER_LABEL
                + "\"] is missing; add the label naming its cluster, or pass --name");
      }
      ClusterStore.checkName("cluster", owner);
      List<InstanceGroup> list = groups.computeIfAbsent(owner, k -> new ArrayList<>());
      if (list.stream().anyMatch(g -> g.name().equals(ig.name()))) {
        throw new CommandException(
            source
                + ": instance group \""
                + ig.name()
                + "\" of cluster "
                + owner
                + " appears twice; keep one document per instance group");
      }
      list.add(ig);
    }
    return new SpecFile(source, docs.clusters(), groups, docs.unmodelledFields());
  }

  /** Every cluster the file touches: its own clusters and the owners of its instance groups. */
  List<String> touchedClusters() {
    List<String> out = new ArrayList<>();
    clusters.forEach(c -> out.add(c.name()));
    groupsByCluster.keySet().stream().filter(n -> !out.contains(n)).forEach(out::add);
    return out;
  }

  Cluster cluster(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  List<InstanceGroup> groups(String cluster) {
    return groupsByCluster.getOrDefault(cluster, List.of());
  }
}
