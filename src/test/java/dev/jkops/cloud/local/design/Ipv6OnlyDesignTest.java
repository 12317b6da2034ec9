package dev.jkops.cloud.local.design;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.local.ControlPlane;
import dev.jkops.cloud.local.etcd.EtcdMember;
import dev.jkops.cloud.local.resources.InstanceFirewall;
import dev.jkops.cloud.local.resources.InstanceIpv6;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.cloud.local.resources.SubnetIpv6;
import dev.jkops.cloud.local.resources.VpcIpv6Route;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.model.ipam.Ipv6Prefixes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kops' IPv6 layout on the local cloud, as designed (no root): an IPv6-only subnet's bridge and
 * instances hold IPv6 addresses only, route only the VPC's IPv6 ranges, and are what the security
 * groups and etcd see; dual-stack subnets and instances keep both families.
 */
class Ipv6OnlyDesignTest {
  static final String SPEC =
      """
      apiVersion: kops.k8s.io/v1alpha2
      kind: Cluster
      metadata:
        name: v6only.example.com
      spec:
        cloudProvider: local
        kubernetesVersion: v1.32.0
        networkCIDR: 172.20.0.0/16
        networking:
          calico: {}
        nonMasqueradeCIDR: "::/0"
        subnets:
        - {name: us-test-1a, zone: us-test-1a, type: Private, ipv6CIDR: "2001:db8:0:111::/64"}
        - {name: us-test-1b, zone: us-test-1b, type: Private, ipv6CIDR: "/64#2"}
        - {name: dualstack-us-test-1a, zone: us-test-1a, type: DualStack, cidr: 172.20.32.0/19, ipv6CIDR: "/64#3"}
      ---
      apiVersion: kops.k8s.io/v1alpha2
      kind: InstanceGroup
      metadata:
        name: nodes
        labels: {kops.k8s.io/cluster: v6only.example.com}
      spec: {role: Node, machineType: t3.medium, minSize: 2, maxSize: 2, subnets: [us-test-1a, us-test-1b]}
      ---
      apiVersion: kops.k8s.io/v1alpha2
      kind: InstanceGroup
      metadata:
        name: master-a
        labels: {kops.k8s.io/cluster: v6only.example.com}
      spec: {role: Master, machineType: m3.medium, minSize: 1, maxSize: 1, subnets: [MASTER_SUBNET]}
      """;

  final ClusterNames names = ClusterNames.of("v6only.example.com", Path.of("/nonexistent"));

  List<LocalResource> design(String masterSubnet) {
    YamlCodec.Documents d =
        YamlCodec.read(SPEC.replace("MASTER_SUBNET", masterSubnet), "v6only.yaml");
    ClusterBundle stored = new ClusterBundle(d.clusters().get(0), d.instanceGroups());
    ClusterBundle completed =
        new ClusterBundle(ClusterCompletion.complete(stored), stored.instanceGroups());
    return LocalDesign.of(
            names,
            NetworkPlanner.plan(completed, IpamState.empty(), names.cloudFacts()),
            completed.cluster().spec().subnetsOrEmpty())
        .resources();
  }

  static <T> List<T> all(List<LocalResource> resources, Class<T> kind) {
    return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  static <T extends LocalResource> T named(
      List<LocalResource> resources, Class<T> kind, String name) {
    return all(resources, kind).stream()
        .filter(r -> r.id().name().equals(name) || r.id().name().startsWith(name + "."))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
  }

  @Test
  void anIpv6OnlySubnetAndItsInstancesHoldIpv6AddressesOnly() {
    List<LocalResource> r = design("dualstack-us-test-1a");
    String vpc = Ipv6Prefixes.localVpcBlock(names.id()).toString();
    String relativeB =
        Ipv6Prefixes.subnetBlocks(
                List.of(
                    new dev.jkops.api.ClusterSubnet(
                        "us-test-1b", "us-test-1b", null, "Private", null, null, "/64#2", null)),
                Ipv6Prefixes.localVpcBlock(names.id()))
            .get("us-test-1b")
            .toString();

    Subnet a = named(r, Subnet.class, "us-test-1a");
    assertThat(a.isIpv6Only()).isTrue();
    assertThat(a.cidr()).isEqualTo("2001:db8:0:111::/64");
    assertThat(a.routerAddress()).isEqualTo("2001:db8:0:111::1/64");
    Subnet dual = named(r, Subnet.class, "dualstack-us-test-1a");
    assertThat(dual.cidr()).isEqualTo("172.20.32.0/19");
    // the IPv6 side of a dual-stack subnet only: an IPv6-only subnet's bridge holds its ::1 itself
    assertThat(all(r, SubnetIpv6.class))
        .extracting(SubnetIpv6::subnet)
        .containsExactly("dualstack-us-test-1a");

    LocalInstance n1 = named(r, LocalInstance.class, "nodes-1");
    assertThat(n1.isIpv6Only()).isTrue();
    // held in the subnet's first /80: the other nodes' /80s of the /64 go through the router
    assertThat(n1.address()).isEqualTo("2001:db8:0:111::4/80");
    assertThat(n1.router()).isEqualTo("2001:db8:0:111::1");
    // the VPC's /56 and every subnet block outside it, its own /64 included; no IPv4
    assertThat(n1.vpcRanges()).contains(vpc, "2001:db8:0:111::/64");
    assertThat(n1.vpcRanges()).allMatch(c -> c.contains(":"));
    LocalInstance n2 = named(r, LocalInstance.class, "nodes-2");
    assertThat(n2.address()).startsWith(relativeB.substring(0, relativeB.indexOf("::")));
    assertThat(n2.vpcRanges()).contains("2001:db8:0:111::/64").doesNotContain(relativeB);
    LocalInstance master = named(r, LocalInstance.class, "master-a-1");
    assertThat(master.address()).isEqualTo("172.20.32.4/19");

    assertThat(all(r, InstanceIpv6.class))
        .extracting(InstanceIpv6::instance)
        .containsExactly("master-a-1");
    VpcIpv6Route route =
        all(r, VpcIpv6Route.class).stream()
            .filter(v -> v.instance().equals("nodes-1"))
            .findFirst()
            .orElseThrow();
    assertThat(route.via()).isEqualTo("2001:db8:0:111::4");
    assertThat(route.destination()).isEqualTo("2001:db8:0:111:1::/80");
    assertThat(route.dependsOn()).contains(LocalInstance.idOf("nodes-1"));

    // the masters' security group admits the nodes by their IPv6 addresses and /80s
    InstanceFirewall masterGroup = named(r, InstanceFirewall.class, "master-a-1");
    assertThat(
            masterGroup.ingress().stream()
                .filter(i -> i.sources().isGroup() && i.sources().name().startsWith("nodes."))
                .findFirst()
                .orElseThrow()
                .sources()
                .addresses())
        .contains("2001:db8:0:111::4", "2001:db8:0:111:1::/80")
        .noneMatch(address -> address.startsWith("172.20."));
  }

  @Test
  void aControlPlaneInAnIpv6OnlySubnetRunsEtcdOnItsIpv6Address() {
    List<LocalResource> r = design("us-test-1a");
    List<EtcdMember> members = ControlPlane.members(names, r);
    assertThat(members).hasSize(1);
    assertThat(members.get(0).address()).isEqualTo("2001:db8:0:111::4");
    assertThat(members.get(0).peerUrl()).isEqualTo("http://[2001:db8:0:111::4]:2380");
    assertThat(named(r, LocalInstance.class, "nodes-1").address())
        .isEqualTo("2001:db8:0:111::5/80");
  }
}
