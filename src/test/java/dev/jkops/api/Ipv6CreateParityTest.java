package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code create cluster --ipv6} against kops' own IPv6 create case ({@code
 * create_cluster/ipv6@HEAD}, kept in the test resources as kops wrote it): the same networking
 * fields, subnet for subnet and group for group; and the layouts kops' code makes from the same
 * flag for what that case does not cover (more zones, public topology, a bastion), the providers it
 * accepts and refuses, and the local cloud's variant.
 */
class Ipv6CreateParityTest {

  static KopsCreateCase kopsIpv6Case() throws Exception {
    return KopsCreateCase.load(
        Path.of(Ipv6CreateParityTest.class.getResource("/kops-create-cluster/ipv6@HEAD").toURI()));
  }

  static CreateClusterOptions ipv6(
      String cloud, List<String> zones, String networking, String topology, boolean bastion) {
    return CreateClusterOptions.builder("v6.example.com", zones)
        .cloud(cloud)
        .networking(networking)
        .topology(topology)
        .bastion(bastion)
        .ipv6(true)
        .build();
  }

  @Test
  void kopsIpv6CaseGivesKopsNetworkingFieldForField() throws Exception {
    KopsCreateCase c = kopsIpv6Case();
    assertThat(c.options().ipv6()).as("options.yaml's IPv6: true is read").isTrue();
    ClusterBundle bundle = ClusterDefaults.create(c.options());
    Map<String, String> actual =
        KopsCreateCase.networkingFields(bundle.cluster(), bundle.instanceGroups());
    Map<String, String> expected =
        KopsCreateCase.networkingFields(
            c.expected().clusters().get(0), c.expected().instanceGroups());
    TreeSet<String> keys = new TreeSet<>(actual.keySet());
    keys.addAll(expected.keySet());
    Map<String, String> mismatches = new LinkedHashMap<>();
    for (String k : keys) {
      if (!Objects.equals(actual.get(k), expected.get(k))) {
        mismatches.put(k, "jkops " + actual.get(k) + " / kops " + expected.get(k));
      }
    }
    assertThat(mismatches).isEmpty();
    // the fields that make it IPv6, stated once more in kops' words
    assertThat(expected)
        .containsEntry("nonMasqueradeCIDR", "::/0")
        .containsEntry("subnet[us-test-1a].cidr", null)
        .containsEntry("subnet[us-test-1a].ipv6CIDR", "/64#0")
        .containsEntry("subnet[dualstack-us-test-1a].cidr", "172.20.64.0/18")
        .containsEntry("instanceGroup[control-plane-us-test-1a].subnets", "[dualstack-us-test-1a]");
    assertThat(bundle.cluster().spec().extra()).containsEntry("cloudControllerManager", Map.of());
    assertThat(ClusterValidator.validate(bundle)).isEmpty();
  }

  @Test
  void threePrivateZonesGetTheirDualStackTwinsThenUtilitySubnetsAndHexBlocks() {
    ClusterBundle b =
        ClusterDefaults.create(
            CreateClusterOptions.builder(
                    "v6.example.com", List.of("us-test-1a", "us-test-1b", "us-test-1c"))
                .cloud("aws")
                .controlPlaneCount(3)
                .networking("calico")
                .ipv6(true)
                .build());
    List<ClusterSubnet> s = b.cluster().spec().subnets();
    assertThat(s)
        .extracting(x -> x.name() + " " + x.type() + " " + x.cidr() + " " + x.ipv6CIDR())
        .containsExactly(
            "us-test-1a Private null /64#0",
            "us-test-1b Private null /64#1",
            "us-test-1c Private null /64#2",
            // kops' carving: 6 subnets + the utility block -> eight /19s, the first cut in /22s
            "dualstack-us-test-1a DualStack 172.20.32.0/19 /64#3",
            "dualstack-us-test-1b DualStack 172.20.64.0/19 /64#4",
            "dualstack-us-test-1c DualStack 172.20.96.0/19 /64#5",
            "utility-us-test-1a Utility 172.20.0.0/22 /64#6",
            "utility-us-test-1b Utility 172.20.4.0/22 /64#7",
            "utility-us-test-1c Utility 172.20.8.0/22 /64#8");
    assertThat(b.instanceGroups())
        .extracting(g -> g.name() + " " + g.spec().subnets())
        .containsExactly(
            "control-plane-us-test-1a [dualstack-us-test-1a]",
            "control-plane-us-test-1b [dualstack-us-test-1b]",
            "control-plane-us-test-1c [dualstack-us-test-1c]",
            "nodes-us-test-1a [us-test-1a]",
            "nodes-us-test-1b [us-test-1b]",
            "nodes-us-test-1c [us-test-1c]");
    assertThat(ClusterValidator.validate(b)).isEmpty();
  }

  @Test
  void sixteenSubnetsNumberTheirBlocksInHexadecimalAsKopsDoes() {
    List<String> zones =
        List.of("us-test-1a", "us-test-1b", "us-test-1c", "us-test-1d", "us-test-1e");
    ClusterBundle b = ClusterDefaults.create(ipv6("aws", zones, "calico", "private", false));
    // 5 Private, 5 DualStack, 5 Utility: the eleventh is /64#a, the fifteenth /64#e
    assertThat(b.cluster().spec().subnets())
        .extracting(ClusterSubnet::ipv6CIDR)
        .containsExactly(
            "/64#0", "/64#1", "/64#2", "/64#3", "/64#4", "/64#5", "/64#6", "/64#7", "/64#8",
            "/64#9", "/64#a", "/64#b", "/64#c", "/64#d", "/64#e");
  }

  @Test
  void publicTopologyKeepsOnePublicDualStackSubnetPerZone() {
    ClusterBundle b =
        ClusterDefaults.create(ipv6("aws", List.of("us-test-1a"), "cilium", "public", false));
    assertThat(b.cluster().spec().subnets())
        .extracting(x -> x.name() + " " + x.type() + " " + x.cidr() + " " + x.ipv6CIDR())
        .containsExactly("us-test-1a Public 172.20.0.0/16 /64#0");
    assertThat(b.instanceGroups())
        .extracting(g -> g.name() + " " + g.spec().subnets())
        .containsExactly("control-plane-us-test-1a [us-test-1a]", "nodes-us-test-1a [us-test-1a]");
    assertThat(b.cluster().spec().nonMasqueradeCIDR()).isEqualTo("::/0");
    assertThat(ClusterValidator.validate(b)).isEmpty();
  }

  @Test
  void theBastionGoesToTheDualStackSubnets() {
    ClusterBundle b =
        ClusterDefaults.create(
            ipv6("aws", List.of("us-test-1a", "us-test-1b"), "calico", null, true));
    InstanceGroup bastion =
        b.instanceGroups().stream().filter(g -> g.name().equals("bastions")).findFirst().get();
    assertThat(bastion.spec().subnets())
        .containsExactly("dualstack-us-test-1a", "dualstack-us-test-1b");
    assertThat(ClusterValidator.validate(b)).isEmpty();
  }

  @Test
  void withoutNetworkingItIsKopsDefaultCiliumNotJkopsKubenet() {
    ClusterBundle b = ClusterDefaults.create(ipv6("aws", List.of("us-test-1a"), null, null, false));
    assertThat(b.cluster().spec().networking()).isInstanceOf(NetworkingSpec.Cilium.class);
    assertThat(ClusterValidator.validate(b)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "kubenet|Kubenet does not support IPv6; IPv6 clusters run calico, cilium or kindnet",
        "kopeio|Kopeio does not support IPv6",
        "flannel|Flannel does not support IPv6",
        "kube-router|kube-router does not support IPv6",
        "amazonvpc|amazon-vpc-routed-eni networking does not support IPv6",
        "cilium-eni|Cilium ENI IPAM does not support IPv6; use --networking cilium, calico or"
            + " kindnet"
      })
  void providersKopsRefusesForIpv6AreRefusedOnTheFlagWithKopsReason(String mode, String why) {
    assertThatThrownBy(
            () -> ClusterDefaults.create(ipv6("aws", List.of("us-test-1a"), mode, null, false)))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("--networking " + mode + " cannot run an IPv6 cluster (--ipv6): ")
        .hasMessageContaining(why);
  }

  @ParameterizedTest
  @CsvSource({"calico", "cilium", "kindnet"})
  void providersKopsRunsIpv6WithAreAccepted(String mode) {
    ClusterBundle b = ClusterDefaults.create(ipv6("aws", List.of("us-test-1a"), mode, null, false));
    assertThat(ClusterValidator.validate(b)).isEmpty();
  }

  /**
   * The local cloud: kops' layout where the local cloud builds IPv6-only subnets; while it refuses
   * them, the same layout with the Private subnets given an IPv4 range from the blocks kops'
   * carving left free, every other subnet as kops has it. Either way the spec passes validation, so
   * {@code update cluster --yes} can build it.
   */
  @Test
  void onTheLocalCloudTheLayoutIsKopsOrKopsWithIpv4OnThePrivateSubnets() {
    List<String> zones = List.of("zone-a", "zone-b");
    ClusterBundle local = ClusterDefaults.create(ipv6(null, zones, "calico", null, false));
    assertThat(local.cluster().spec().cloudProvider()).isEqualTo("local");
    // what kops would write for the same zones (on aws, where the layout is always kops')
    ClusterBundle kops = ClusterDefaults.create(ipv6("aws", zones, "calico", null, false));
    ClusterSpecBuilder asLocal = kops.cluster().spec().toBuilder();
    asLocal.cloudProvider = "local";
    // the local cloud's word on kops' IPv6-only Private subnets: a refusal names their cidr
    boolean localBuildsIpv6Only =
        ClusterValidator.validate(
                new ClusterBundle(kops.cluster().withSpec(asLocal.build()), kops.instanceGroups()))
            .stream()
            .noneMatch(e -> e.path().matches("spec\\.subnets\\[\\d+]\\.cidr"));

    // kops' carving: 4 Public/Private/DualStack subnets + the utility block -> eight /19s, the
    // first cut in /22s for the utility subnets; the DualStack ones take the next two
    String dualStackAndUtility =
        "dualstack-zone-a DualStack 172.20.32.0/19 /64#2,"
            + "dualstack-zone-b DualStack 172.20.64.0/19 /64#3,"
            + "utility-zone-a Utility 172.20.0.0/22 /64#4,"
            + "utility-zone-b Utility 172.20.4.0/22 /64#5";
    String privates =
        localBuildsIpv6Only
            ? "zone-a Private null /64#0,zone-b Private null /64#1,"
            // the next free /19s, in zone order
            : "zone-a Private 172.20.96.0/19 /64#0,zone-b Private 172.20.128.0/19 /64#1,";
    List<String> expected = List.of((privates + dualStackAndUtility).split(","));
    assertThat(local.cluster().spec().subnets())
        .extracting(x -> x.name() + " " + x.type() + " " + x.cidr() + " " + x.ipv6CIDR())
        .containsExactlyElementsOf(expected);
    assertThat(local.instanceGroups())
        .extracting(g -> g.name() + " " + g.spec().subnets())
        .containsExactly(
            "control-plane-zone-a [dualstack-zone-a]",
            "nodes-zone-a [zone-a]",
            "nodes-zone-b [zone-b]");
    assertThat(ClusterValidator.validate(local)).isEmpty();
  }
}
