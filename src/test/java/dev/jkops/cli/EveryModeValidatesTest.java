package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.RequiresRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4's bar, as a user runs it: for every networking mode that carries pod traffic on the local
 * cloud, create a control plane and two nodes in two zones, update --yes, and {@code validate
 * cluster} exits 0 with every connectivity probe passing (ICMP, TCP and UDP pod-to-pod across
 * zones, node-to-pod, the MTU probe). cni and external are covered where a provider is installed
 * (ApplyProviderCommandTest, LocalClusterValidationTest).
 */
@RequiresRoot
class EveryModeValidatesTest {
  static final Pattern PASSED =
      Pattern.compile("CONNECTIVITY \\((\\d+) of (\\d+) probes passed\\)");

  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("m");
  final Cli cli = cluster.cli();
  final String name = cluster.name();
  final ClusterNames names = cluster.names();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kubenet",
        "classic",
        "kopeio-vxlan",
        "weave",
        "flannel",
        "calico",
        "canal",
        "romana",
        "cilium"
      })
  void aSmallClusterValidatesGreen(String mode) {
    List<String> create =
        new ArrayList<>(
            List.of(
                "create",
                "cluster",
                name,
                "--zones",
                "zone-a,zone-b",
                "--node-count",
                "2",
                "--networking",
                mode));
    if (mode.equals("classic")) {
      // classic (kubelet --configure-cbr0) existed only up to Kubernetes 1.4.
      create.addAll(List.of("--kubernetes-version", "v1.4.8"));
    }
    Cli.Result created = cli.run(create.toArray(String[]::new));
    assertThat(created.code()).as(created.toString()).isZero();
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();

    Cli.Result valid = cli.run("validate", "cluster", name);

    assertThat(valid.code()).as(valid.toString()).isZero();
    assertThat(valid.out())
        .contains("Your cluster " + name + " is ready")
        .contains("pod-to-pod, across zones")
        .contains("node-to-pod")
        .contains("pod MTU");
    Matcher m = PASSED.matcher(valid.out());
    assertThat(m.find()).as(valid.out()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(Integer.parseInt(m.group(2))).isPositive();
  }
}
