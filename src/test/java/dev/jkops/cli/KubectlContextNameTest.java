package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A command given no cluster name takes the cluster of kubectl's current context, as kops does
 * ("Using cluster from kubectl context: NAME"), after {@code --name}, the argument and {@code
 * KOPS_CLUSTER_NAME}; {@code create cluster} and {@code delete cluster} never do. Clusters in the
 * state store only, so no root.
 */
class KubectlContextNameTest {
  @RegisterExtension
  final LocalClusterFixture cluster = LocalClusterFixture.inTheStateStoreOnly("ctxname");

  final Cli cli = cluster.cli();
  final String name = cluster.name();
  Path kubeconfig;

  @BeforeEach
  void aClusterAndAContextForIt() throws Exception {
    Cli.Result create = cli.run("create", "cluster", name, "--zones", "us-test-1a");
    assertThat(create.code()).as(create.toString()).isZero();
    kubeconfig = cluster.dir().resolve(".kube").resolve("config");
    Files.createDirectories(kubeconfig.getParent());
    // kops' context: named after the cluster, its cluster entry too; the lookup reads the
    // context's cluster, so a context named otherwise works as well
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - {name: %s, cluster: {server: "https://127.0.0.1:1"}}
        contexts:
        - {name: work, context: {cluster: %s}}
        - {name: elsewhere, context: {cluster: other.example.com}}
        current-context: work
        """
            .formatted(name, name));
  }

  @Test
  void aCommandWithNoNameTakesTheCurrentContextsCluster() {
    Cli.Result r = cli.run("get", "instancegroups");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Using cluster from kubectl context: " + name + "\n\n");
    assertThat(r.out()).contains("nodes-us-test-1a");

    Cli.Result edit = cli.env("EDITOR", "true").run("edit", "cluster");
    assertThat(edit.code()).as(edit.toString()).isZero();
    assertThat(edit.err())
        .as("said once, though edit resolves the name for its lock and for its work")
        .containsOnlyOnce("Using cluster from kubectl context: " + name);
  }

  @Test
  void aNameGivenAnyOtherWayComesFirst() {
    Cli.Result env = cli.env(ClusterNameOption.ENV, "other.example.com").run("get", "ig");
    assertThat(env.code()).as(env.toString()).isNotZero();
    assertThat(env.err())
        .as("KOPS_CLUSTER_NAME wins, as kops binds it to --name")
        .contains("other.example.com")
        .doesNotContain("kubectl context");
  }

  @Test
  void createAndDeleteClusterNeverTakeItFromTheContext() throws Exception {
    String config = Files.readString(cluster.state().resolve(name).resolve("config"));
    Cli.Result create = cli.run("create", "cluster", "--zones", "us-test-1a");
    assertThat(create.code()).as(create.toString()).isEqualTo(2);
    assertThat(create.err())
        .contains("no cluster name given")
        .doesNotContain("Using cluster from kubectl context");
    Cli.Result delete = cli.run("delete", "cluster", "--yes");
    assertThat(delete.code()).as(delete.toString()).isEqualTo(2);
    assertThat(delete.err()).contains("no cluster name given");
    assertThat(Files.readString(cluster.state().resolve(name).resolve("config")))
        .as("the cluster is untouched")
        .isEqualTo(config);
  }

  @Test
  void aContextThatNamesNoKnownEntryOrAnUnreadableFileIsAWarning() throws Exception {
    Files.writeString(
        kubeconfig,
        Files.readString(kubeconfig).replace("current-context: work", "current-context: gone"));
    Cli.Result missing = cli.run("get", "ig");
    assertThat(missing.code()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err())
        .contains("W: the current context \"gone\" is not in kubeconfig " + kubeconfig)
        .contains("no cluster name given");

    Files.writeString(kubeconfig, "current-context: [unclosed\n");
    Cli.Result broken = cli.run("get", "ig");
    assertThat(broken.code()).as(broken.toString()).isEqualTo(2);
    assertThat(broken.err())
        .contains("W: " + kubeconfig + " is not a kubeconfig jkops can read")
        .contains("no cluster name given");
  }

  @Test
  void kubeconfigListsMergeAsKubectlMergesThem() throws Exception {
    // KUBECONFIG=a:b: the first file that sets current-context wins; its context may be in b
    Path first = cluster.dir().resolve("first");
    Files.writeString(first, "apiVersion: v1\nkind: Config\ncurrent-context: work\n");
    cli.env("KUBECONFIG", first + ":" + kubeconfig);
    Files.writeString(
        kubeconfig,
        Files.readString(kubeconfig)
            .replace("current-context: work", "current-context: elsewhere"));
    Cli.Result r = cli.run("get", "ig");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Using cluster from kubectl context: " + name);
  }

  @Test
  void deleteClusterTakesItsEntriesOutOfTheKubeconfig() throws Exception {
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - {name: %s, cluster: {server: "https://127.0.0.1:1"}}
        - {name: keep.example.com, cluster: {server: "https://10.0.0.1"}}
        users:
        - {name: %s, user: {token: t}}
        contexts:
        - {name: %s, context: {cluster: %s, user: %s}}
        current-context: %s
        """
            .formatted(name, name, name, name, name, name));
    Cli.Result r = cli.run("delete", "cluster", name, "--yes");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Deleted kubectl config for " + name);
    String left = Files.readString(kubeconfig);
    assertThat(left).doesNotContain(name).contains("keep.example.com");
    assertThat(left).contains("current-context: \"\"");
  }
}
