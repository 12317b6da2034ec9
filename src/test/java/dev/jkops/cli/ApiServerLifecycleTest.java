package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.apiserver.ApiServerProcess;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local API server's life as a user sees it: {@code update cluster --yes} starts it and returns
 * without waiting for it to answer (as kops does); {@code validate cluster} fails, naming it and
 * the command that starts it, while it does not run, and passes once it answers; {@code update
 * cluster --yes} after a crash starts it again with the certificate and key kept in the state store
 * (no new key per start).
 */
@RequiresRoot
class ApiServerLifecycleTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("apilife");

  @Test
  void validateFailsWhileTheApiServerIsDownAndUpdateStartsItAgainWithItsKeptKey() throws Exception {
    Cli jkops = cluster.cli();
    String name = cluster.name();
    Cli.Result created =
        jkops.run(
            "create",
            "cluster",
            name,
            "--zones",
            "us-test-1a",
            "--cloud",
            "local",
            "--networking",
            "kubenet",
            "--node-count",
            "1",
            "--yes");
    assertThat(created.code()).as(created.toString()).isZero();
    assertThat(created.out())
        .contains(
            "kube-apiserver: starting on https://127.0.0.1:", "jkops validate cluster " + name);
    Path runtime = cluster.names().runtimeDir();
    Path kept = cluster.state().resolve(name).resolve("pki/issued/kube-apiserver/server.crt");
    assertThat(kept).as("the server's certificate, kept in the state store").exists();
    assertThat(cluster.state().resolve(name).resolve("pki/private/kube-apiserver/server.key"))
        .exists();
    String certificate = Files.readString(kept);
    assertThat(Files.readString(ApiServerProcess.dirOf(runtime).resolve("server.crt")))
        .isEqualTo(certificate);

    Cli.Result valid = jkops.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();

    // a crash: the server is gone
    assertThat(ApiServerProcess.stop(runtime)).isPresent();
    Cli.Result down = jkops.run("validate", "cluster", name);
    assertThat(down.code()).as(down.toString()).isEqualTo(ValidateClusterCommand.NOT_VALID);
    assertThat(down.out())
        .contains(
            "kube-apiserver is not running; 'jkops update cluster " + name + " --yes' starts it");

    Cli.Result again = jkops.run("update", "cluster", name, "--yes");
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("kube-apiserver: starting on https://127.0.0.1:");
    assertThat(ApiServerProcess.pid(runtime)).isPresent();
    assertThat(Files.readString(kept)).as("no new certificate or key").isEqualTo(certificate);
    assertThat(Files.readString(ApiServerProcess.dirOf(runtime).resolve("server.crt")))
        .isEqualTo(certificate);

    Cli.Result validAgain = jkops.run("validate", "cluster", name);
    assertThat(validAgain.code()).as(validAgain.toString()).isZero();
    assertThat(validAgain.out()).doesNotContain("kube-apiserver");
  }
}
