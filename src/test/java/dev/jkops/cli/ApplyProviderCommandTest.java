package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.LocalTestClusters;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code apply -f} of a provider's manifest on a cni cluster, as {@code kubectl create -f} on a
 * real one: the pod network comes up and validates; bad input is refused with nothing written.
 */
class ApplyProviderCommandTest {
  @RegisterExtension
  final LocalClusterFixture cluster = LocalClusterFixture.inTheStateStoreOnly("prov");

  final Cli cli = cluster.cli();
  final String name = cluster.name();
  final ClusterNames names = cluster.names();
  final Path dir = cluster.dir();

  Path manifest(String mode) throws Exception {
    Path file = dir.resolve(mode + ".yaml");
    // the manifest jkops renders for the provider, as a user would save it from the state store
    Files.writeString(
        file,
        NetworkPlanner.plan(LocalTestClusters.twoZones("m.example.com", mode), IpamState.empty())
            .addons()
            .stream()
            .map(AddonManifest::manifest)
            .collect(Collectors.joining("\n---\n")));
    return file;
  }

  @Test
  void aClusterWhoseProviderJkopsManagesRefusesAManifestAndNothingIsWritten() throws Exception {
    assertThat(
            cli.run("create", "cluster", name, "--zones", "zone-a,zone-b", "--networking", "calico")
                .code())
        .isZero();
    Map<String, String> before = Cli.snapshot(dir.resolve("state"));
    Cli.Result r = cli.run("apply", "-f", manifest("weave").toString(), "--name", name);
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "this cluster's networking is calico; jkops manages its provider: change it with edit cluster");
    assertThat(Cli.snapshot(dir.resolve("state"))).isEqualTo(before);
    assertThat(names.runtimeDir()).doesNotExist();
  }

  @Test
  void anUnrecognisedManifestIsRefusedWithTheImagesJkopsKnows() throws Exception {
    assertThat(
            cli.run("create", "cluster", name, "--zones", "zone-a,zone-b", "--networking", "cni")
                .code())
        .isZero();
    Map<String, String> before = Cli.snapshot(dir.resolve("state"));
    Path file = dir.resolve("app.yaml");
    Files.writeString(
        file,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: logs}\nspec:\n  template:\n"
            + "    spec:\n      containers:\n      - {name: fluentd, image: fluent/fluentd:v1.16}\n");
    Cli.Result r = cli.run("apply", "-f", file.toString(), "--name", name);
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "app.yaml: no networking provider recognised (DaemonSet images: fluent/fluentd)",
            "weaveworks/weave-kube",
            "calico/node");
    assertThat(Cli.snapshot(dir.resolve("state"))).isEqualTo(before);
    assertThat(names.runtimeDir()).doesNotExist();
  }

  @Nested
  @RequiresRoot
  class OnTheLocalCloud {
    @AfterEach
    void nothingLeftBehind() {
      cluster.deleteAndAssertNothingLeftBehind();
    }

    @Test
    void applyingTheFlannelManifestBringsUpThePodNetworkAndUpdatesKeepIt() throws Exception {
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
              "cni");
      assertThat(created.code()).as(created.toString()).isZero();
      Cli.Result up = cli.run("update", "cluster", name, "--yes");
      assertThat(up.code()).as(up.toString()).isZero();

      Cli.Result before = cli.run("validate", "cluster", "--name", name);
      assertThat(before.code())
          .as("no pod network before a provider is installed: " + before)
          .isNotZero();
      // what the user is told to do is what works (issue 21): apply -f, not "not available yet"
      assertThat(before.out() + before.err())
          .contains("jkops apply -f flannel.yaml")
          .doesNotContain("not available");
      Cli.Result noPod = cli.run("create", "pod", "early", "--name", name);
      assertThat(noPod.code()).isEqualTo(1);
      assertThat(noPod.err())
          .contains("jkops apply -f flannel.yaml")
          .doesNotContain("not available");
      assertThat(cli.run("get", "networking", name).out()).containsPattern("MTU\\s+1500");

      Cli.Result applied = cli.run("apply", "-f", manifest("flannel").toString(), "--name", name);
      assertThat(applied.code()).as(applied.toString()).isZero();
      assertThat(applied.out())
          .contains(
              "daemonset/", "Networking provider flannel (vxlan) installed on cluster " + name);

      Cli.Result validate = cli.run("validate", "cluster", "--name", name);
      assertThat(validate.code()).as(validate.toString()).isZero();
      // every command describes the provider that runs now, not the spec's plain cni
      Cli.Result networking = cli.run("get", "networking", name);
      assertThat(networking.out())
          .as(networking.toString())
          .containsPattern("Networking\\s+flannel")
          .containsPattern("MTU\\s+1450");
      assertThat(cli.run("get", "nodes", name, "-o", "wide").out())
          .containsPattern("nodes-zone-a-1\\s.*\\sflannel-vxlan\\n");
      assertThat(cli.run("get", "networking", name, "-o", "dot").out()).contains("flannel");
      assertThat(validate.out()).endsWith("Your cluster " + name + " is ready\n");
      // kubectl sees what apply -f installed as it would after kubectl create -f: the DaemonSet,
      // and its pod on every node
      java.util.List<Path> kubectls = KubectlLocalClusterTest.kubectls();
      if (!kubectls.isEmpty()) {
        Path kubeconfig = dir.resolve("kube-config");
        assertThat(
                cli.run("export", "kubecfg", name, "--admin", "--kubeconfig", kubeconfig.toString())
                    .code())
            .isZero();
        KubectlLocalClusterTest.Run ds =
            KubectlLocalClusterTest.kubectl(
                dir, Path.of("/dev/null"), kubectls.get(0), kubeconfig, "get", "ds", "-A");
        assertThat(ds.out()).as(ds.toString()).contains("flannel");
        KubectlLocalClusterTest.Run pods =
            KubectlLocalClusterTest.kubectl(
                dir, Path.of("/dev/null"), kubectls.get(0), kubeconfig, "get", "pods", "-A");
        assertThat(pods.out().lines().filter(l -> l.matches(".*flannel.*\\s1/1\\s+Running.*")))
            .as(pods.toString())
            .hasSize(3);
      }

      Cli.Result again = cli.run("update", "cluster", name, "--yes");
      assertThat(again.code()).as(again.toString()).isZero();
      assertThat(again.out()).as(again.toString()).startsWith("No changes need to be applied");

      Cli.Result other = cli.run("apply", "-f", manifest("weave").toString(), "--name", name);
      assertThat(other.code()).as(other.toString()).isEqualTo(1);
      assertThat(other.err()).contains("already runs the flannel (vxlan) provider");
    }
  }
}
