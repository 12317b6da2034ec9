package dev.jkops.cloud.local.design;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterDefaults;
import dev.jkops.api.CreateClusterOptions;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.NodeBridge;
import dev.jkops.cloud.local.resources.NodeCniConfig;
import dev.jkops.cloud.local.resources.NodePeers;
import dev.jkops.cloud.local.resources.NodeVxlan;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.DependencyOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node's CNI config file is what lets pods start on it (the kubelet's NetworkReady), so a
 * converge writes it last: after the node's own bridge and VXLAN device and after every node's
 * peers, so a pod never starts on a node the others cannot reach yet.
 */
class NodeReadyOrderTest {
  private static List<LocalResource> ordered(String networking) {
    CreateClusterOptions o =
        CreateClusterOptions.builder("ready.jkops.local", List.of("zone-a", "zone-b"))
            .cloud("local")
            .networking(networking)
            .nodeCount(2)
            .build();
    ClusterBundle created = ClusterDefaults.create(o);
    ClusterBundle completed =
        new ClusterBundle(ClusterCompletion.complete(created), created.instanceGroups());
    NetworkPlan plan = NetworkPlanner.plan(completed, IpamState.empty());
    return DependencyOrder.sort(
        LocalDesign.of(
                ClusterNames.of(completed.name(), Path.of("/nonexistent")),
                plan,
                completed.cluster().spec().subnetsOrEmpty())
            .resources());
  }

  @ParameterizedTest
  @ValueSource(strings = {"flannel", "kopeio-vxlan", "kubenet", "weave", "calico"})
  void everyCniFileComesAfterTheNodesDataPlaneAndEveryNodesPeers(String networking) {
    List<LocalResource> order = ordered(networking);
    int firstCni = indexOfFirst(order, NodeCniConfig.class);
    assertThat(firstCni).as("the plan has CNI files").isNotNegative();
    for (int i = 0; i < order.size(); i++) {
      LocalResource r = order.get(i);
      if (r instanceof NodePeers) {
        assertThat(i).as("%s before every CNI file", r.id()).isLessThan(firstCni);
      }
      if (r instanceof NodeCniConfig c) {
        for (int j = i + 1; j < order.size(); j++) {
          LocalResource later = order.get(j);
          boolean own =
              (later instanceof NodeBridge b && b.instance().equals(c.instance()))
                  || (later instanceof NodeVxlan v && v.instance().equals(c.instance()));
          assertThat(own).as("%s written before %s", c.id(), later.id()).isFalse();
        }
      }
    }
  }

  @Test
  void aFileReadBackFromANodeWaitsForNothingButItsInstance() {
    NodeCniConfig read =
        new NodeCniConfig(
            ClusterNames.of("x.local", Path.of("/nonexistent")), "nodes-1", "10.conf", "{}");
    assertThat(read.dependsOn())
        .containsExactly(dev.jkops.cloud.local.resources.LocalInstance.idOf("nodes-1"));
  }

  private static int indexOfFirst(List<LocalResource> order, Class<?> kind) {
    for (int i = 0; i < order.size(); i++) {
      if (kind.isInstance(order.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
