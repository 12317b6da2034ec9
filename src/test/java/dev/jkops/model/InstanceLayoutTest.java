package dev.jkops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceLayoutTest {
  @Test
  void namesInstancesAfterTheirGroupAndSpreadsThemOverTheGroupsZones() {
    List<Instance> all =
        InstanceLayout.of(TestClusters.threeZonesHa("c.example.com", "calico", "1.34.0"));
    assertThat(all)
        .extracting(Instance::name)
        .containsExactly(
            "master-us-test-1a-1",
            "master-us-test-1b-1",
            "master-us-test-1c-1",
            "nodes-1",
            "nodes-2",
            "nodes-3");
    assertThat(all)
        .extracting(Instance::zone)
        .containsExactly(
            "us-test-1a", "us-test-1b", "us-test-1c", "us-test-1a", "us-test-1b", "us-test-1c");
  }

  @Test
  void skipsTheFourAddressesAwsReservesAndGivesEachGroupABlockOfItsMaxSize() {
    List<Instance> all =
        InstanceLayout.of(TestClusters.oneZone("c.example.com", "kubenet", "1.34.0", 2, 5));
    assertThat(all)
        .extracting(Instance::privateAddress)
        .containsExactly("172.20.32.4", "172.20.32.5", "172.20.32.6");
    assertThat(all.get(0).addressWithPrefix()).isEqualTo("172.20.32.4/19");
  }

  @Test
  void scalingAGroupWithinItsMaxSizeMovesNoOtherInstance() {
    ClusterBundle b = TestClusters.threeZonesPrivate("p.example.com", "calico", "1.34.0");
    List<Instance> before = InstanceLayout.of(b);
    List<Instance> after = InstanceLayout.of(TestClusters.resize(b, "nodes", 5, 5));
    assertThat(after).containsAll(before);
    assertThat(after).hasSize(before.size() + 2);
  }

  @Test
  void bastionsLiveInTheirUtilitySubnets() {
    Instance bastion =
        InstanceLayout.of(TestClusters.threeZonesPrivate("p.example.com", "calico", "1.34.0"))
            .stream()
            .filter(i -> i.role() == Role.BASTION)
            .findFirst()
            .orElseThrow();
    assertThat(bastion.subnet()).isEqualTo("utility-us-test-1a");
    assertThat(bastion.privateAddress()).isEqualTo("172.20.0.4");
  }

  @Test
  void aGroupNamingAnUnknownSubnetIsAClearError() {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "kubenet");
    ClusterBundle bad =
        new ClusterBundle(
            b.cluster(),
            List.of(TestClusters.ig("c.example.com", "nodes", "Node", List.of("nowhere"), 1, 1)));
    assertThatThrownBy(() -> InstanceLayout.of(bad))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("\"nowhere\"")
        .hasMessageContaining("spec.subnets");
  }
}
