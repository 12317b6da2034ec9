package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.KernelRoute;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.RequiresRoot;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code get networking -o dot} on the local cloud: before {@code update --yes} it draws the plan,
 * after it reads the machine, and a converged cluster draws the same graph both ways; a route
 * removed behind jkops' back disappears from the picture just as {@code validate cluster} finds the
 * node unreachable.
 */
@RequiresRoot
class NetworkPictureCommandTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("pic");
  final Cli cli = cluster.cli();
  final String name = cluster.name();
  final ClusterNames names = cluster.names();

  @Test
  void thePictureOfARunningClusterIsReadFromTheMachineAndShowsWhatValidateFinds() {
    assertThat(
            cli.run("create", "cluster", name, "--zones", "zone-a,zone-b", "--node-count", "2")
                .code())
        .isZero();

    Cli.Result planned = cli.run("get", "networking", name, "-o", "dot");
    assertThat(planned.code()).as(planned.toString()).isZero();
    assertThat(title(planned.out())).contains("as planned", "not built on this machine");
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();
    Cli.Result live = cli.run("get", "networking", name, "-o", "dot");
    assertThat(title(live.out())).contains("kubenet, live on the local cloud");
    assertThat(withoutTitle(live.out())).isEqualTo(withoutTitle(planned.out()));
    assertThat(live.out())
        .contains(
            "\"table:" + name + "\" -> \"instance:nodes-zone-b-1\" [label=\"100.96.2.0/24\"]");

    // Take node zone-b-1's pod route out of the VPC route table, as a broken cloud would.
    var vpc = Kernel.system().ip(names.vpcNamespace());
    KernelRoute route =
        vpc.routes(100).stream()
            .filter(r -> r.destination().equals("100.96.2.0/24"))
            .findFirst()
            .orElseThrow();
    vpc.deleteRoute(route);

    Cli.Result broken = cli.run("get", "networking", name, "-o", "dot");
    assertThat(broken.out())
        .doesNotContain("-> \"instance:nodes-zone-b-1\"")
        .contains("-> \"instance:nodes-zone-a-1\" [label=\"100.96.1.0/24\"]");
    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).isNotZero();
    assertThat(valid.out())
        .contains("Validation Failed")
        .containsPattern("vs-nodes-zone-b-1.*FAILED");
  }

  static String title(String dot) {
    return dot.lines().filter(l -> l.startsWith("  graph [label=")).findFirst().orElseThrow();
  }

  static List<String> withoutTitle(String dot) {
    return dot.lines().filter(l -> !l.startsWith("  graph [label=")).toList();
  }
}
