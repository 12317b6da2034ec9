package dev.jkops.cloud.local.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding a cluster's API server by its command line: the pid its launch wrote when that is right,
 * and every process otherwise, so a missing or stale pid file never hides a running server nor
 * names another process. The "server" is a real process carrying the server's mark and runtime dir
 * in its argv.
 */
class ApiServerPidTest {
  @TempDir Path runtimeDir;
  Process server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private long startServerLookalike(Path dir) throws Exception {
    server =
        new ProcessBuilder(
                "perl",
                "-e",
                "sleep 60",
                "--", // the rest is the program's argv, not perl's switches
                ApiServerProcess.MARK,
                "--runtime-dir=" + dir.toAbsolutePath().normalize())
            .start();
    // ProcessBuilder returns before the child has exec'd perl: wait (5 s at most) for its argv
    Path cmdline = Path.of("/proc", server.pid() + "", "cmdline");
    for (int i = 0; i < 500 && !Files.readString(cmdline).contains(ApiServerProcess.MARK); i++) {
      Thread.sleep(10);
    }
    assertThat(Files.readString(cmdline)).contains(ApiServerProcess.MARK);
    return server.pid();
  }

  private void writePid(long pid) throws Exception {
    Files.createDirectories(ApiServerProcess.dirOf(runtimeDir));
    Files.writeString(ApiServerProcess.dirOf(runtimeDir).resolve("pid"), pid + "\n");
  }

  @Test
  void theWrittenPidIsTheServer() throws Exception {
    long pid = startServerLookalike(runtimeDir);
    writePid(pid);
    assertThat(ApiServerProcess.pid(runtimeDir)).contains(pid);
  }

  @Test
  void withNoPidFileTheServerIsStillFound() throws Exception {
    long pid = startServerLookalike(runtimeDir);
    assertThat(ApiServerProcess.pid(runtimeDir)).contains(pid);
  }

  @Test
  void aPidFileNamingAnotherProcessIsNotBelieved() throws Exception {
    long pid = startServerLookalike(runtimeDir);
    writePid(ProcessHandle.current().pid());
    assertThat(ApiServerProcess.pid(runtimeDir)).contains(pid);
  }

  @Test
  void aServerOfAnotherRuntimeDirIsNotThisClustersEvenWithItsPidWritten() throws Exception {
    long other = startServerLookalike(runtimeDir.resolve("other"));
    writePid(other);
    assertThat(ApiServerProcess.pid(runtimeDir)).isEmpty();
  }

  @Test
  void noServerAndNoFileIsNoPid() {
    assertThat(ApiServerProcess.pid(runtimeDir)).isEmpty();
  }
}
