package dev.jkops.model.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.Cidr;
import dev.jkops.model.Instance;
import dev.jkops.model.ModelException;
import dev.jkops.model.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetPodBlocksTest {
  static Instance node(String name, String address, String subnet) {
    return new Instance(name, "nodes", Role.NODE, "zone-a", "zone-a", address, Cidr.parse(subnet));
  }

  @Test
  void eachNodeGetsA27CountedDownFromBelowTheSubnetsTopBlockByItsAddress() {
    Instance a = node("nodes-1", "172.20.32.4", "172.20.32.0/19");
    Instance b = node("nodes-2", "172.20.32.5", "172.20.32.0/19");
    IpamState s = SubnetPodBlocks.allocate(List.of(a, b), List.of(a, b));
    assertThat(s.podRanges().get("nodes-1")).hasToString("172.20.63.192/27");
    assertThat(s.podRanges().get("nodes-2")).hasToString("172.20.63.160/27");
  }

  @Test
  void aNodeKeepsItsBlockWhenAnotherNodeGoes() {
    Instance a = node("nodes-1", "172.20.32.4", "172.20.32.0/19");
    Instance b = node("nodes-2", "172.20.32.5", "172.20.32.0/19");
    assertThat(SubnetPodBlocks.allocate(List.of(b), List.of(b)).podRanges().get("nodes-2"))
        .isEqualTo(
            SubnetPodBlocks.allocate(List.of(a, b), List.of(a, b)).podRanges().get("nodes-2"));
  }

  @Test
  void aSubnetWithoutRoomAboveItsInstancesIsRefusedNamingIt() {
    Instance a = node("nodes-1", "10.0.0.4", "10.0.0.0/26");
    Instance high = node("nodes-9", "10.0.0.40", "10.0.0.0/26");
    assertThatThrownBy(() -> SubnetPodBlocks.allocate(List.of(a, high), List.of(a)))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("zone-a")
        .hasMessageContaining("10.0.0.0/26")
        .hasMessageContaining("spec.subnets[].cidr");
  }
}
