package dev.jkops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterValidator;
import dev.jkops.api.InstanceGroup;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import org.junit.jupiter.api.Test;

/**
 * The planner benchmarks measure clusters of the size they say: this proves the fixture builds
 * them.
 */
class PlannerFixtureTest {

  @Test
  void nodesAreSplitEvenlyOverTheGroups() {
    ClusterBundle b = PlannerFixture.created(1000, 7, "calico");
    var nodeGroups = b.instanceGroups().stream().filter(ig -> ig.spec().isNode()).toList();
    assertThat(nodeGroups).hasSize(7);
    assertThat(nodeGroups.stream().mapToInt(ig -> ig.spec().minSize()).sum()).isEqualTo(1000);
    assertThat(nodeGroups).allSatisfy(ig -> assertThat(ig.spec().minSize()).isBetween(142, 143));
    assertThat(nodeGroups.stream().map(InstanceGroup::name).distinct()).hasSize(7);
    ClusterValidator.check(b); // throws on any invalid field
  }

  @Test
  void thePlanHasOnePodRangePerNode() {
    NetworkPlan plan =
        NetworkPlanner.plan(PlannerFixture.completed(1000, 10, "calico"), IpamState.empty());
    assertThat(plan.ipam().podRanges()).hasSize(1000 + 1); // and the control plane
    assertThat(plan.instances()).hasSize(1001);
  }

  @Test
  void moreGroupsThanNodesIsRefused() {
    assertThatThrownBy(() -> PlannerFixture.created(5, 10, "calico"))
        .hasMessageContaining("5 nodes cannot fill 10");
  }
}
