package dev.jkops.cloud.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.Action;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import dev.jkops.tasks.TaskException;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local cloud's VPC, instances, routes, checks and firewalls against the real kernel. */
@RequiresRoot
class LocalCloudTargetTest {
  final Kernel kernel = Kernel.system();
  @TempDir Path runtime;
  ClusterNames names;
  LocalClusterResources cloud;
  HandBuiltCluster cluster;

  @BeforeEach
  void setUp() {
    names =
        ClusterNames.of(
            "t" + ThreadLocalRandom.current().nextInt(1_000_000) + ".example.com", runtime);
    cloud = new LocalClusterResources(kernel, names);
    cluster = new HandBuiltCluster(names);
  }

  @AfterEach
  void tearDown() {
    cloud.destroy();
    assertThat(kernel.netns().list(names.prefix())).isEmpty();
    assertThat(names.runtimeDir()).doesNotExist();
  }

  @Test
  void convergesOnceThenHasNothingToChange() {
    Plan<LocalResource> first = cloud.converge(cluster.resources(), ProgressListener.NONE);
    assertThat(first.creates()).hasSize(cluster.resources().size());
    Plan<LocalResource> second = cloud.plan(cluster.resources());
    assertThat(second.changes()).as(DryRun.render(second)).isEmpty();
    assertThat(DryRun.render(second)).endsWith("No changes need to be applied\n");
    assertThat(kernel.netns().list(names.prefix()))
        .containsExactly(
            names.prefix() + "master-a-1",
            names.prefix() + "nodes-1",
            names.prefix() + "nodes-2",
            names.vpcNamespace());
  }

  @Test
  void vpcRoutesCarryPodRangeTrafficAcrossSubnets() {
    cloud.converge(cluster.resources(), ProgressListener.NONE);
    assertThat(ping("nodes-1", "172.20.64.4", null)).as("node to node across subnets").isTrue();
    assertThat(ping("nodes-1", "100.96.2.1", "100.96.1.1"))
        .as("pod range to pod range via VPC routes")
        .isTrue();
    assertThat(ping("master-a-1", "100.96.2.1", "100.96.0.1")).isTrue();
  }

  @Test
  void withoutTheRouteThePodRangeIsUnreachable() {
    cloud.converge(cluster.resources(), ProgressListener.NONE);
    kernel
        .ip(names.vpcNamespace())
        .deleteRoute(
            dev.jkops.cloud.local.kernel.KernelRoute.via("100.96.2.0/24", "172.20.64.4")
                .inTable(100));
    assertThat(ping("nodes-1", "100.96.2.1", "100.96.1.1")).isFalse();
    Plan<LocalResource> repair = cloud.plan(cluster.resources());
    assertThat(repair.creates())
        .extracting(a -> a.id().toString())
        .containsExactly("Route/" + names.clusterName() + "/100.96.2.0/24");
    cloud.converge(cluster.resources(), ProgressListener.NONE);
    assertThat(ping("nodes-1", "100.96.2.1", "100.96.1.1")).isTrue();
  }

  @Test
  void sourceDestCheckDropsForwardedPodTrafficAsOnAws() {
    cluster.sourceDestCheck = true;
    cloud.converge(cluster.resources(), ProgressListener.NONE);
    assertThat(ping("nodes-1", "172.20.64.4", null)).as("own addresses still pass").isTrue();
    assertThat(ping("nodes-1", "100.96.2.1", "100.96.1.1"))
        .as("pod source address is dropped")
        .isFalse();

    cluster.sourceDestCheck = false;
    Plan<LocalResource> off = cloud.plan(cluster.resources());
    assertThat(off.modifies())
        .allSatisfy(
            m ->
                assertThat(m.changes())
                    .extracting(c -> c.field())
                    .containsExactly("sourceDestCheck"));
    cloud.converge(cluster.resources(), ProgressListener.NONE);
    assertThat(ping("nodes-1", "100.96.2.1", "100.96.1.1")).isTrue();
  }

  @Test
  void theVpcRefusesRoutesPastTheQuotaAsAwsRouteLimitExceeded() {
    cluster.quota = 2;
    assertThatThrownBy(() -> cloud.converge(cluster.resources(), ProgressListener.NONE))
        .isInstanceOf(TaskException.class)
        .hasMessageContaining("RouteLimitExceeded")
        .hasMessageContaining("already holds 2 routes");
    assertThat(kernel.ip(names.vpcNamespace()).routes(100)).hasSize(2);
  }

  @Test
  void aMissingFirewallRuleBreaksTrafficAsOnAws() {
    cluster.nodesToNodesRule = false;
    cloud.converge(cluster.resources(), ProgressListener.NONE);
    assertThat(ping("master-a-1", "172.20.64.4", null)).as("masters -> nodes is allowed").isTrue();
    assertThat(ping("nodes-1", "172.20.64.4", null)).as("nodes -> nodes has no rule").isFalse();
    assertThat(ping("nodes-1", "100.96.2.1", "100.96.1.1"))
        .as("nor has pod traffic between nodes")
        .isFalse();
    cluster.nodesToNodesRule = true;
    cloud.converge(cluster.resources(), ProgressListener.NONE);
    assertThat(ping("nodes-1", "172.20.64.4", null)).isTrue();
  }

  @Test
  void removingAnInstanceRemovesItsNamespaceRouteAndFiles() throws Exception {
    cloud.converge(cluster.resources(), ProgressListener.NONE);
    Files.createDirectories(names.nodeDir("nodes-2"));
    cluster.nodes = 1;
    Plan<LocalResource> shrink = cloud.plan(cluster.resources());
    assertThat(shrink.deletes())
        .extracting(Action::id)
        .extracting(Object::toString)
        .contains("Instance/nodes-2", "Route/" + names.clusterName() + "/100.96.2.0/24");
    cloud.converge(cluster.resources(), ProgressListener.NONE);
    assertThat(kernel.netns().exists(names.instanceNamespace("nodes-2"))).isFalse();
    assertThat(kernel.ip(names.vpcNamespace()).routes(100)).hasSize(2);
    assertThat(names.nodeDir("nodes-2")).doesNotExist();
    assertThat(cloud.plan(cluster.resources()).isEmpty()).isTrue();
  }

  boolean ping(String instance, String address, String source) {
    var ip = kernel.ip(names.instanceNamespace(instance));
    var r =
        source == null
            ? ip.exec("ping", Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", address)
            : ip.exec(
                "ping", Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", "-I", source, address);
    return r.ok();
  }
}
