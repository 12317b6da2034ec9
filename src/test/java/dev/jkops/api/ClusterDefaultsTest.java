package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ClusterDefaultsTest {

  /**
   * {@code create cluster --name c.example.com --zones <zones>}, with the flags {@code change}
   * sets.
   */
  static ClusterBundle create(List<String> zones, Consumer<CreateClusterOptions.Builder> change) {
    CreateClusterOptions.Builder options = CreateClusterOptions.builder("c.example.com", zones);
    change.accept(options);
    return ClusterDefaults.create(options.build());
  }

  private static List<String> names(ClusterBundle b) {
    return b.instanceGroups().stream().map(InstanceGroup::name).toList();
  }

  @Test
  void fillsInKopsDefaultsForTheFewestOptions() {
    ClusterBundle b =
        ClusterDefaults.create(
            CreateClusterOptions.minimal("c.example.com", List.of("us-east-1a")));
    ClusterSpec s = b.cluster().spec();
    assertThat(s.networking()).isInstanceOf(NetworkingSpec.Kubenet.class);
    assertThat(s.cloudProvider()).isEqualTo("aws");
    assertThat(s.networkCIDR()).isEqualTo("172.20.0.0/16");
    assertThat(s.nonMasqueradeCIDR()).isEqualTo("100.64.0.0/10");
    assertThat(s.kubernetesVersion()).isEqualTo(ClusterDefaults.DEFAULT_KUBERNETES_VERSION);
    assertThat(s.sshAccess()).containsExactly("0.0.0.0/0", "::/0");
    assertThat(s.kubernetesApiAccess()).containsExactly("0.0.0.0/0", "::/0");
    assertThat(s.topology().dns().type()).isEqualTo("None");
    assertThat(s.api().loadBalancer().type()).isEqualTo("Public");
    assertThat(s.api().loadBalancer().extra()).containsEntry("class", "Network");
    assertThat(s.subnets())
        .containsExactly(ClusterSubnet.of("us-east-1a", "us-east-1a", "172.20.0.0/16", "Public"));
    assertThat(names(b)).containsExactly("control-plane-us-east-1a", "nodes-us-east-1a");
    assertThat(b.cluster().metadata().name()).isEqualTo("c.example.com");
    assertThat(ClusterValidator.validate(b)).isEmpty();
  }

  @Test
  void usesTheLocalCloudForZonesThatAreNotAwsZonesUnlessACloudIsGiven() {
    assertThat(create(List.of("zone-a"), o -> {}).cluster().spec().cloudProvider())
        .isEqualTo("local");
    assertThat(create(List.of("zone-a"), o -> {}).cluster().spec().api().loadBalancer().extra())
        .isEmpty();
    assertThat(
            create(List.of("us-east-1a"), o -> o.cloud("local")).cluster().spec().cloudProvider())
        .isEqualTo("local");
    assertThatThrownBy(() -> create(List.of("zone-a"), o -> o.cloud("gce")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("--cloud")
        .hasMessageContaining("[aws, local]");
  }

  @Test
  void takesTheFirstNetworkCidrAsTheVpcAndTheRestAsAdditionalRangesWithTheirOwnSubnets() {
    ClusterBundle b =
        create(
            List.of("zone-a", "zone-b"),
            o -> o.networkCidrs(List.of("10.0.0.0/16", "10.1.0.0/16")));
    ClusterSpec s = b.cluster().spec();
    assertThat(s.networkCIDR()).isEqualTo("10.0.0.0/16");
    assertThat(s.additionalNetworkCIDRs()).containsExactly("10.1.0.0/16");
    // zone-a-1 lives in 10.1.0.0/16 and takes nothing from 10.0.0.0/16: two subnets share it ->
    // halves.
    assertThat(s.subnets())
        .extracting(ClusterSubnet::name, ClusterSubnet::cidr)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("zone-a", "10.0.0.0/17"),
            org.assertj.core.groups.Tuple.tuple("zone-b", "10.0.128.0/17"),
            org.assertj.core.groups.Tuple.tuple("zone-a-1", "10.1.0.0/16"));
    // kops keeps a zone's main subnet for the control plane and puts nodes in the extra one.
    assertThat(b.instanceGroup("nodes-zone-a").orElseThrow().spec().subnets())
        .containsExactly("zone-a-1");
    assertThat(b.instanceGroup("control-plane-zone-a").orElseThrow().spec().subnets())
        .containsExactly("zone-a");
    assertThat(ClusterValidator.validate(b)).isEmpty();
  }

  /**
   * kops' create_cluster/complex-private golden case (kops HEAD): three zones, five network CIDRs,
   * private topology. The CIDRs below are kops' own expected output; the four extra subnets and
   * nothing else live in the additional ranges, so the primary /16 is cut for 3 + 1 parts
   * (quarters), and the seven utility subnets share the first quarter's eighths in zone order.
   */
  @Test
  void carvesKopsComplexPrivateCaseOnlyAmongSubnetsInThePrimaryRange() {
    ClusterBundle b =
        create(
            List.of("us-test-1a", "us-test-1b", "us-test-1c"),
            o -> {
              o.networkCidrs(
                  List.of(
                      "10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16"));
              o.topology("private");
              o.networking("cni");
            });
    assertThat(b.cluster().spec().subnets())
        .extracting(ClusterSubnet::name, ClusterSubnet::cidr)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("us-test-1a", "10.0.64.0/18"),
            org.assertj.core.groups.Tuple.tuple("us-test-1b", "10.0.128.0/18"),
            org.assertj.core.groups.Tuple.tuple("us-test-1c", "10.0.192.0/18"),
            org.assertj.core.groups.Tuple.tuple("us-test-1a-1", "10.1.0.0/16"),
            org.assertj.core.groups.Tuple.tuple("us-test-1b-2", "10.2.0.0/16"),
            org.assertj.core.groups.Tuple.tuple("us-test-1c-3", "10.3.0.0/16"),
            org.assertj.core.groups.Tuple.tuple("us-test-1a-4", "10.4.0.0/16"),
            org.assertj.core.groups.Tuple.tuple("utility-us-test-1a", "10.0.0.0/21"),
            org.assertj.core.groups.Tuple.tuple("utility-us-test-1b", "10.0.24.0/21"),
            org.assertj.core.groups.Tuple.tuple("utility-us-test-1c", "10.0.40.0/21"),
            org.assertj.core.groups.Tuple.tuple("utility-us-test-1a-1", "10.0.8.0/21"),
            org.assertj.core.groups.Tuple.tuple("utility-us-test-1b-2", "10.0.32.0/21"),
            org.assertj.core.groups.Tuple.tuple("utility-us-test-1c-3", "10.0.48.0/21"),
            org.assertj.core.groups.Tuple.tuple("utility-us-test-1a-4", "10.0.16.0/21"));
    assertThat(ClusterValidator.validate(b)).isEmpty();
  }

  @Test
  void refusesAMalformedNetworkCidrNamingTheFlag() {
    assertThatThrownBy(() -> create(List.of("zone-a"), o -> o.networkCidrs(List.of("10.0.0.0"))))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("--network-cidr")
        .hasMessageContaining("prefix length");
  }

  @Test
  void givesPrivateTopologyUtilitySubnetsAndEgressOnlyOnThePrivateOnes() {
    ClusterBundle b =
        create(
            List.of("us-test-1a", "us-test-1b"),
            o -> {
              o.topology("private");
              o.networking("calico");
              o.egress("nat-0123");
            });
    assertThat(b.cluster().spec().subnets())
        .extracting(
            ClusterSubnet::name, ClusterSubnet::type, ClusterSubnet::cidr, ClusterSubnet::egress)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "us-test-1a", "Private", "172.20.64.0/18", "nat-0123"),
            org.assertj.core.groups.Tuple.tuple(
                "us-test-1b", "Private", "172.20.128.0/18", "nat-0123"),
            org.assertj.core.groups.Tuple.tuple(
                "utility-us-test-1a", "Utility", "172.20.0.0/21", null),
            org.assertj.core.groups.Tuple.tuple(
                "utility-us-test-1b", "Utility", "172.20.8.0/21", null));
    assertThat(ClusterValidator.validate(b)).isEmpty();
  }

  @Test
  void makesABastionGroupInThePrivateSubnetsOnlyForPrivateTopology() {
    ClusterBundle b =
        create(
            List.of("zone-a", "zone-b", "zone-c"),
            o -> {
              o.topology("private");
              o.networking("weave");
              o.bastion(true);
            });
    InstanceGroupSpec bastion = b.instanceGroup("bastions").orElseThrow().spec();
    assertThat(bastion.role()).isEqualTo("Bastion");
    assertThat(bastion.machineType()).isEqualTo("t2.micro");
    assertThat(bastion.subnets()).containsExactly("zone-a", "zone-b", "zone-c");
    assertThat(bastion.minSize()).isEqualTo(1);
    assertThatThrownBy(() -> create(List.of("zone-a"), o -> o.bastion(true)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("--bastion needs --topology private");
  }

  @Test
  void spreadsControlPlaneGroupsOverTheControlPlaneZonesAndNumbersThemWhenAZoneHasSeveral() {
    List<String> zones = List.of("zone-a", "zone-b", "zone-c");
    ClusterBundle three = create(zones, o -> o.controlPlaneZones(zones));
    assertThat(names(three))
        .containsExactly(
            "control-plane-zone-a",
            "control-plane-zone-b",
            "control-plane-zone-c",
            "nodes-zone-a",
            "nodes-zone-b",
            "nodes-zone-c");
    ClusterBundle oneZone = create(List.of("zone-a"), o -> o.controlPlaneCount(3));
    assertThat(names(oneZone))
        .containsExactly(
            "control-plane-zone-a-1",
            "control-plane-zone-a-2",
            "control-plane-zone-a-3",
            "nodes-zone-a");
    assertThat(oneZone.instanceGroups())
        .filteredOn(g -> g.spec().isControlPlane())
        .allSatisfy(g -> assertThat(g.spec().role()).isEqualTo("Master"));
    // Count above the zones: every name is numbered, round robin over the zones (kops' rule).
    ClusterBundle five =
        create(
            zones,
            o -> {
              o.controlPlaneZones(zones);
              o.controlPlaneCount(5);
            });
    assertThat(names(five))
        .filteredOn(n -> n.startsWith("control-plane"))
        .containsExactly(
            "control-plane-zone-a-1",
            "control-plane-zone-a-2",
            "control-plane-zone-b-1",
            "control-plane-zone-b-2",
            "control-plane-zone-c-1");
    assertThatThrownBy(
            () ->
                create(
                    zones,
                    o -> {
                      o.controlPlaneZones(zones);
                      o.controlPlaneCount(1);
                    }))
        .hasMessageContaining("--control-plane-count 1 is less than the 3 --control-plane-zones");
  }

  @Test
  void placesControlPlaneZonesThatAreNotNodeZonesInTheirOwnSubnets() {
    ClusterBundle b =
        create(List.of("zone-a"), o -> o.controlPlaneZones(List.of("zone-a", "zone-b", "zone-c")));
    assertThat(b.cluster().spec().subnets())
        .extracting(ClusterSubnet::name)
        .containsExactly("zone-a", "zone-b", "zone-c");
    assertThat(names(b))
        .containsExactly(
            "control-plane-zone-a", "control-plane-zone-b", "control-plane-zone-c", "nodes-zone-a");
  }

  @Test
  void spreadsTheNodeCountOverTheZonesFirstZonesTakingTheRemainder() {
    ClusterBundle b = create(List.of("zone-a", "zone-b", "zone-c"), o -> o.nodeCount(5));
    assertThat(b.instanceGroups())
        .filteredOn(g -> g.spec().isNode())
        .extracting(g -> g.spec().minSize(), g -> g.spec().maxSize())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, 2),
            org.assertj.core.groups.Tuple.tuple(2, 2),
            org.assertj.core.groups.Tuple.tuple(1, 1));
  }

  @Test
  void takesMachineTypesAccessAndSecurityGroupsFromTheOptions() {
    ClusterBundle b =
        create(
            List.of("zone-a"),
            o -> {
              o.controlPlaneSize("c5.large");
              o.nodeSize("m5.large");
              o.adminAccess(List.of("10.0.0.0/8"));
              o.nodeSecurityGroups(List.of("sg-1"));
              o.controlPlaneSecurityGroups(List.of("sg-2"));
              o.kubernetesVersion("v1.30.1");
            });
    InstanceGroupSpec cp = b.instanceGroup("control-plane-zone-a").orElseThrow().spec();
    InstanceGroupSpec nodes = b.instanceGroup("nodes-zone-a").orElseThrow().spec();
    assertThat(cp.machineType()).isEqualTo("c5.large");
    assertThat(nodes.machineType()).isEqualTo("m5.large");
    assertThat(cp.additionalSecurityGroups()).containsExactly("sg-2");
    assertThat(nodes.additionalSecurityGroups()).containsExactly("sg-1");
    assertThat(nodes.nodeLabels()).containsEntry("kops.k8s.io/instancegroup", "nodes-zone-a");
    assertThat(b.instanceGroup("nodes-zone-a").orElseThrow().metadata().labels())
        .containsEntry("kops.k8s.io/cluster", "c.example.com");
    // --ssh-access defaults to --admin-access, as in kops.
    assertThat(b.cluster().spec().sshAccess()).containsExactly("10.0.0.0/8");
    assertThat(b.cluster().spec().kubernetesApiAccess()).containsExactly("10.0.0.0/8");
    assertThat(b.cluster().spec().kubernetesVersion()).isEqualTo("v1.30.1");
    ClusterBundle defaults = create(List.of("zone-a"), o -> {});
    assertThat(defaults.instanceGroup("control-plane-zone-a").orElseThrow().spec().machineType())
        .isEqualTo("m3.medium");
    assertThat(defaults.instanceGroup("nodes-zone-a").orElseThrow().spec().machineType())
        .isEqualTo("t2.medium");
  }

  @Test
  void mapsEveryNetworkingFlagAndRefusesUnknownOnesListingTheValidModes() {
    assertThat(
            create(List.of("zone-a"), o -> o.networking("kopeio-vxlan"))
                .cluster()
                .spec()
                .networking())
        .isInstanceOf(NetworkingSpec.Kopeio.class);
    assertThat(
            create(List.of("zone-a"), o -> o.networking("flannel-udp"))
                .cluster()
                .spec()
                .networking())
        .isEqualTo(new NetworkingSpec.Flannel("udp", null));
    assertThatThrownBy(() -> create(List.of("zone-a"), o -> o.networking("vxlan-please")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("unknown networking mode \"vxlan-please\"")
        .hasMessageContaining("kubenet, classic, external, cni, kopeio-vxlan");
    assertThatThrownBy(() -> create(List.of("zone-a"), o -> o.networking("gce")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("jkops has no GCE cloud")
        .hasMessageContaining("valid modes are: kubenet, classic");
  }

  @Test
  void ciliumFlagsWriteWhatKopsCreateWrites() {
    ClusterBundle cilium = create(List.of("zone-a"), o -> o.networking("cilium"));
    assertThat(cilium.cluster().spec().networking())
        .isEqualTo(
            new NetworkingSpec.Cilium(null, null, null, true, null, null, null, null, null, null));
    assertThat(cilium.cluster().spec().kubeProxy().enabled())
        .as("cilium's node port replaces kube-proxy")
        .isFalse();
    assertThat(cilium.cluster().spec().extra().get("etcdClusters").toString())
        .doesNotContain("name=cilium");
    ClusterBundle etcd = create(List.of("zone-a"), o -> o.networking("cilium-etcd"));
    assertThat(((NetworkingSpec.Cilium) etcd.cluster().spec().networking()).etcd()).isTrue();
    assertThat(etcd.cluster().spec().extra().get("etcdClusters").toString())
        .contains("name=cilium");
    ClusterBundle eni = create(List.of("us-east-1a"), o -> o.networking("cilium-eni"));
    assertThat(((NetworkingSpec.Cilium) eni.cluster().spec().networking()).ipam()).isEqualTo("eni");
  }

  @Test
  void refusesMissingZonesUnknownTopologyAndBadNamesBeforeBuildingAnything() {
    assertThatThrownBy(() -> create(List.of(), o -> {})).hasMessageContaining("--zones");
    assertThatThrownBy(() -> create(List.of("zone-a", "zone-a"), o -> {}))
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> create(List.of("Zone_A"), o -> {}))
        .hasMessageContaining("\"Zone_A\" is not a zone name");
    assertThatThrownBy(() -> create(List.of("zone-a"), o -> o.controlPlaneZones(List.of("../x"))))
        .hasMessageContaining("--control-plane-zones");
    assertThatThrownBy(() -> create(List.of("zone-a"), o -> o.topology("hybrid")))
        .hasMessageContaining("--topology \"hybrid\"")
        .hasMessageContaining("public or private");
    assertThatThrownBy(() -> create(List.of("zone-a"), o -> o.name("../../etc")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("metadata.name");
  }

  @Test
  void asksForTheVpcCidrWhenAnExistingVpcIsGiven() {
    assertThatThrownBy(() -> create(List.of("us-test-1a"), o -> o.networkId("vpc-1")))
        .hasMessageContaining("--network-cidr is required with an existing VPC (vpc-1)");
    ClusterBundle b =
        create(
            List.of("us-test-1a"),
            o -> {
              o.networkId("vpc-1");
              o.networkCidrs(List.of("10.0.0.0/12"));
            });
    assertThat(b.cluster().spec().networkID()).isEqualTo("vpc-1");
    assertThat(b.cluster().spec().subnets().get(0).cidr()).isEqualTo("10.0.0.0/12");
  }

  @Test
  void writesTheKopsFieldsJkopsDoesNotModelSoGetLooksLikeKops() {
    List<String> zones = List.of("us-test-1a", "us-test-1b", "us-test-1c");
    ClusterBundle b = create(zones, o -> o.controlPlaneZones(zones));
    String yaml = YamlCodec.toYaml(b.cluster());
    assertThat(yaml)
        .contains("channel: stable")
        .contains("rbac: {}")
        .contains("anonymousAuth: false")
        .contains("allowContainerRegistry: true")
        .contains("instanceGroup: control-plane-us-test-1c")
        .doesNotContain("configBase")
        .doesNotContain("podCIDR");
    // And what is written reads back the same.
    Cluster back = YamlCodec.read(yaml, "created").clusters().get(0);
    assertThat(YamlCodec.toTree(back)).isEqualTo(YamlCodec.toTree(b.cluster()));
  }

  @Test
  void completesThePodAndServiceRangesFromTheNonMasqueradeCidr() {
    Cluster c = ClusterDefaults.complete(create(List.of("zone-a"), o -> {}).cluster());
    ClusterSpec s = c.spec();
    assertThat(s.podCIDR()).isEqualTo("100.96.0.0/11");
    assertThat(s.serviceClusterIPRange()).isEqualTo("100.64.0.0/13");
    assertThat(s.kubeProxy().clusterCIDR()).isEqualTo("100.96.0.0/11");
    assertThat(s.kubeControllerManager().clusterCIDR()).isEqualTo("100.96.0.0/11");
    assertThat(s.kubelet().extra()).containsEntry("anonymousAuth", false);
  }

  @Test
  void completesFromTheUsersOwnNonMasqueradeCidrAndKeepsWhatTheUserSet() {
    ClusterSpecBuilder b = new ClusterSpecBuilder();
    b.nonMasqueradeCIDR = "10.0.0.0/8";
    b.networkCIDR = "172.16.0.0/16";
    b.subnets = List.of(ClusterSubnet.of("a", "a", null, "Public"));
    b.kubeControllerManager = new KubeControllerManagerConfig(true, null, null, 25, null);
    ClusterSpec s = ClusterDefaults.complete(Cluster.of("c.example.com", b.build())).spec();
    assertThat(s.podCIDR()).isEqualTo("10.128.0.0/9");
    assertThat(s.serviceClusterIPRange()).isEqualTo("10.0.0.0/11");
    assertThat(s.kubeControllerManager().allocateNodeCIDRs()).isTrue();
    assertThat(s.kubeControllerManager().nodeCIDRMaskSize()).isEqualTo(25);
    assertThat(s.subnets().get(0).cidr()).isEqualTo("172.16.0.0/16");

    b.podCIDR = "10.200.0.0/16";
    assertThat(ClusterDefaults.complete(Cluster.of("c.example.com", b.build())).spec().podCIDR())
        .isEqualTo("10.200.0.0/16");
  }

  @Test
  void fillsTheNetworkDefaultsOnlyWhereAbsentAndNotForAnExistingVpc() {
    ClusterSpec empty =
        ClusterDefaults.complete(Cluster.of("c.example.com", new ClusterSpecBuilder().build()))
            .spec();
    assertThat(empty.networkCIDR()).isEqualTo("172.20.0.0/16");
    assertThat(empty.nonMasqueradeCIDR()).isEqualTo("100.64.0.0/10");
    ClusterSpecBuilder vpc = new ClusterSpecBuilder();
    vpc.networkID = "vpc-1";
    assertThat(
            ClusterDefaults.complete(Cluster.of("c.example.com", vpc.build())).spec().networkCIDR())
        .isNull();
  }

  @Test
  void completionIsIdempotentAndToleratesMalformedRanges() {
    Cluster once = ClusterDefaults.complete(create(List.of("zone-a", "zone-b"), o -> {}).cluster());
    assertThat(ClusterDefaults.complete(once)).isEqualTo(once);
    ClusterSpecBuilder b = new ClusterSpecBuilder();
    b.nonMasqueradeCIDR = "100.64.0.0";
    ClusterSpec s = ClusterDefaults.complete(Cluster.of("c.example.com", b.build())).spec();
    assertThat(s.podCIDR()).isNull();
    assertThat(s.nonMasqueradeCIDR()).isEqualTo("100.64.0.0");
  }
}
