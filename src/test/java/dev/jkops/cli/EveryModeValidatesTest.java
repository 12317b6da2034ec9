package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.ClusterNames;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4's bar, as a user runs it: for every networking mode that carries pod traffic on the
 * local cloud, create a control plane and two nodes in two zones, update --yes, and
 * {@code validate cluster} exits 0 with every connectivity probe passing (ICMP, TCP and UDP
 * pod-to-pod across zones, node-to-pod, the MTU probe). cni and external are covered where a
 * provider is installed (ApplyProviderCommandTest, LocalClusterValidationTest).
 */
@RequiresRoot
class EveryModeValidatesTest {
  static final Pattern PASSED = Pattern.compile("CONNECTIVITY \\((\\d+) of (\\d+) probes passed\\)");

  @TempDir Path dir;
  Cli cli;
  String name;
  ClusterNames names;

  @AfterEach
  void nothingLeftBehind() {
    cli.run("delete", "cluster", name, "--yes");
    assertThat(Kernel.system().netns().list(names.prefix())).isEmpty();
    assertThat(names.runtimeDir()).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kubenet", "classic", "kopeio-vxlan", "weave", "flannel", "calico", "canal", "romana"})
  void aSmallClusterValidatesGreen(String mode) {
    Path runtime = dir.resolve("runtime");
    cli = new Cli(dir, "file://" + dir.resolve("state")).env(ClusterNames.RUNTIME_DIR_ENV, runtime.toString());
    name = "m" + ThreadLocalRandom.current().nextInt(1_000_000) + ".local";
    names = ClusterNames.of(name, runtime);
    List<String> create = new ArrayList<>(List.of("create", "cluster", name, "--zones", "zone-a,zone-b",
        "--node-count", "2", "--networking", mode));
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
    assertThat(valid.out()).contains("Your cluster " + name + " is ready")
        .contains("pod-to-pod, across zones").contains("node-to-pod").contains("pod MTU");
    Matcher m = PASSED.matcher(valid.out());
    assertThat(m.find()).as(valid.out()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(Integer.parseInt(m.group(2))).isPositive();
  }
}
