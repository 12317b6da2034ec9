package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IPv6 cluster specs as kops writes them (its minimal-ipv6 case): read, validated, completed. */
class Ipv6ClusterTest {

  /** kops' minimal-ipv6 cluster: IPv6-only private subnets, dual-stack control plane subnets. */
  private static final String IPV6 =
      """
      apiVersion: kops.k8s.io/v1alpha2
      kind: Cluster
      metadata:
        name: minimal-ipv6.example.com
      spec:
        cloudProvider: aws
        kubernetesVersion: v1.32.0
        networkCIDR: 172.20.0.0/16
        networking:
          NETWORKING
        nonMasqueradeCIDR: NONMASQ
        sshAccess: [0.0.0.0/0, "::/0"]
        subnets:
        - {name: us-test-1a, zone: us-test-1a, type: Private, ipv6CIDR: "2001:db8:0:111::/64"}
        - {name: dualstack-us-test-1a, zone: us-test-1a, type: DualStack, cidr: 172.20.32.0/19, ipv6CIDR: "/64#3"}
        - {name: utility-us-test-1a, zone: us-test-1a, type: Utility, cidr: 172.20.0.0/22, ipv6CIDR: "2001:db8:0:115::/64"}
      ---
      apiVersion: kops.k8s.io/v1alpha2
      kind: InstanceGroup
      metadata:
        name: nodes
        labels: {kops.k8s.io/cluster: minimal-ipv6.example.com}
      spec: {role: Node, machineType: t3.medium, minSize: 2, maxSize: 2, subnets: [us-test-1a]}
      ---
      apiVersion: kops.k8s.io/v1alpha2
      kind: InstanceGroup
      metadata:
        name: master-us-test-1a
        labels: {kops.k8s.io/cluster: minimal-ipv6.example.com}
      spec: {role: Master, machineType: m3.medium, minSize: 1, maxSize: 1, subnets: [dualstack-us-test-1a]}
      """;

  private static ClusterBundle bundle(String text) {
    YamlCodec.Documents d = YamlCodec.read(text, "ipv6.yaml");
    return new ClusterBundle(d.clusters().get(0), d.instanceGroups());
  }

  private static ClusterBundle ipv6(String networking, String nonMasq) {
    return bundle(IPV6.replace("NETWORKING", networking).replace("NONMASQ", nonMasq));
  }

  private static List<String> errors(ClusterBundle b) {
    return ClusterValidator.validate(b).stream().map(FieldError::toString).toList();
  }

  @Test
  void kopsIpv6CalicoClusterIsValidAndKeepsItsIpv6Ranges() {
    ClusterBundle b = ipv6("calico: {}", "\"::/0\"");
    assertThat(errors(b)).isEmpty();
    ClusterSubnet first = b.cluster().spec().subnets().get(0);
    assertThat(first.ipv6CIDR()).isEqualTo("2001:db8:0:111::/64");
    // written back as read: the field name is kops' (ipv6CIDR), not a Java bean's
    assertThat(YamlCodec.toTree(b.cluster()).at("/spec/subnets/1/ipv6CIDR").asText())
        .isEqualTo("/64#3");
  }

  @Test
  void completionGivesKopsIpv6ServiceRangeNoPodCidrAndCarvesNothingForIpv6OnlySubnets() {
    ClusterSpec s = ClusterDefaults.complete(ipv6("calico: {}", "\"::/0\"").cluster()).spec();
    assertThat(s.serviceClusterIPRange()).isEqualTo("fd00:5e4f:ce::/108");
    assertThat(s.podCIDR()).isNull();
    assertThat(s.subnets().get(0).cidr()).as("IPv6-only private subnet").isNull();
    assertThat(s.subnets().get(1).cidr()).isEqualTo("172.20.32.0/19");
  }

  @Test
  void onlyColonColonSlashZeroIsAnIpv6NonMasqueradeCidr() {
    assertThat(errors(ipv6("calico: {}", "\"2001:db8::/32\"")))
        .contains(
            "spec.nonMasqueradeCIDR: Forbidden: IPv6 clusters must have a nonMasqueradeCIDR of"
                + " \"::/0\"");
  }

  @Test
  void providersWithoutIpv6AreRefusedWithKopsReason() {
    assertThat(errors(ipv6("kubenet: {}", "\"::/0\"")))
        .anyMatch(
            e -> e.startsWith("spec.networking.kubenet: Forbidden: Kubenet does not support IPv6"));
    assertThat(errors(ipv6("flannel: {}", "\"::/0\"")))
        .anyMatch(e -> e.startsWith("spec.networking: Forbidden: Flannel does not support IPv6"));
    assertThat(errors(ipv6("cilium: {}", "\"::/0\""))).isEmpty();
    assertThat(errors(ipv6("kindnet: {}", "\"::/0\""))).isEmpty();
  }

  @Test
  void calicoOnIpv6MustNotEncapsulate() {
    assertThat(errors(ipv6("calico: {encapsulationMode: vxlan}", "\"::/0\"")))
        .contains(
            "spec.networking.calico.encapsulationMode: Forbidden: IPv6 requires an"
                + " encapsulationMode of \"none\"");
  }

  @Test
  void ipv6CidrFormsAreCheckedWithKopsMessages() {
    String text = IPV6.replace("NETWORKING", "calico: {}").replace("NONMASQ", "\"::/0\"");
    assertThat(errors(bundle(text.replace("\"/64#3\"", "\"/64#xyz\""))))
        .anyMatch(
            e ->
                e.startsWith(
                    "spec.subnets[1].ipv6CIDR: Invalid value: \"/64#xyz\": IPv6 CIDR subnet is"
                        + " not parsable"));
    assertThat(errors(bundle(text.replace("\"/64#3\"", "\"/129#1\""))))
        .anyMatch(e -> e.endsWith("IPv6 CIDR subnet size must be a value between 0 and 128"));
    assertThat(errors(bundle(text.replace("\"/64#3\"", "\"10.0.0.0/24\""))))
        .anyMatch(e -> e.endsWith("Network is not an IPv6 CIDR"));
    assertThat(errors(bundle(text.replace("\"/64#3\"", "\"2001:db8:0:111::5/64\""))))
        .anyMatch(e -> e.contains("has host bits set; did you mean 2001:db8:0:111::/64?"));
    assertThat(errors(bundle(text.replace("\"/64#3\"", "\"2001:db8:0:111::/64\""))))
        .anyMatch(e -> e.contains("overlaps subnet \"us-test-1a\""));
    assertThat(errors(bundle(text.replace("\"/64#3\"", "\"fd00:5e4f:ce::/112\""))))
        .anyMatch(
            e ->
                e.endsWith(
                    "ipv6CIDR \"fd00:5e4f:ce::/112\" must not overlap serviceClusterIPRange"
                        + " \"fd00:5e4f:ce::/108\""));
  }

  @Test
  void ipv4RangesInAnIpv6ClusterAreNamed() {
    String text =
        IPV6.replace("NETWORKING", "calico: {}")
            .replace("NONMASQ", "\"::/0\"\n  serviceClusterIPRange: 100.64.0.0/13");
    assertThat(errors(bundle(text)))
        .anyMatch(
            e ->
                e.startsWith(
                    "spec.serviceClusterIPRange: Invalid value: \"100.64.0.0/13\": is an IPv4"
                        + " range, but nonMasqueradeCIDR ::/0 makes this an IPv6 cluster"));
  }

  @Test
  void dualStackSubnetsOnlyInIpv6Clusters() {
    ClusterBundle v4 = ipv6("calico: {}", "100.64.0.0/10");
    assertThat(errors(v4))
        .contains(
            "spec.subnets[1].type: Forbidden: subnet type DualStack may only be used in IPv6"
                + " clusters");
  }

  @Test
  void theLocalCloudTakesKopsIpv6ClusterWithItsIpv6OnlySubnets() {
    String local =
        IPV6.replace("NETWORKING", "calico: {}")
            .replace("NONMASQ", "\"::/0\"")
            .replace("cloudProvider: aws", "cloudProvider: local")
            .replace("us-test-1a", "local-a");
    // local-a (kops' us-test-1a) has no IPv4 cidr: its instances are IPv6 only, as on AWS
    assertThat(errors(bundle(local))).isEmpty();
    // an IPv4 cluster's subnet still needs its IPv4 cidr, on either cloud
    assertThat(errors(bundle(local.replace("\"::/0\"", "100.64.0.0/10"))))
        .anyMatch(e -> e.startsWith("spec.subnets[0].cidr"));
  }

  @Test
  void switchingAnIpv4ClusterToIpv6IsRefusedAsKopsDoesNotSupportIt() {
    Cluster v4 = ipv6("calico: {}", "100.64.0.0/10").cluster();
    Cluster v6 = ipv6("calico: {}", "\"::/0\"").cluster();
    assertThatThrownBy(() -> ClusterValidator.checkUpdate(v4, v6))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "spec.nonMasqueradeCIDR: Forbidden: switching an existing cluster from IPv4 to IPv6"
                + " is not supported by kops; put back nonMasqueradeCIDR: 100.64.0.0/10");
    ClusterValidator.checkUpdate(v6, v6);
  }

  @Test
  void relativeIpv6CidrIsTheNthBlockOfTheVpcRangeInHex() {
    Ipv6Cidr vpc = Ipv6Cidr.parse("2001:db8::/56");
    assertThat(Ipv6Cidr.parseRelative("/64#a").within(vpc).toString())
        .isEqualTo("2001:db8:0:a::/64");
    assertThat(Ipv6Cidr.parseRelative("/64#1").index()).isEqualTo(BigInteger.ONE);
    assertThat(Ipv6Cidr.parse("2001:DB8:0:0:1::/80").toString()).isEqualTo("2001:db8:0:0:1::/80");
  }
}
