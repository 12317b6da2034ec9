package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.testing.S3TestServer;
import dev.jkops.testing.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 state store down, slow, or going down in the middle of a command: a clear error (or, when
 * only slow, success), the spec intact, and a lock left by the interrupted command that the user
 * clears explicitly once S3 is back.
 */
class S3FaultsTest {
  static final String NAME = "s3fault.example.com";
  @TempDir Path dir;
  S3TestServer s3;
  TcpProxy proxy;
  Path down;
  Cli cli;

  @BeforeEach
  void start() throws Exception {
    s3 = S3TestServer.start(Files.createDirectories(dir.resolve("s3")));
    s3.createBucket("state");
    down = dir.resolve("s3-is-down");
    proxy = new TcpProxy(s3.endpoint().getPort(), down);
    Map<String, String> env = new HashMap<>(s3.env());
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + proxy.port());
    cli = new Cli(dir, "s3://state/clusters").env(env).env("JKOPS_LOCK_TIMEOUT", "0");
    Cli.Result r = cli.run("create", "cluster", "--name", NAME, "--zones", "us-east-1a");
    assertThat(r.code()).as(r.toString()).isZero();
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    s3.close();
  }

  @Test
  void aStoreThatIsDownGivesOneClearErrorAndNothingChanges() throws Exception {
    String before = cli.run("get", "cluster", NAME, "-o", "yaml").out();
    Files.writeString(down, "");
    for (String[] args :
        new String[][] {
          {"get", "clusters"},
          {"edit", "cluster", NAME},
          {"delete", "cluster", NAME, "--yes"},
          {"unlock", "cluster", NAME}
        }) {
      Cli.Result r = cli.run(args);
      assertThat(r.code()).as(r.toString()).isEqualTo(1);
      assertThat(r.err())
          .as(String.join(" ", args))
          .startsWith("Error: ")
          .contains("state store s3://state/clusters")
          .contains("check that the server is running")
          .doesNotContain("internal error")
          .doesNotContain("\tat ");
    }
    Files.delete(down);
    assertThat(cli.run("get", "cluster", NAME, "-o", "yaml").out()).isEqualTo(before);
    assertThat(cli.run("unlock", "cluster", NAME).out())
        .as("no command left a lock")
        .contains("is not locked");
    Path spec =
        Files.writeString(
            dir.resolve("flannel.yaml"), before.replace("kubenet: {}", "flannel: {}"));
    Cli.Result rerun = cli.run("replace", "-f", spec.toString());
    assertThat(rerun.code()).as("with the store back, the change goes through\n" + rerun).isZero();
    assertThat(cli.run("get", "cluster", NAME, "-o", "yaml").out()).contains("flannel: {}");
  }

  @Test
  void aSlowStoreIsSlowButCorrect() {
    proxy.delayMillis = 80;
    Path spec = dir.resolve("c.yaml");
    Cli.Result get = cli.run("get", "cluster", NAME, "-o", "yaml");
    assertThat(get.code()).isZero();
    try {
      Files.writeString(spec, get.out().replace("kubenet: {}", "calico: {}"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Cli.Result r = cli.run("replace", "-f", spec.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(cli.run("get", "cluster", NAME, "-o", "yaml").out()).contains("calico: {}");
    assertThat(cli.run("get", "history", "cluster", NAME).out()).contains("jkops replace -f");
  }

  @Test
  void aSlowStoreStillRespectsTheLockTimeout() throws Exception {
    String before = cli.run("get", "cluster", NAME, "-o", "yaml").out();
    // a live writer holds the lock: its $EDITOR waits (bounded) until the test lets it finish
    Path release = dir.resolve("release");
    Path editor =
        Files.writeString(
            dir.resolve("slow-editor.sh"),
            "#!/bin/sh\ni=0\nwhile [ ! -e '"
                + release
                + "' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\nsed -i 's/kubenet: {}/flannel: {}/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    Map<String, String> env = new HashMap<>(s3.env());
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + proxy.port());
    Cli holder = new Cli(dir, "s3://state/clusters").env(env).env("EDITOR", editor.toString());
    var held =
        java.util.concurrent.Executors.newSingleThreadExecutor()
            .submit(() -> holder.run("edit", "cluster", NAME));
    try {
      awaitLocked();
      proxy.delayMillis = 150; // every request of the waiting writer is slow
      Path spec =
          Files.writeString(
              dir.resolve("calico.yaml"), before.replace("kubenet: {}", "calico: {}"));
      Cli.Result waited = cli.env("JKOPS_LOCK_TIMEOUT", "2s").run("replace", "-f", spec.toString());
      assertThat(waited.code()).as(waited.toString()).isEqualTo(1);
      assertThat(waited.err())
          .contains("is locked in state store s3://state/clusters")
          .contains("'jkops edit cluster " + NAME + "'")
          .contains("(JKOPS_LOCK_TIMEOUT)")
          .doesNotContain("\tat ");
      int seconds = Integer.parseInt(waited.err().replaceAll("(?s).*; waited (\\d+)s.*", "$1"));
      assertThat(seconds)
          .as("it waited the timeout it was given, slow store or not")
          .isGreaterThanOrEqualTo(2);
      assertThat(cli.run("get", "cluster", NAME, "-o", "yaml").out())
          .as("the refused writer wrote nothing")
          .isEqualTo(before);
    } finally {
      proxy.delayMillis = 0;
      Files.writeString(release, "");
    }
    Cli.Result edited = held.get(2, java.util.concurrent.TimeUnit.MINUTES);
    assertThat(edited.code()).as(edited.toString()).isZero();
    assertThat(cli.run("get", "cluster", NAME, "-o", "yaml").out()).contains("flannel: {}");
    cli.env("JKOPS_LOCK_TIMEOUT", "0");
  }

  /** Waits (bounded) until the cluster's lock is taken. */
  private void awaitLocked() throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (!cli.run("unlock", "cluster", NAME).out().contains("is not locked")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the holder never took the lock");
  }

  @Test
  void aStoreThatGoesDownMidCommandLeavesTheSpecWholeAndALockToClear() throws Exception {
    String before = cli.run("get", "cluster", NAME, "-o", "yaml").out();
    // the editor takes S3 down while the user edits: the write after it cannot happen
    Path editor =
        Files.writeString(
            dir.resolve("editor.sh"),
            "#!/bin/sh\ntouch '" + down + "'\nsed -i 's/kubenet: {}/flannel: {}/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    Cli.Result r = cli.env("EDITOR", editor.toString()).run("edit", "cluster", NAME);
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains("cannot reach state store s3://state/clusters")
        .doesNotContain("\tat ");

    Files.delete(down); // S3 is back
    assertThat(cli.run("get", "cluster", NAME, "-o", "yaml").out())
        .as("the spec is whole: the old one")
        .isEqualTo(before);
    Cli.Result blocked = cli.run("edit", "cluster", NAME);
    assertThat(blocked.code()).isEqualTo(1);
    assertThat(blocked.err()).contains("is locked").contains("'jkops edit cluster " + NAME + "'");
    String id = blocked.err().replaceAll("(?s).*--lock-id (\\S+).*", "$1");
    Cli.Result unlock = cli.run("unlock", "cluster", NAME, "--lock-id", id);
    assertThat(unlock.code()).as(unlock.toString()).isZero();
    Path plainEditor =
        Files.writeString(
            dir.resolve("editor2.sh"), "#!/bin/sh\nsed -i 's/kubenet: {}/flannel: {}/' \"$1\"\n");
    plainEditor.toFile().setExecutable(true);
    Cli.Result again = cli.env("EDITOR", plainEditor.toString()).run("edit", "cluster", NAME);
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(cli.run("get", "cluster", NAME, "-o", "yaml").out()).contains("flannel: {}");
  }
}
