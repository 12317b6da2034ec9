package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.Role;
import dev.jkops.model.TestClusters;
import org.junit.jupiter.api.Test;

class CalicoProviderTest {
  static NetworkingSpec.Calico calico(String enc, String datastore) {
    return new NetworkingSpec.Calico(null, enc, null, null, datastore, null);
  }

  @Test
  void onAwsUsesIpInIpWithMtu8981AndTurnsTheSourceDestCheckOff() {
    NetworkPlan plan = Plans.aws("calico", "1.34.0");
    assertThat(plan.mtu()).isEqualTo(8981);
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.CalicoRouted("ipip", 4096, 4789, 8981));
    assertThat(plan.sourceDestCheck())
        .containsEntry(Role.NODE, false)
        .containsEntry(Role.CONTROL_PLANE, false);
    assertThat(plan.iamActions())
        .containsExactly("ec2:DescribeInstances", "ec2:ModifyNetworkInterfaceAttribute");
    assertThat(plan.addons().get(0).manifest()).contains("value: CrossSubnet", "value: Disable");
  }

  @Test
  void onTheLocalCloudUsesVxlanAcrossSubnetsBecauseTheKernelHasNoIpInIpAndSaysSo() {
    NetworkPlan plan = Plans.local("calico", "1.34.0");
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.CalicoRouted("vxlan", 4096, 4789, 1450));
    assertThat(plan.warnings()).anyMatch(w -> w.contains("no IP-in-IP") && w.contains("VXLAN"));
  }

  @Test
  void enforcesNetworkPolicy() {
    assertThat(Plans.aws("calico", "1.34.0").enforcesNetworkPolicy()).isTrue();
  }

  @Test
  void theEtcdDatastoreListsTheClustersEtcdMembersAndNeedsNoCrds() {
    NetworkPlan plan = Plans.aws(calico(null, "etcd"));
    String m = plan.addons().get(0).manifest();
    assertThat(plan.addons().get(0).id()).isEqualTo("k8s-1.25-etcd");
    assertThat(m)
        .contains("http://etcd-us-test-1a.internal.c.example.com:4001", "value: etcdv3")
        .doesNotContain("CustomResourceDefinition");
  }

  @Test
  void theKubernetesDatastoreShipsCalicosCrds() {
    assertThat(Plans.aws("calico", "1.34.0").addons().get(0).manifest())
        .contains("name: ippools.crd.projectcalico.org", "value: kubernetes");
  }

  @Test
  void refusesNoEncapsulationAcrossSeveralSubnets() {
    var b =
        Plans.with(
            TestClusters.threeZonesHa("c.example.com", "calico", "1.34.0"), calico("none", null));
    assertThat(new CalicoProvider(calico("none", null)).validate(b))
        .singleElement()
        .satisfies(e -> assertThat(e.path()).isEqualTo("spec.networking.calico.encapsulationMode"));
  }

  @Test
  void vxlanModeOpensUdp4789AndLowersTheMtuBy50() {
    NetworkPlan plan = Plans.aws(calico("vxlan", null));
    assertThat(plan.mtu()).isEqualTo(8951);
    assertThat(plan.addons().get(0).manifest()).contains("calico_backend: vxlan");
  }
}
