package dev.jkops.cloud.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.KernelRoute;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.cloud.local.resources.VpcRoute;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.Action;
import dev.jkops.tasks.ProgressListener;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes the engine hands the local cloud together ({@code Target.applyTogether}) against the real
 * kernel: VPC routes and instances made at once share processes, every one of them really is made,
 * and a change that fails is reported for itself alone, with every other one applied and reported,
 * so a rerun finds the rest done and finishes the failed one.
 */
@RequiresRoot
class ChangesAppliedTogetherTest {
  final List<Command> ran = Collections.synchronizedList(new ArrayList<>());
  final CommandRunner counting =
      c -> {
        ran.add(c);
        return CommandRunner.system().run(c);
      };
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
    cloud = new LocalClusterResources(new Kernel(counting), names);
    cluster = new HandBuiltCluster(names);
  }

  @AfterEach
  void tearDown() {
    cloud.destroy();
    assertThat(kernel.netns().list(names.prefix())).isEmpty();
  }

  /** Hands {@code creates} to the target as the engine does, and returns each one's outcome. */
  Map<String, Optional<RuntimeException>> together(List<LocalResource> creates) {
    List<Action<LocalResource>> actions = new ArrayList<>();
    for (LocalResource r : creates) {
      Action<LocalResource> a = new Action.Create<>(r);
      assertThat(cloud.target().appliesTogether(a)).as(r.id().toString()).isTrue();
      actions.add(a);
    }
    List<String> told = Collections.synchronizedList(new ArrayList<>());
    Map<String, Optional<RuntimeException>> out = Collections.synchronizedMap(new TreeMap<>());
    cloud
        .target()
        .applyTogether(
            actions,
            (i, failure) -> {
              told.add(actions.get(i).id().toString());
              out.put(actions.get(i).id().toString(), failure);
            });
    // one outcome per change, each told once
    assertThat(told)
        .containsExactlyInAnyOrderElementsOf(actions.stream().map(a -> a.id().toString()).toList());
    return out;
  }

  List<LocalResource> without(Predicate<LocalResource> left) {
    return cluster.resources().stream().filter(left.negate()).toList();
  }

  /** The processes in the VPC namespace that carried a {@code route replace}, with their lines. */
  List<Command> routeProcesses() {
    return ran.stream()
        .filter(c -> String.join(" ", c.argv()).contains(names.vpcNamespace()))
        .filter(
            c ->
                String.join(" ", c.argv()).contains("route replace")
                    || (c.stdin() != null && c.stdin().contains("route replace")))
        .toList();
  }

  @Test
  void routesHandedOverTogetherAreAllInstalledByOneProcessAndCarryTraffic() {
    cloud.converge(without(r -> r instanceof VpcRoute), ProgressListener.NONE);
    List<LocalResource> routes = without(r -> !(r instanceof VpcRoute));
    assertThat(routes).hasSize(3);
    ran.clear();

    assertThat(together(routes)).allSatisfy((id, failure) -> assertThat(failure).isEmpty());

    assertThat(routeProcesses()).hasSize(1);
    assertThat(routeProcesses().get(0).stdin().lines().filter(l -> l.startsWith("route replace")))
        .hasSize(3);
    assertThat(kernel.ip(names.vpcNamespace()).routes(100))
        .extracting(r -> r.destination() + " via " + r.via())
        .containsExactlyInAnyOrder(
            "100.96.0.0/24 via 172.20.32.4",
            "100.96.1.0/24 via 172.20.32.6",
            "100.96.2.0/24 via 172.20.64.4");
    assertThat(ping("nodes-1", "100.96.2.1", "100.96.1.1"))
        .as("pod range to pod range across subnets")
        .isTrue();
    assertThat(cloud.plan(cluster.resources()).isEmpty()).isTrue();
  }

  @Test
  void aRouteThatFailsInABatchIsReportedForItselfAndEveryOtherIsInstalled() {
    cloud.converge(without(r -> r instanceof VpcRoute), ProgressListener.NONE);
    List<LocalResource> routes = new ArrayList<>(without(r -> !(r instanceof VpcRoute)));
    // second of four: a next hop on no subnet of the VPC, which the kernel refuses
    VpcRoute bad =
        new VpcRoute(
            names,
            names.clusterName(),
            100,
            dev.jkops.api.Cidr.parse("100.96.9.0/24"),
            "nodes-1",
            "10.200.0.9");
    routes.add(1, bad);
    ran.clear();

    Map<String, Optional<RuntimeException>> outcomes = together(routes);

    assertThat(outcomes.get(bad.id().toString()))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("at line 1 of 1 (`route replace 100.96.9.0/24 via 10.200.0.9 table 100`)");
    assertThat(outcomes).hasSize(4);
    outcomes.forEach(
        (id, failure) -> {
          if (!id.equals(bad.id().toString())) {
            assertThat(failure).as(id).isEmpty();
          }
        });
    // the routes before and after the failing line are in the kernel; it is not
    assertThat(kernel.ip(names.vpcNamespace()).routes(100))
        .extracting(KernelRoute::destination)
        .containsExactlyInAnyOrder("100.96.0.0/24", "100.96.1.0/24", "100.96.2.0/24");
    // ip stopped at the bad line: the one before it went in that process, the one after in the next
    assertThat(routeProcesses()).hasSize(2);
    // nothing applied went unreported: the cluster's plan has nothing left to make
    assertThat(cloud.plan(cluster.resources()).isEmpty()).isTrue();
  }

  @Test
  void anInstanceThatFailsInABatchIsReportedForItselfTheOthersWorkAndARerunFinishesIt() {
    // subnet b's bridge does not exist yet, so nodes-2 cannot be attached to it
    String subnetB = Subnet.idOf(names, "b").toString();
    cloud.converge(
        cluster.resources().stream()
            .filter(
                r ->
                    r instanceof dev.jkops.cloud.local.resources.VpcRouter
                        || (r instanceof Subnet && !r.id().toString().equals(subnetB)))
            .toList(),
        ProgressListener.NONE);
    // nodes-2 in the middle: the instance after it goes in the next process
    List<LocalResource> instances = new ArrayList<>();
    for (String name : List.of("master-a-1", "nodes-2", "nodes-1")) {
      instances.add(
          cluster.resources().stream()
              .filter(r -> r instanceof LocalInstance i && i.name().equals(name))
              .findFirst()
              .orElseThrow());
    }
    ran.clear();

    Map<String, Optional<RuntimeException>> outcomes = together(instances);

    assertThat(outcomes.get("Instance/nodes-2"))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("could not attach instance nodes-2 to subnet b")
        .contains("Device does not exist")
        // ip refused the line without saying which it was: the batch's changes were run again
        // alone, so the failure is this one's own and no one else's
        .doesNotContain("other changes");
    assertThat(outcomes.get("Instance/master-a-1")).isEmpty();
    assertThat(outcomes.get("Instance/nodes-1")).isEmpty();
    // the three namespaces were made by one process
    assertThat(
            ran.stream()
                .filter(c -> c.argv().equals(List.of("ip", "-batch", "-")))
                .filter(c -> c.stdin().contains("netns add")))
        .hasSize(1);
    // the two made are instances: addressed, up, and reach each other through the VPC
    assertThat(ping("nodes-1", "172.20.32.4", null)).as("nodes-1 to the master").isTrue();

    // the rerun finds the two made, and makes subnet b and finishes nodes-2 (its veth half made)
    cloud.converge(cluster.resources(), ProgressListener.NONE);
    assertThat(cloud.plan(cluster.resources()).isEmpty()).isTrue();
    assertThat(ping("nodes-1", "100.96.2.1", "100.96.1.1"))
        .as("pod range to pod range across subnets")
        .isTrue();
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
