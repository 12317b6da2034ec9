package dev.jkops.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.PeerData;
import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.model.ipam.IpamState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FirewallModelTest {

  /**
   * Rules kops writes that belong to the AWS cloud, not the model: load balancers' groups (api-elb,
   * bastion-elb), their ICMP path-MTU rules, https-elb-to-master, and ssh from the utility subnets
   * where the bastion's load balancer lives.
   */
  static boolean loadBalancerRule(String name, ClusterBundle b) {
    boolean fromUtility =
        b.cluster().spec().subnetsOrEmpty().stream()
            .filter(s -> "Utility".equals(s.type()) && s.cidr() != null)
            .anyMatch(s -> name.startsWith("from-" + FirewallRule.dashed(s.cidr()) + "-"));
    return name.contains("-elb-")
        || name.startsWith("icmp")
        || name.startsWith("https-elb")
        || fromUtility;
  }

  /** Differences the test names, each with its reason. */
  static final Map<String, String> KNOWN =
      Map.of(
          "from-0-0-0-0--0-ingress-tcp-22to22-bastion-privatecalico-example-com",
          "kops HEAD fronts the bastion with an NLB (bastion-elb); jkops opens ssh to the bastion itself, as kops 1.27 did",
          "from-__--0-ingress-tcp-22to22-bastion-privatecalico-example-com",
          "as above, for the IPv6 sshAccess entry",
          "from-0-0-0-0--0-ingress-tcp-22to22-bastion-privateflannel-example-com",
          "as above");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "minimal-aws@HEAD",
        "privatecalico@HEAD",
        "privateflannel@HEAD",
        "privateweave@v1.27.0"
      })
  void rulesBetweenGroupsCarryKopsNamesAndPorts(String kase) throws Exception {
    Path dir = PeerData.kops().resolve("update_cluster").resolve(kase);
    ClusterBundle bundle = bundle(dir);
    NetworkPlan plan = NetworkPlanner.plan(bundle, IpamState.empty());
    Map<String, JsonNode> kops = kopsRules(dir);
    Map<String, FirewallRule> ours =
        plan.firewallRules().stream()
            .collect(Collectors.toMap(r -> r.name(plan.clusterName()), r -> r, (a, b) -> a));

    Set<String> missingInKops = new TreeSet<>(ours.keySet());
    missingInKops.removeAll(kops.keySet());
    missingInKops.removeAll(KNOWN.keySet());
    Set<String> missingInOurs =
        kops.keySet().stream()
            .filter(n -> !loadBalancerRule(n, bundle))
            .filter(n -> !ours.containsKey(n))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(missingInKops).as("rules jkops plans that kops does not write").isEmpty();
    assertThat(missingInOurs).as("rules kops writes that jkops does not plan").isEmpty();

    for (Map.Entry<String, FirewallRule> e : ours.entrySet()) {
      JsonNode k = kops.get(e.getKey());
      if (k == null) {
        continue;
      }
      FirewallRule r = e.getValue();
      String proto = r.isAllTraffic() ? "-1" : r.protocol();
      assertThat(k.path("protocol").asText()).as(e.getKey()).isEqualTo(proto);
      assertThat(k.path("from_port").asInt()).as(e.getKey()).isEqualTo(r.fromPort());
      assertThat(k.path("to_port").asInt()).as(e.getKey()).isEqualTo(r.toPort());
      assertThat(k.path("type").asText())
          .as(e.getKey())
          .isEqualTo(r.direction().name().toLowerCase());
    }
  }

  @Test
  void calicoAddsExactlyTheProtocolFourRuleFromNodesToMasters() {
    NetworkPlan calico =
        NetworkPlanner.plan(TestClusters.oneZone("c.example.com", "calico"), IpamState.empty());
    NetworkPlan flannel =
        NetworkPlanner.plan(TestClusters.oneZone("c.example.com", "flannel"), IpamState.empty());
    Set<String> extra = names(calico);
    extra.removeAll(names(flannel));
    assertThat(extra)
        .containsExactly("from-nodes-c-example-com-ingress-4-0to0-masters-c-example-com");
  }

  @Test
  void calicosEtcdDatastoreOpensEtcdToNodesWhichKopsKeepsClosedOtherwise() {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "calico");
    var s = b.cluster().spec().toBuilder();
    s.networking = new dev.jkops.api.NetworkingSpec.Calico(null, null, null, null, "etcd", null);
    NetworkPlan plan =
        NetworkPlanner.plan(
            new ClusterBundle(b.cluster().withSpec(s.build()), b.instanceGroups()),
            IpamState.empty());
    assertThat(names(plan))
        .contains("from-nodes-c-example-com-ingress-tcp-4001to4001-masters-c-example-com");
    assertThat(names(NetworkPlanner.plan(b, IpamState.empty())))
        .doesNotContain("from-nodes-c-example-com-ingress-tcp-4001to4001-masters-c-example-com");
  }

  @Test
  void everyProvidersPortsAreAdmittedByThePlannedRules() {
    for (String mode : NetworkPlannerTest.MODES) {
      String k8s = mode.equals("classic") ? "1.4.12" : "1.34.0";
      ClusterBundle b = TestClusters.threeZonesHa("c.example.com", mode, k8s);
      NetworkPlan plan = NetworkPlanner.plan(b, IpamState.empty());
      NetworkProvider p = NetworkProviders.forSpec(b.cluster().spec().networking());
      for (PortNeed need : p.cloudNeeds(NetworkContext.of(b)).ports()) {
        assertThat(plan.firewallRules())
            .as("%s: %s", mode, need)
            .anyMatch(
                r ->
                    r.covers(
                        need.from(), need.to(), need.protocol(), need.fromPort(), need.toPort()));
      }
    }
  }

  @Test
  void etcdPeerAndClientPortsStayClosedToNodes() {
    NetworkPlan plan =
        NetworkPlanner.plan(TestClusters.oneZone("c.example.com", "kubenet"), IpamState.empty());
    for (int port : new int[] {2380, 2381, 4001, 4002}) {
      assertThat(plan.firewallRules())
          .noneMatch(r -> r.covers(Role.NODE, Role.CONTROL_PLANE, "tcp", port, port));
    }
    assertThat(plan.firewallRules())
        .anyMatch(r -> r.covers(Role.NODE, Role.CONTROL_PLANE, "tcp", 443, 443));
  }

  static Set<String> names(NetworkPlan plan) {
    return plan.firewallRules().stream()
        .map(r -> r.name(plan.clusterName()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static ClusterBundle bundle(Path dir) throws Exception {
    YamlCodec.Documents docs =
        YamlCodec.read(Files.readString(dir.resolve("in-v1alpha2.yaml")), dir.toString());
    Cluster c = docs.clusters().get(0);
    return new ClusterBundle(c, docs.instanceGroups());
  }

  static Map<String, JsonNode> kopsRules(Path dir) throws Exception {
    JsonNode tf = new ObjectMapper().readTree(dir.resolve("kubernetes.tf.json").toFile());
    Map<String, JsonNode> out = new HashMap<>();
    tf.path("resource")
        .path("aws_security_group_rule")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue().isArray() ? e.getValue().get(0) : e.getValue();
              out.put(e.getKey(), v);
            });
    return out;
  }
}
