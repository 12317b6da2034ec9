package dev.jkops.cloud.local.design;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.NodeBridge;
import dev.jkops.cloud.local.resources.NodeCniConfig;
import dev.jkops.cloud.local.resources.SourceDestCheckIpv6;
import dev.jkops.cloud.local.resources.VpcIpv6Route;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.DependencyOrder;
import dev.jkops.testing.Ipv6LocalSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the local cloud designs for an IPv6 cluster beyond its first build: the IPv6 source/dest
 * check of each instance, and the resources while a change is rolled out, when old and new nodes
 * run different configurations.
 */
class Ipv6DesignDayTwoTest {
  static final String NAME = "six.jkops.local";
  final ClusterNames names = ClusterNames.of(NAME, Path.of("/nonexistent"));

  static ClusterBundle bundle(String networking) {
    String text = Ipv6LocalSpec.yaml(NAME, networking, 2);
    YamlCodec.Documents d = YamlCodec.read(text, "six.yaml");
    ClusterBundle stored = new ClusterBundle(d.clusters().get(0), d.instanceGroups());
    return new ClusterBundle(ClusterCompletion.complete(stored), stored.instanceGroups());
  }

  NetworkPlan plan(String networking, IpamState ipam) {
    return NetworkPlanner.plan(bundle(networking), ipam, names.cloudFacts());
  }

  static <T extends LocalResource> Map<String, T> byInstance(
      List<LocalResource> resources, Class<T> kind, Function<T, String> instance) {
    return resources.stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .collect(Collectors.toMap(instance, r -> r));
  }

  @Test
  void calicoKeepsTheCheckOnIpv6ForEachInstancesAddressAndPrefixAndCiliumHasNone() {
    NetworkPlan calico = plan("calico: {}", IpamState.empty());
    List<LocalResource> designed =
        LocalDesign.of(names, calico, bundle("calico: {}").cluster().spec().subnetsOrEmpty())
            .resources();
    Map<String, SourceDestCheckIpv6> checks =
        byInstance(designed, SourceDestCheckIpv6.class, SourceDestCheckIpv6::instance);
    assertThat(checks.keySet())
        .containsExactlyInAnyOrderElementsOf(
            calico.instances().stream().map(Instance::name).toList());
    for (Instance i : calico.instances()) {
      assertThat(checks.get(i.name()).own())
          .as(i.name())
          .containsExactly(
              i.ipv6Ip() + "/128", calico.ipam().ipv6NodePrefixes().get(i.name()).toString());
    }
    assertThat(checks.get("nodes-2").own()).contains("2001:db8:0:112:1::/80");

    NetworkPlan cilium = plan("cilium: {}", IpamState.empty());
    assertThat(
            LocalDesign.of(names, cilium, bundle("cilium: {}").cluster().spec().subnetsOrEmpty())
                .resources())
        .noneMatch(SourceDestCheckIpv6.class::isInstance);
  }

  /**
   * A change of calico's MTU, rolled half way: the VPC keeps a route to every node's /80, each node
   * keeps the bridge and CNI config (MTU) of the configuration it runs, and the design is one the
   * engine can order (no resource twice).
   */
  @Test
  void whileAChangeIsRolledEveryNodeStaysRoutedOnTheConfigurationItRuns() {
    NetworkPlan current = plan("calico: {mtu: 1400}", IpamState.empty());
    NetworkPlan old = plan("calico: {}", current.ipam());
    NodeGenerations generations = new NodeGenerations(current, Map.of("nodes-1", old));
    assertThat(generations.mixed()).isTrue();

    LocalDesign.Result r =
        LocalDesign.of(names, generations, bundle("calico: {}").cluster().spec().subnetsOrEmpty());
    List<LocalResource> designed = r.resources();
    assertThat(DependencyOrder.sort(designed)).hasSameSizeAs(designed);

    Map<String, VpcIpv6Route> routes =
        byInstance(designed, VpcIpv6Route.class, VpcIpv6Route::instance);
    for (Instance i : current.instances()) {
      assertThat(routes).as(i.name()).containsKey(i.name());
      assertThat(routes.get(i.name()).destination())
          .isEqualTo(current.ipam().ipv6NodePrefixes().get(i.name()).toString());
    }
    Map<String, NodeBridge> bridges = byInstance(designed, NodeBridge.class, NodeBridge::instance);
    assertThat(bridges.get("nodes-1").mtu()).isEqualTo(old.mtu()).isNotEqualTo(1400);
    assertThat(bridges.get("nodes-2").mtu()).isEqualTo(1400);
    Map<String, NodeCniConfig> cni =
        byInstance(designed, NodeCniConfig.class, NodeCniConfig::instance);
    assertThat(cni.get("nodes-1").content()).containsPattern("\"mtu\" ?: ?" + old.mtu() + ",");
    assertThat(cni.get("nodes-2").content()).containsPattern("\"mtu\" ?: ?1400,");
    assertThat(byInstance(designed, SourceDestCheckIpv6.class, SourceDestCheckIpv6::instance))
        .containsKeys("nodes-1", "nodes-2", "control-plane-zone-a-1");
    assertThat(r.notes()).anyMatch(n -> n.startsWith("keeps traffic"));
  }
}
