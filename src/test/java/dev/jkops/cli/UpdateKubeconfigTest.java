package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code update cluster --yes} does to the user's kubeconfig, as kops' does, judged by the
 * real kubectl reading the {@code ~/.kube/config} jkops wrote: {@code --create-kube-config=false}
 * writes nothing; a plain update makes the context current with no user (kubectl gets 401, and
 * update says so); {@code --admin=1h} gives it a credential kubectl is let in with; a later plain
 * update keeps that credential; {@code --user} of a user the file lacks is refused before anything
 * changes; {@code delete cluster --yes} takes the entries out.
 */
@RequiresRoot
class UpdateKubeconfigTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("kubecfg");

  @Test
  void updateExportsTheContextAndKeepsItsCredential() throws Exception {
    List<Path> kubectls = KubectlLocalClusterTest.kubectlsOrSkip("UpdateKubeconfigTest");
    Path kubectl = kubectls.get(0);
    Cli jkops = cluster.cli();
    String name = cluster.name();
    Path kubeconfig = cluster.dir().resolve(".kube").resolve("config");
    assertThat(jkops.run("create", "cluster", name, "--zones", "zone-a").code()).isZero();

    Cli.Result none = jkops.run("update", "cluster", name, "--yes", "--create-kube-config=false");
    assertThat(none.code()).as(none.toString()).isZero();
    assertThat(kubeconfig).as("--create-kube-config=false writes no kubeconfig").doesNotExist();

    Cli.Result plain = jkops.run("update", "cluster", name, "--yes");
    assertThat(plain.code()).as(plain.toString()).isZero();
    assertThat(plain.out()).contains("jkops has set your kubectl context to " + name);
    assertThat(plain.err()).contains("W: exported kubeconfig with no user authentication");
    cluster.awaitApiServer();
    KubectlLocalClusterTest.Run anonymous = kubectl(kubectl, "get", "nodes");
    assertThat(anonymous.code()).as(anonymous.toString()).isNotZero();
    // the API answers 401; kubectl then asks for a user name, and reading none from /dev/null
    // reports EOF (kubectl with no prompt reports the 401 itself)
    assertThat(anonymous.err()).containsPattern("Unauthorized|error: EOF");
    assertThat(anonymous.out()).doesNotContain(" Ready ");

    Cli.Result admin = jkops.run("update", "cluster", name, "--yes", "--admin=1h");
    assertThat(admin.code()).as(admin.toString()).isZero();
    assertThat(admin.err()).doesNotContain("no user authentication");
    KubectlLocalClusterTest.Run nodes = kubectl(kubectl, "get", "nodes");
    assertThat(nodes.code()).as(nodes.toString()).isZero();
    assertThat(nodes.out()).contains(" Ready ");

    Cli.Result again = jkops.run("update", "cluster", name, "--yes");
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.err()).doesNotContain("no user authentication");
    assertThat(kubectl(kubectl, "get", "nodes").code())
        .as("a plain update keeps the credential")
        .isZero();

    String before = Files.readString(kubeconfig);
    Cli.Result refused = jkops.run("update", "cluster", name, "--yes", "--user", "nobody");
    assertThat(refused.code()).as(refused.toString()).isNotZero();
    assertThat(refused.err()).contains("--user nobody", "has no user of that name");
    assertThat(Files.readString(kubeconfig)).isEqualTo(before);

    Cli.Result deleted = jkops.run("delete", "cluster", name, "--yes");
    assertThat(deleted.code()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).contains("Deleted kubectl config for " + name);
    assertThat(Files.readString(kubeconfig)).doesNotContain(name);
  }

  /**
   * The kubeconfig is read beside update's planning, not before it; a first update it refuses must
   * still leave the machine and the state store as they were, and name the file.
   */
  @Test
  void anUnreadableKubeconfigStopsAFirstUpdateBeforeAnythingChanges() throws Exception {
    Cli jkops = cluster.cli();
    String name = cluster.name();
    assertThat(jkops.run("create", "cluster", name, "--zones", "zone-a").code()).isZero();
    Path kubeconfig = cluster.dir().resolve(".kube").resolve("config");
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(kubeconfig, "clusters: [unclosed\n");
    Map<String, String> storeBefore = Cli.snapshot(cluster.state());

    Cli.Result refused = jkops.run("update", "cluster", name, "--yes");

    assertThat(refused.code()).as(refused.toString()).isNotZero();
    assertThat(refused.err()).contains(kubeconfig + " is not a kubeconfig jkops can read");
    assertThat(refused.out()).doesNotContain("created");
    assertThat(Kernel.system().netns().list(cluster.names().prefix()))
        .as("namespaces of the refused update")
        .isEmpty();
    assertThat(Cli.snapshot(cluster.state())).as("the state store").isEqualTo(storeBefore);
    assertThat(Files.readString(kubeconfig)).isEqualTo("clusters: [unclosed\n");
  }

  /** kubectl on the test's HOME and the {@code ~/.kube/config} there. */
  private KubectlLocalClusterTest.Run kubectl(Path kubectl, String... args) throws Exception {
    return KubectlLocalClusterTest.kubectl(
        cluster.dir(),
        Path.of("/dev/null"),
        kubectl,
        cluster.dir().resolve(".kube").resolve("config"),
        args);
  }
}
