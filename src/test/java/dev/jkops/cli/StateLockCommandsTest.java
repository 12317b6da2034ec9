package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.store.ClusterLock;
import dev.jkops.api.store.FileStateStore;
import dev.jkops.api.store.LockInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that change a cluster hold its state lock; a lock left by a killed jkops blocks them
 * with the holder named, until 'jkops unlock cluster' clears it; every change keeps the previous
 * version, which 'get history' lists and 'restore' brings back.
 */
class StateLockCommandsTest {
  static final String NAME = "lock.example.com";

  @TempDir Path dir;
  Path state;
  Path spec;
  Cli cli;

  @BeforeEach
  void createOne() throws Exception {
    state = dir.resolve("state");
    cli = new Cli(dir, "file://" + state).env("JKOPS_LOCK_TIMEOUT", "0");
    Cli.Result r = cli.run("create", "cluster", "--name", NAME, "--zones", "us-east-1a");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Files.exists(state.resolve(NAME + "/.lock")))
        .as("create let go of its lock")
        .isFalse();
    spec =
        Files.writeString(
            dir.resolve("c.yaml"), cli.run("get", "cluster", NAME, "-o", "yaml").out());
  }

  /** A lock as a jkops killed mid-update leaves it: a pid that is not running. */
  LockInfo staleLock() {
    LockInfo dead =
        new LockInfo(
            "dead1234",
            "ops@" + hostName(),
            Long.MAX_VALUE - 7,
            "jkops update cluster " + NAME + " --yes",
            Instant.parse("2026-11-26T10:00:00Z"));
    FileStateStore store = new FileStateStore(state);
    store.write(
        ClusterLock.path(NAME),
        ("id: "
                + dead.id()
                + "\nholder: "
                + dead.holder()
                + "\npid: "
                + dead.pid()
                + "\ncommand: "
                + dead.command()
                + "\nsince: "
                + dead.since()
                + "\n")
            .getBytes());
    return dead;
  }

  static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  @Test
  void everyChangingCommandRefusesALockedClusterNamingTheHolderAndChangesNothing()
      throws Exception {
    staleLock();
    Map<String, String> before = Cli.snapshot(state);
    Files.writeString(
        dir.resolve("editor.sh"), "#!/bin/sh\nsed -i 's/kubenet: {}/flannel: {}/' \"$1\"\n");
    dir.resolve("editor.sh").toFile().setExecutable(true);
    cli.env("EDITOR", dir.resolve("editor.sh").toString());
    String[][] commands = {
      {"replace", "-f", spec.toString()},
      {"edit", "cluster", NAME},
      {"edit", "ig", "--name", NAME, "nodes-us-east-1a"},
      {"delete", "cluster", NAME, "--yes"},
      {"update", "cluster", NAME, "--yes"},
      {"create", "-f", spec.toString()},
      {"restore", "cluster", NAME, "--version", "1", "--yes"},
    };
    for (String[] args : commands) {
      Cli.Result r = cli.run(args);
      assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
      assertThat(r.err())
          .as(String.join(" ", args))
          .contains("cluster " + NAME + " is locked")
          .contains("ops@" + hostName())
          .contains("'jkops update cluster " + NAME + " --yes'")
          .contains("since 2026-11-26T10:00:00Z")
          .contains("no longer running on this host")
          .contains("jkops unlock cluster " + NAME + " --lock-id dead1234")
          .doesNotContain("Exception");
      assertThat(Cli.snapshot(state)).as(String.join(" ", args)).isEqualTo(before);
    }
    // reading is not blocked
    assertThat(cli.run("get", "cluster", NAME).code()).isZero();
  }

  @Test
  void unlockShowsTheLockRefusesTheWrongIdAndClearsTheRightOne() throws Exception {
    staleLock();
    Cli.Result show = cli.run("unlock", "cluster", NAME);
    assertThat(show.code()).isZero();
    assertThat(show.out()).contains("locked by ops@").contains("--lock-id dead1234");
    assertThat(Files.exists(state.resolve(NAME + "/.lock"))).as("showing is not clearing").isTrue();

    Cli.Result wrong = cli.run("unlock", "cluster", NAME, "--lock-id", "other");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("has id dead1234, not other");
    assertThat(Files.exists(state.resolve(NAME + "/.lock"))).isTrue();

    Cli.Result ok = cli.run("unlock", "cluster", NAME, "--lock-id", "dead1234");
    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(ok.out())
        .contains("Removed the state lock of cluster " + NAME + " (lock id dead1234");
    assertThat(Files.exists(state.resolve(NAME + "/.lock"))).isFalse();

    Cli.Result again = cli.run("replace", "-f", spec.toString());
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(cli.run("unlock", "cluster", NAME, "--force").err()).contains("is not locked");
  }

  @Test
  void aWriterWaitsForALiveHolderAndProceedsWhenItLetsGo() throws Exception {
    FileStateStore store = new FileStateStore(state);
    ClusterLock holder =
        ClusterLock.acquire(
            store,
            NAME,
            LockInfo.forThisProcess("jkops edit cluster " + NAME, Map.of()),
            Duration.ZERO,
            (h, w, l) -> {});
    Thread release =
        new Thread(
            () -> {
              try {
                // let go once the waiting command has said it is waiting
                for (int i = 0; i < 600 && !Files.exists(dir.resolve("seen")); i++) {
                  Thread.sleep(50);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              holder.close();
            });
    java.io.StringWriter err = new java.io.StringWriter();
    java.io.PrintWriter errWriter =
        new java.io.PrintWriter(err) {
          @Override
          public void println(String x) {
            super.println(x);
            if (x.startsWith("Waiting for the state lock")) {
              try {
                Files.writeString(dir.resolve("seen"), "1");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          }
        };
    release.start();
    java.io.StringWriter out = new java.io.StringWriter();
    Map<String, String> env =
        Map.of(
            "HOME",
            dir.toString(),
            "KOPS_STATE_STORE",
            "file://" + state,
            "JKOPS_LOCK_TIMEOUT",
            "60s");
    int code =
        Main.commandLine(new java.io.PrintWriter(out), errWriter, env)
            .execute("replace", "-f", spec.toString());
    release.join(60_000);
    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(err.toString())
        .contains("Waiting for the state lock, held by ")
        .contains("'jkops edit cluster " + NAME + "'");
    assertThat(Files.exists(state.resolve(NAME + "/.lock"))).isFalse();
  }

  @Test
  void aFailedCommandLetsGoOfTheLock() throws Exception {
    Files.writeString(
        dir.resolve("bad.yaml"),
        Files.readString(spec)
            .replace("nonMasqueradeCIDR", "nonMasqueradeCIDR: 300.1.1.1/99\n  x"));
    Cli.Result r = cli.run("replace", "-f", dir.resolve("bad.yaml").toString());
    assertThat(r.code()).isNotZero();
    assertThat(Files.exists(state.resolve(NAME + "/.lock"))).isFalse();
    Cli.Result upd = cli.run("update", "cluster", NAME, "--yes", "--target", "bogus");
    assertThat(upd.code()).isEqualTo(2);
    assertThat(Files.exists(state.resolve(NAME + "/.lock"))).isFalse();
  }

  @Test
  void everyChangeKeepsThePreviousVersionAndRestoreBringsItBack() throws Exception {
    String original = Files.readString(state.resolve(NAME + "/config"));
    Files.writeString(spec, Files.readString(spec).replace("kubenet: {}", "calico: {}"));
    assertThat(cli.run("replace", "-f", spec.toString()).code()).isZero();
    Files.writeString(spec, Files.readString(spec).replace("calico: {}", "flannel: {}"));
    assertThat(cli.run("replace", "-f", spec.toString()).code()).isZero();
    assertThat(Files.readString(state.resolve(NAME + "/config"))).contains("flannel");

    Cli.Result hist = cli.run("get", "history", "cluster", NAME);
    assertThat(hist.code()).as(hist.toString()).isZero();
    assertThat(hist.out().lines().toList()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(hist.out().lines().findFirst().orElseThrow())
        .startsWith("VERSION")
        .contains("REPLACED BY");
    assertThat(hist.out()).contains("jkops replace -f " + spec);

    // version 1 is the spec create wrote, before the first replace changed it
    Cli.Result preview = cli.run("restore", "cluster", NAME, "--version", "1");
    assertThat(preview.code()).as(preview.toString()).isZero();
    assertThat(preview.out()).contains("replace config").contains("Must specify --yes");
    assertThat(Files.readString(state.resolve(NAME + "/config"))).contains("flannel");

    Cli.Result restore = cli.run("restore", "cluster", NAME, "--version", "1", "--yes");
    assertThat(restore.code()).as(restore.toString()).isZero();
    assertThat(Files.readString(state.resolve(NAME + "/config"))).isEqualTo(original);
    assertThat(cli.run("get", "cluster", NAME, "-o", "yaml").out()).contains("kubenet");
    // the flannel spec the restore replaced is itself kept
    Cli.Result after = cli.run("get", "history", "cluster", NAME, "-o", "yaml");
    assertThat(after.out())
        .contains("replacedBy: jkops restore cluster " + NAME + " --version 1 --yes");

    Cli.Result missing = cli.run("restore", "cluster", NAME, "--version", "99", "--yes");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err())
        .contains("has no saved version 99")
        .contains("jkops get history cluster " + NAME);
  }

  @Test
  void aDeletedClusterCanBeRestored() throws Exception {
    String original = Files.readString(state.resolve(NAME + "/config"));
    Cli.Result del = cli.run("delete", "cluster", NAME, "--yes");
    assertThat(del.code()).as(del.toString()).isZero();
    assertThat(cli.run("get", "clusters").out()).doesNotContain(NAME);
    Cli.Result restore = cli.run("restore", "cluster", NAME, "--version", "1", "--yes");
    assertThat(restore.code()).as(restore.toString()).isZero();
    assertThat(Files.readString(state.resolve(NAME + "/config"))).isEqualTo(original);
    assertThat(cli.run("get", "instancegroups", "--name", NAME).out()).contains("nodes-us-east-1a");
  }

  @Test
  void restoreValidatesTheVersionBeforeWritingAnything() throws Exception {
    assertThat(cli.run("replace", "-f", spec.toString()).code()).isZero();
    // damage the kept copy: a restore must refuse it like replace -f would
    Path kept = state.resolve(NAME + "/.history/000001/files/config");
    Files.writeString(
        kept,
        Files.readString(kept).replace("networkCIDR: 172.20.0.0/16", "networkCIDR: 10.0.0.0/40"));
    Map<String, String> before = Cli.snapshot(state);
    Cli.Result r = cli.run("restore", "cluster", NAME, "--version", "1", "--yes");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("networkCIDR").doesNotContain("Exception");
    assertThat(Cli.snapshot(state)).isEqualTo(before);
  }

  @Test
  void historyIsBoundedByJkopsHistoryLimit() {
    cli.env("JKOPS_HISTORY_LIMIT", "3");
    for (int i = 0; i < 6; i++) {
      assertThat(cli.run("replace", "-f", spec.toString()).code()).isZero();
    }
    Cli.Result hist = cli.run("get", "history", "cluster", NAME, "-o", "json");
    assertThat(hist.out().split("\"version\"", -1)).hasSize(4);
    assertThat(hist.out()).contains("\"version\" : 6").doesNotContain("\"version\" : 3");
    Cli.Result bad = cli.env("JKOPS_HISTORY_LIMIT", "zero").run("replace", "-f", spec.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("JKOPS_HISTORY_LIMIT=\"zero\"");
  }

  @Test
  void aKilledJkopsLockIsTakenOverByTheNextCommandWhileALiveOneStillBlocks() throws Exception {
    // a real jkops process holds the lock: 'edit cluster', whose $EDITOR waits (bounded) for the
    // test
    Path editing = dir.resolve("editing");
    Path editor =
        Files.writeString(
            dir.resolve("waiting-editor.sh"),
            "#!/bin/sh\necho $$ > '"
                + editing
                + "'\ni=0\nwhile [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\n");
    editor.toFile().setExecutable(true);
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.jkops.cli.Main",
                "edit",
                "cluster",
                NAME)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("holder.log").toFile());
    // TMPDIR: the killed holder keeps its edit file, which must go with the test's dir
    pb.environment()
        .putAll(
            Map.of(
                "HOME",
                dir.toString(),
                "TMPDIR",
                dir.toString(),
                "KOPS_STATE_STORE",
                "file://" + state,
                "EDITOR",
                editor.toString()));
    Process holder = pb.start();
    long editorPid = -1;
    try {
      for (int i = 0; i < 600 && !Files.exists(editing); i++) {
        Thread.sleep(100);
      }
      assertThat(editing).as("the holder reached its editor, lock held").exists();
      editorPid = Long.parseLong(Files.readString(editing).trim());

      // alive: a second command is refused, told the holder runs
      Cli.Result blocked = cli.run("replace", "-f", spec.toString());
      assertThat(blocked.code()).as(blocked.toString()).isEqualTo(1);
      assertThat(blocked.err())
          .contains("cluster " + NAME + " is locked")
          .contains("pid " + holder.pid())
          .contains("'jkops edit cluster " + NAME + "'")
          .contains("ago)")
          .contains("Its process is running");
    } finally {
      holder.destroyForcibly(); // SIGKILL
      assertThat(holder.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      if (editorPid > 0) {
        ProcessHandle.of(editorPid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    assertThat(holder.exitValue()).isEqualTo(137);
    assertThat(Files.exists(state.resolve(NAME + "/.lock")))
        .as("SIGKILL left the lock file")
        .isTrue();
    Cli.Result shown = cli.run("unlock", "cluster", NAME);
    assertThat(shown.out()).contains("pid " + holder.pid()).contains("Its process is gone");

    // gone: the next command takes the lock over, says so, and works; no unlock needed
    Cli.Result next = cli.run("replace", "-f", spec.toString());
    assertThat(next.code()).as(next.toString()).isZero();
    assertThat(next.err())
        .contains("previous holder, pid " + holder.pid())
        .contains("is gone; taking the lock");
    assertThat(Files.exists(state.resolve(NAME + "/.lock"))).isFalse();
    try (var files = Files.list(state.resolve(NAME))) {
      assertThat(
              files
                  .map(p -> p.getFileName().toString())
                  .filter(n -> n.startsWith(".lock"))
                  .toList())
          .as("no lock or liveness file left")
          .isEmpty();
    }
  }

  @Test
  void aReplaceOfSeveralFilesThatFailsPartWayChangesNoneOfThem() throws Exception {
    String igs = cli.run("get", "instancegroups", "--name", NAME, "-o", "yaml").out();
    assertThat(igs).contains("maxSize: 1");
    Path both =
        Files.writeString(
            dir.resolve("both.yaml"),
            Files.readString(spec).replace("kubenet: {}", "calico: {}")
                + (igs.startsWith("---") ? "" : "---\n")
                + igs.replace("maxSize: 1", "maxSize: 3"));
    Map<String, String> before = specFiles();
    // the instance group and the completed spec go first, the config last: its write hits a full
    // disk
    Cli.Result r =
        cli.env("JKOPS_FAULT_FAIL_STORE_WRITE", NAME + "/config")
            .run("replace", "-f", both.toString());
    cli.env("JKOPS_FAULT_FAIL_STORE_WRITE", "");
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains("No space left on device")
        .contains("nothing was changed")
        .doesNotContain("\tat ");
    assertThat(specFiles()).as("no mix of old and new files").isEqualTo(before);

    Cli.Result ok = cli.run("replace", "-f", both.toString());
    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(cli.run("get", "cluster", NAME, "-o", "yaml").out()).contains("calico: {}");
    assertThat(cli.run("get", "instancegroups", "--name", NAME, "-o", "yaml").out())
        .contains("maxSize: 3");
  }

  /** The cluster's spec files, without jkops' bookkeeping (the history a change saves first). */
  Map<String, String> specFiles() throws Exception {
    Map<String, String> all = new java.util.TreeMap<>(Cli.snapshot(state));
    all.keySet().removeIf(k -> k.contains(".history"));
    return all;
  }
}
