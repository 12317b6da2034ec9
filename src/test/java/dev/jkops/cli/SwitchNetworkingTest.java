package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Switching a running local cluster's networking as a user does it: edit cluster, update cluster
 * (the preview says what kind of switch it is), update cluster --yes, rolling-update cluster (kops'
 * table), rolling-update cluster --yes; afterwards validate is green, the nodes kept their pod
 * ranges, and nothing of the old provider is left on any node or in the VPC.
 */
@RequiresRoot
class SwitchNetworkingTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("s");
  final Cli cli = cluster.cli();
  final String name = cluster.name();
  final ClusterNames names = cluster.names();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "kubenet, 'flannel:\n      backend: vxlan', flannel-vxlan, ''",
    "flannel, 'kubenet: {}', kubenet, ''",
    "calico, 'kubenet: {}', kubenet, ''",
    "kubenet, 'classic: {}', classic, v1.4.8",
    // kube-router runs without kube-proxy: the user turns it back on with the networking edit,
    // while the old nodes are still planned as they run (kube-router, kube-proxy off)
    "kube-router, 'kubenet: {}', kubenet, ''"
  })
  void switchesAndRollsToTheNewProviderWithNothingLeft(
      String from, String toYaml, String toMode, String version) throws IOException {
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
                from));
    if (!version.isEmpty()) {
      create.addAll(List.of("--kubernetes-version", version));
    }
    ok(cli.run(create.toArray(String[]::new)));
    ok(cli.run("update", "cluster", name, "--yes"));
    String rangesBefore = ok(cli.run("get", "nodes", "-o", "wide", "--name", name)).out();

    Path edited = cluster.dir().resolve("edited.yaml");
    Files.writeString(
        edited,
        withKubeProxyOn(
            withNetworking(
                Files.readString(cluster.state().resolve(name).resolve("config")), toYaml)));
    ok(cli.env("EDITOR", "cp " + edited + " ").run("edit", "cluster", name));

    Cli.Result preview = ok(cli.run("update", "cluster", name));
    assertThat(preview.out())
        .contains("switch ")
        .contains("-> " + toMode + " (keeps traffic)")
        .contains("3 of 3 instances need update");
    ok(cli.run("update", "cluster", name, "--yes"));
    Cli.Result table = ok(cli.run("rolling-update", "cluster", name));
    assertThat(table.out())
        .contains("NAME\t")
        .contains("NEEDUPDATE")
        .contains("NeedsUpdate")
        .contains("Must specify --yes to rolling-update.");

    Cli.Result roll =
        ok(
            cli.run(
                "rolling-update",
                "cluster",
                name,
                "--yes",
                "--master-interval",
                "0s",
                "--node-interval",
                "0s",
                "--validate-count",
                "1"));
    assertThat(roll.out())
        .containsSubsequence(
            "Replaced instance \"control-plane-zone-a-1\"",
            "Replaced instance \"nodes-zone-a-1\"",
            "Replaced instance \"nodes-zone-b-1\"")
        .contains("(3 instances replaced)");

    ok(cli.run("validate", "cluster", name));
    assertThat(
            ok(cli.run("get", "nodes", "-o", "wide", "--name", name))
                .out()
                .lines()
                .map(SwitchNetworkingTest::range)
                .toList())
        .isEqualTo(rangesBefore.lines().map(SwitchNetworkingTest::range).toList());
    assertThat(ok(cli.run("rolling-update", "cluster", name)).out())
        .contains("No rolling-update required.");
    assertThat(cluster.leftovers()).isEmpty();
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

  /** kube-proxy enabled again, as a user edits it when leaving a mode that replaced it. */
  static String withKubeProxyOn(String config) {
    return config.replace(
        "  kubeProxy:\n    enabled: false\n", "  kubeProxy:\n    enabled: true\n");
  }

  private static Cli.Result ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }
}
