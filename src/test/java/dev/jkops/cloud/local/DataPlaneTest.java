package dev.jkops.cloud.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.local.design.LocalCloudException;
import dev.jkops.cloud.local.design.LocalDesign;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.LocalNodes;
import dev.jkops.cloud.local.pods.NodeNetwork;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.Role;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every data plane brings up the cluster (a master and two nodes in two zones) from the
 * model's plan, and pod ranges reach each other with real packets: ping from one node's pod gateway
 * to another's, so the packet carries a pod source address as a pod's would.
 */
@RequiresRoot
class DataPlaneTest {
  final Kernel kernel = Kernel.system();
  @TempDir Path runtime;
  final List<LocalClusterResources> clouds = new ArrayList<>();

  @AfterEach
  void tearDown() {
    for (LocalClusterResources c : clouds) {
      c.destroy();
      assertThat(kernel.netns().list(c.names().prefix())).isEmpty();
      assertThat(c.names().runtimeDir()).doesNotExist();
    }
  }

  record Up(LocalClusterResources cloud, NetworkPlan plan, List<LocalResource> desired) {}

  Up up(ClusterBundle bundle) {
    NetworkPlan plan = NetworkPlanner.plan(bundle, IpamState.empty());
    ClusterNames names = ClusterNames.of(bundle.name(), runtime);
    LocalClusterResources cloud = new LocalClusterResources(kernel, names);
    clouds.add(cloud);
    List<LocalResource> desired =
        LocalDesign.of(names, plan, bundle.cluster().spec().subnetsOrEmpty()).resources();
    cloud.converge(desired, ProgressListener.NONE);
    return new Up(cloud, plan, desired);
  }

  static String name() {
    return "dp" + ThreadLocalRandom.current().nextInt(1_000_000) + ".example.com";
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kubenet",
        "classic",
        "kopeio-vxlan",
        "flannel",
        "canal",
        "weave",
        "calico",
        "romana"
      })
  void podRangesReachEachOtherAcrossNodesAndZones(String mode) {
    Up up = up(LocalTestClusters.twoZones(name(), mode));
    List<Instance> nodes =
        up.plan().instances().stream().filter(i -> i.role() == Role.NODE).toList();
    Instance master =
        up.plan().instances().stream()
            .filter(i -> i.role() == Role.CONTROL_PLANE)
            .findFirst()
            .orElseThrow();
    assertThat(nodes).extracting(Instance::zone).containsExactly("us-test-1a", "us-test-1b");
    List<String> failed = new ArrayList<>();
    for (Instance from : up.plan().instances()) {
      for (Instance to : nodes) {
        if (from != to && !podPing(up, from, to)) {
          failed.add(from.name() + " -> " + to.name());
        }
      }
    }
    assertThat(failed).as(mode + ": pod range pings that failed").isEmpty();
    assertThat(podPing(up, master, nodes.get(0))).isTrue();
    Plan<LocalResource> again = up.cloud().plan(up.desired());
    assertThat(again.isEmpty()).as(DryRun.render(again)).isTrue();
  }

  @Test
  void vxlanOverlayCarriesFullSizePacketsAtThePodMtu() {
    Up up = up(LocalTestClusters.twoZones(name(), "flannel"));
    assertThat(up.plan().mtu()).isEqualTo(1450);
    List<Instance> nodes =
        up.plan().instances().stream().filter(i -> i.role() == Role.NODE).toList();
    String src = gateway(up, nodes.get(0));
    String dst = gateway(up, nodes.get(1));
    var ip = kernel.ip(up.cloud().names().instanceNamespace(nodes.get(0).name()));
    // 1450 - 20 (IP) - 8 (ICMP) = 1422 bytes of payload, with don't-fragment set.
    var fits =
        ip.exec(
            "ping",
            Duration.ofSeconds(5),
            "ping",
            "-c",
            "1",
            "-W",
            "1",
            "-M",
            "do",
            "-s",
            "1422",
            "-I",
            src,
            dst);
    assertThat(fits.ok()).as(fits.stdout() + fits.stderr()).isTrue();
    var tooBig =
        ip.exec(
            "ping",
            Duration.ofSeconds(5),
            "ping",
            "-c",
            "1",
            "-W",
            "1",
            "-M",
            "do",
            "-s",
            "1423",
            "-I",
            src,
            dst);
    assertThat(tooBig.ok()).isFalse();
  }

  @Test
  void cniModeNodesComeUpWithNoPodNetwork() {
    Up up = up(LocalTestClusters.twoZones(name(), "cni"));
    List<NodeNetwork> nodes = new LocalNodes(kernel, up.cloud().names()).list();
    assertThat(nodes).hasSize(3).allSatisfy(n -> assertThat(n.hasPodNetwork()).isFalse());
    Instance node = up.plan().instances().get(1);
    assertThat(ping(up, node, up.plan().instances().get(2).privateAddress(), null))
        .as("instances still talk")
        .isTrue();
  }

  @Test
  void kubenetNodesGetTheirOwnCniConfigAndIpamDir() throws Exception {
    Up up = up(LocalTestClusters.twoZones(name(), "kubenet"));
    List<NodeNetwork> nodes = new LocalNodes(kernel, up.cloud().names()).list();
    assertThat(nodes)
        .hasSize(3)
        .allSatisfy(
            n -> {
              assertThat(n.hasPodNetwork()).isTrue();
              assertThat(n.cniConfFile().orElseThrow()).startsWith(up.cloud().names().runtimeDir());
            });
    String conf = Files.readString(nodes.get(1).cniConfFile().orElseThrow());
    assertThat(conf)
        .contains(nodes.get(1).ipamDataDir().toString())
        .contains(nodes.get(1).podRange().orElseThrow())
        .doesNotContain("0.0.0.0/0");
  }

  @Test
  void flannelUdpSaysItIsNotAvailableAndBuildsNothing() {
    ClusterBundle bundle = LocalTestClusters.twoZones(name(), "flannel-udp");
    NetworkPlan plan = NetworkPlanner.plan(bundle, IpamState.empty());
    ClusterNames names = ClusterNames.of(bundle.name(), runtime);
    assertThatThrownBy(() -> LocalDesign.of(names, plan, bundle.cluster().spec().subnetsOrEmpty()))
        .isInstanceOf(LocalCloudException.class)
        .hasMessageContaining("not available on the local cloud")
        .hasMessageContaining("vxlan");
    assertThat(kernel.netns().list(names.prefix())).isEmpty();
  }

  @Test
  void twoClustersWithTheSameCidrsRunSideBySideWithoutSeeingEachOther() {
    Up a = up(LocalTestClusters.twoZones(name(), "kubenet"));
    Up b = up(LocalTestClusters.twoZones(name(), "flannel"));
    Instance aNode = a.plan().instances().get(1);
    Instance bNode = b.plan().instances().get(2);
    assertThat(a.plan().instances().get(2).privateAddress()).isEqualTo(bNode.privateAddress());
    assertThat(ping(a, aNode, a.plan().instances().get(2).privateAddress(), null)).isTrue();
    assertThat(ping(b, b.plan().instances().get(1), bNode.privateAddress(), null)).isTrue();
    assertThat(a.cloud().names().prefix()).isNotEqualTo(b.cloud().names().prefix());
    a.cloud().destroy();
    assertThat(ping(b, b.plan().instances().get(1), bNode.privateAddress(), null))
        .as("b survives a's delete")
        .isTrue();
    assertThat(podPing(b, b.plan().instances().get(1), bNode)).isTrue();
  }

  @Test
  void switchingProvidersRemovesTheOldDataPlaneAndBuildsTheNew() {
    String name = name();
    Up kubenet = up(LocalTestClusters.twoZones(name, "kubenet"));
    ClusterBundle flannel = LocalTestClusters.twoZones(name, "flannel");
    NetworkPlan plan = NetworkPlanner.plan(flannel, kubenet.plan().ipam());
    List<LocalResource> desired =
        LocalDesign.of(kubenet.cloud().names(), plan, flannel.cluster().spec().subnetsOrEmpty())
            .resources();
    Plan<LocalResource> change = kubenet.cloud().plan(desired);
    assertThat(change.deletes()).extracting(a -> a.id().kind()).contains("Route", "CniConfig");
    kubenet.cloud().converge(desired, ProgressListener.NONE);
    assertThat(
            kubenet
                .cloud()
                .names()
                .nodeCniConfDir(plan.instances().get(1).name())
                .resolve("10-kubenet.conflist"))
        .doesNotExist();
    assertThat(kernel.ip(kubenet.cloud().names().vpcNamespace()).routes(100)).isEmpty();
    Up switched = new Up(kubenet.cloud(), plan, desired);
    assertThat(podPing(switched, plan.instances().get(1), plan.instances().get(2))).isTrue();
    assertThat(kubenet.cloud().plan(desired).isEmpty()).isTrue();
  }

  String gateway(Up up, Instance i) {
    return up.plan().podRange(i.name()).orElseThrow().addressString(1);
  }

  boolean podPing(Up up, Instance from, Instance to) {
    return ping(up, from, gateway(up, to), gateway(up, from));
  }

  boolean ping(Up up, Instance from, String address, String source) {
    var ip = kernel.ip(up.cloud().names().instanceNamespace(from.name()));
    for (int attempt = 0; attempt < 2; attempt++) {
      var r =
          source == null
              ? ip.exec("ping", Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", address)
              : ip.exec(
                  "ping",
                  Duration.ofSeconds(5),
                  "ping",
                  "-c",
                  "1",
                  "-W",
                  "1",
                  "-I",
                  source,
                  address);
      if (r.ok()) {
        return true;
      }
    }
    return false;
  }
}
