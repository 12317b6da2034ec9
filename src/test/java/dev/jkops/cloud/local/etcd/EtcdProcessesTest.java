package dev.jkops.cloud.local.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When a stopped process counts as exited, on real processes of the kernel (no etcd needed: the
 * rules are the kernel's, and stopAll takes pids).
 */
class EtcdProcessesTest {

  /**
   * A process whose main thread has exited while another still runs: /proc shows its leader as a
   * zombie with an empty command line, which is what etcd looks like for a moment while its Go
   * threads exit. It has not exited: its thread still holds its files and its namespace.
   */
  @Test
  void aProcessWhoseMainThreadExitedWhileAnotherRunsHasNotExited() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/python3")), "python3 makes the half-exited process");
    Process p =
        new ProcessBuilder(
                "python3",
                "-c",
                "import threading,time,ctypes;"
                    + " threading.Thread(target=time.sleep,args=(2,)).start(); ctypes.CDLL(None).pthread_exit(None)")
            .start();
    long start = EtcdProcesses.startTime(p.pid()).orElseThrow();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!Files.readString(Path.of("/proc", p.pid() + "", "stat")).contains(") Z ")) {
      assertThat(System.nanoTime()).as("the main thread exits").isLessThan(deadline);
      Thread.sleep(10);
    }
    assertThat(Files.readAllBytes(Path.of("/proc", p.pid() + "", "cmdline")))
        .as("an empty command line")
        .isEmpty();
    assertThat(EtcdProcesses.exited(p.pid(), start)).as("a thread still runs").isFalse();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(EtcdProcesses.exited(p.pid(), start)).isTrue();
  }

  @Test
  void stopAllReturnsOnlyOnceEveryProcessHasExitedAndKillsThoseThatIgnoreSigterm()
      throws Exception {
    Process polite = new ProcessBuilder("sleep", "30").start();
    Process stubborn =
        new ProcessBuilder("sh", "-c", "trap '' TERM; while :; do sleep 0.05; done").start();
    long politeStart = EtcdProcesses.startTime(polite.pid()).orElseThrow();
    long stubbornStart = EtcdProcesses.startTime(stubborn.pid()).orElseThrow();
    Thread.sleep(100); // let sh set its trap
    long t0 = System.nanoTime();
    EtcdProcesses.stopAll(List.of(polite.pid(), stubborn.pid()), Duration.ofMillis(500));
    long took = System.nanoTime() - t0;
    assertThat(EtcdProcesses.exited(polite.pid(), politeStart)).isTrue();
    assertThat(EtcdProcesses.exited(stubborn.pid(), stubbornStart)).isTrue();
    assertThat(took)
        .as("SIGKILL after the grace, not later")
        .isBetween(Duration.ofMillis(450).toNanos(), Duration.ofSeconds(5).toNanos());
  }

  @Test
  void aPidNowUsedByAnotherProcessCountsAsExited() throws Exception {
    Process p = new ProcessBuilder("sleep", "30").start();
    long start = EtcdProcesses.startTime(p.pid()).orElseThrow();
    assertThat(EtcdProcesses.exited(p.pid(), start)).isFalse();
    assertThat(EtcdProcesses.exited(p.pid(), start + 1))
        .as("another start time: another process")
        .isTrue();
    p.destroyForcibly().waitFor();
    assertThat(EtcdProcesses.exited(p.pid(), start)).isTrue();
  }
}
