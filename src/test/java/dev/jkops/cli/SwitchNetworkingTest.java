package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.store.FileStateStore;
import dev.jkops.cloud.local.ClusterNames;
import dev.jkops.cloud.local.LocalClusterUpdate;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.roll.Leftovers;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Switching a running local cluster's networking as a user does it: edit cluster, update cluster
 * (the preview says what kind of switch it is), update cluster --yes, rolling-update cluster
 * (kops' table), rolling-update cluster --yes; afterwards validate is green, the nodes kept their
 * pod ranges, and nothing of the old provider is left on any node or in the VPC.
 */
@RequiresRoot
class SwitchNetworkingTest {
  @TempDir Path dir;
  Cli cli;
  String name;
  ClusterNames names;

  @AfterEach
  void nothingLeftBehind() {
    if (cli != null) {
      cli.run("delete", "cluster", name, "--yes");
      assertThat(Kernel.system().netns().list(names.prefix())).isEmpty();
      assertThat(names.runtimeDir()).doesNotExist();
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "kubenet, 'flannel:\n      backend: vxlan', flannel-vxlan, ''",
      "flannel, 'kubenet: {}', kubenet, ''",
      "calico, 'kubenet: {}', kubenet, ''",
      "kubenet, 'classic: {}', classic, v1.4.8"})
  void switchesAndRollsToTheNewProviderWithNothingLeft(String from, String toYaml, String toMode, String version)
      throws IOException {
    Path runtime = dir.resolve("runtime");
    cli = new Cli(dir, "file://" + dir.resolve("state")).env(ClusterNames.RUNTIME_DIR_ENV, runtime.toString());
    name = "s" + ThreadLocalRandom.current().nextInt(1_000_000) + ".local";
    names = ClusterNames.of(name, runtime);
    List<String> create = new ArrayList<>(List.of("create", "cluster", name, "--zones", "zone-a,zone-b",
        "--node-count", "2", "--networking", from));
    if (!version.isEmpty()) {
      create.addAll(List.of("--kubernetes-version", version));
    }
    ok(cli.run(create.toArray(String[]::new)));
    ok(cli.run("update", "cluster", name, "--yes"));
    String rangesBefore = ok(cli.run("get", "nodes", "-o", "wide", "--name", name)).out();

    Path edited = dir.resolve("edited.yaml");
    Files.writeString(edited, withNetworking(Files.readString(dir.resolve("state").resolve(name).resolve("config")),
        toYaml));
    ok(cli.env("EDITOR", "cp " + edited + " ").run("edit", "cluster", name));

    Cli.Result preview = ok(cli.run("update", "cluster", name));
    assertThat(preview.out()).contains("switch ").contains("-> " + toMode + " (keeps traffic)")
        .contains("3 of 3 instances need update");
    ok(cli.run("update", "cluster", name, "--yes"));
    Cli.Result table = ok(cli.run("rolling-update", "cluster", name));
    assertThat(table.out()).contains("NAME\t").contains("NEEDUPDATE").contains("NeedsUpdate")
        .contains("Must specify --yes to rolling-update.");

    Cli.Result roll = ok(cli.run("rolling-update", "cluster", name, "--yes", "--master-interval", "0s",
        "--node-interval", "0s", "--validate-count", "1"));
    assertThat(roll.out()).containsSubsequence("Replaced instance \"control-plane-zone-a-1\"",
        "Replaced instance \"nodes-zone-a-1\"", "Replaced instance \"nodes-zone-b-1\"")
        .contains("(3 instances replaced)");

    ok(cli.run("validate", "cluster", name));
    assertThat(ok(cli.run("get", "nodes", "-o", "wide", "--name", name)).out().lines().map(SwitchNetworkingTest::range)
        .toList()).isEqualTo(rangesBefore.lines().map(SwitchNetworkingTest::range).toList());
    assertThat(ok(cli.run("rolling-update", "cluster", name)).out()).contains("No rolling-update required.");
    assertThat(leftovers(runtime)).isEmpty();
  }

  private List<String> leftovers(Path runtime) {
    ClusterStore store = new ClusterStore(new FileStateStore(dir.resolve("state")));
    LocalClusterUpdate update = new LocalClusterUpdate(Kernel.system(), store.stateStore(),
        Map.of(ClusterNames.RUNTIME_DIR_ENV, runtime.toString()));
    return Leftovers.find(Kernel.system(), names, update.preview(store.require(name).bundle()));
  }

  /** NAME and POD-CIDR columns of get nodes -o wide. */
  private static String range(String line) {
    String[] cols = line.trim().split("\\s+");
    return cols[0] + " " + (cols.length > 4 ? cols[4] : "");
  }

  static String withNetworking(String config, String networking) {
    List<String> out = new ArrayList<>();
    boolean skipping = false;
    for (String line : config.split("\n", -1)) {
      if (line.equals("  networking:")) {
        out.add(line);
        out.add("    " + networking);
        skipping = true;
        continue;
      }
      if (skipping && line.startsWith("    ")) {
        continue;
      }
      skipping = false;
      out.add(line);
    }
    return String.join("\n", out);
  }

  private static Cli.Result ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }
}
