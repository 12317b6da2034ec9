package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.ClusterNames;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Things changed behind jkops' back on the local cloud: an instance's namespace or the VPC router
 * deleted by hand. validate says what is broken, {@code update cluster} shows the repair, and
 * {@code update cluster --yes} makes the cluster whole and green again.
 */
@RequiresRoot
class LocalFaultsTest {
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

  @Test
  void namespacesDeletedBehindJkopsBackAreRebuiltByTheNextUpdate() {
    Path runtime = dir.resolve("runtime");
    cli = new Cli(dir, "file://" + dir.resolve("state")).env(ClusterNames.RUNTIME_DIR_ENV, runtime.toString());
    name = "fault" + ThreadLocalRandom.current().nextInt(1_000_000) + ".local";
    names = ClusterNames.of(name, runtime);
    assertThat(cli.run("create", "cluster", name, "--zones", "zone-a,zone-b", "--node-count", "2").code()).isZero();
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();

    // an instance disappears (exact name, our own cluster's namespace)
    String node = names.instanceNamespace("nodes-zone-b-1");
    Kernel.system().netns().delete(node);
    Cli.Result broken = cli.run("validate", "cluster", name);
    assertThat(broken.code()).as(broken.toString()).isNotZero();
    assertThat(broken.out() + broken.err()).contains("nodes-zone-b-1");
    Cli.Result preview = cli.run("update", "cluster", name);
    assertThat(preview.out()).as(preview.toString()).contains("Instance/nodes-zone-b-1");
    Cli.Result repaired = cli.run("update", "cluster", name, "--yes");
    assertThat(repaired.code()).as(repaired.toString()).isZero();
    assertThat(repaired.out()).contains("created Instance/nodes-zone-b-1");
    Cli.Result green = cli.run("validate", "cluster", name);
    assertThat(green.code()).as(green.toString()).isZero();

    // the VPC router itself disappears, taking every instance's link with it
    Kernel.system().netns().delete(names.vpcNamespace());
    Cli.Result noVpc = cli.run("validate", "cluster", name);
    assertThat(noVpc.code()).as(noVpc.toString()).isNotZero();
    assertThat(noVpc.err()).contains("its VPC router namespace " + names.vpcNamespace() + " is missing")
        .contains("jkops update cluster " + name + " --yes").doesNotContain("\tat ");
    assertThat(cli.run("update", "cluster", name).out()).as("the preview shows the repair").contains("VPC/" + name);
    Cli.Result rebuilt = cli.run("update", "cluster", name, "--yes");
    assertThat(rebuilt.code()).as(rebuilt.toString()).isZero();
    assertThat(cli.run("update", "cluster", name, "--yes").out()).startsWith("No changes need to be applied");
    Cli.Result greenAgain = cli.run("validate", "cluster", name);
    assertThat(greenAgain.code()).as(greenAgain.toString()).isZero();
  }
}
