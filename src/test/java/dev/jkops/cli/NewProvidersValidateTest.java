package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.testing.RequiresRoot;
import java.util.regex.Matcher;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The providers kops has today (issue 22), as a user runs them on the local cloud: a control plane
 * and two nodes in two zones, update --yes, and {@code validate cluster} exits 0 with every probe
 * passing, including validate's NetworkPolicy probes both ways (a denied flow really dropped) for
 * the providers that enforce policy.
 */
@RequiresRoot
class NewProvidersValidateTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("np");
  final Cli cli = cluster.cli();
  final String name = cluster.name();

  @ParameterizedTest
  @ValueSource(strings = {"kindnet", "kube-router"})
  void aSmallClusterValidatesGreenAndEnforcesNetworkPolicy(String mode) {
    Cli.Result created =
        cli.run(
            "create",
            "cluster",
            name,
            "--zones",
            "zone-a,zone-b",
            "--node-count",
            "2",
            "--networking",
            mode);
    assertThat(created.code()).as(created.toString()).isZero();
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();

    Cli.Result valid = cli.run("validate", "cluster", name);

    assertThat(valid.code()).as(valid.toString()).isZero();
    assertThat(valid.out())
        .contains("Your cluster " + name + " is ready")
        .contains("pod-to-pod, across zones")
        .contains("node-to-pod")
        .contains("pod MTU")
        .contains("policy allows")
        .contains("policy denies");
    Matcher m = EveryModeValidatesTest.PASSED.matcher(valid.out());
    assertThat(m.find()).as(valid.out()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(Integer.parseInt(m.group(2))).isPositive();
    Cli.Result networking = cli.run("get", "networking", name);
    assertThat(networking.out()).contains(mode).contains("enforced");
  }
}
