package dev.jkops.cloud.local.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Changes made in one namespace at the same time share an {@code ip -batch} process, and each
 * caller still gets its own outcome. The runner here behaves as iproute2's batch mode does: lines
 * run in order, the first failing one stops the run with {@code Command failed -:N}.
 */
class BatchQueueTest {
  static final String NS = "jk-abc-vpc";

  final List<Command> ran = Collections.synchronizedList(new ArrayList<>());
  final List<String> applied = Collections.synchronizedList(new ArrayList<>());
  final ExecutorService pool = Executors.newFixedThreadPool(4);

  /** Until released, the first process blocks, so the callers that come meanwhile queue up. */
  final CountDownLatch firstRunning = new CountDownLatch(1);

  final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** iproute2's batch mode, in memory: a line containing FAIL fails. */
  CommandResult ipBatch(Command c) {
    boolean first = ran.isEmpty();
    ran.add(c);
    if (first) {
      firstRunning.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (c.stdin() == null) {
      applied.add(String.join(" ", c.argv().subList(3, c.argv().size())));
      return new CommandResult(c, 0, "", "");
    }
    List<String> lines = c.stdin().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("FAIL")) {
        return new CommandResult(
            c, 1, "", "RTNETLINK answers: File exists\nCommand failed -:" + (i + 1) + "\n");
      }
      applied.add(lines.get(i));
    }
    return new CommandResult(c, 0, "", "");
  }

  NetnsIp ip(BatchQueue queue) {
    return new NetnsIp(this::ipBatch, NS, queue);
  }

  BatchQueue queue() {
    return new BatchQueue(this::ipBatch, NS, List.of("ip", "-n", NS), 1);
  }

  @Test
  void aCallerAloneRunsWhatItWouldHaveRunWithoutTheQueue() {
    release.countDown();
    NetnsIp ip = ip(queue());
    ip.replaceRoute(KernelRoute.via("100.96.1.0/24", "172.20.0.5").inTable(100));
    ip.batch("attach i-1", List.of("link add i-1 type veth peer name eth0", "link set i-1 up"));
    assertThat(ran)
        .extracting(Command::argv)
        .containsExactly(
            List.of(
                "ip",
                "-n",
                NS,
                "route",
                "replace",
                "100.96.1.0/24",
                "via",
                "172.20.0.5",
                "table",
                "100"),
            List.of("ip", "-n", NS, "-batch", "-"));
    assertThat(ran.get(1).stdin())
        .isEqualTo("link add i-1 type veth peer name eth0\nlink set i-1 up\n");
  }

  @Test
  void callersThatComeWhileABatchRunsShareTheNextProcess() throws Exception {
    BatchQueue queue = queue();
    Future<?> first = pool.submit(() -> ip(queue).batch("attach i-0", List.of("link add i-0")));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<?>> more = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      int n = i;
      more.add(
          pool.submit(
              () ->
                  ip(queue)
                      .batch(
                          "attach i-" + n, List.of("link add i-" + n, "link set i-" + n + " up"))));
    }
    waitForWaiters(queue, 3);
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    for (Future<?> f : more) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertThat(ran).hasSize(2);
    assertThat(ran.get(1).stdin().lines())
        .hasSize(6)
        .containsSubsequence("link add i-1", "link set i-1 up")
        .containsSubsequence("link add i-2", "link set i-2 up")
        .containsSubsequence("link add i-3", "link set i-3 up");
    assertThat(applied).hasSize(7);
  }

  @Test
  void withTwoSlotsASecondCallerRunsBesideTheFirstWithoutWaiting() throws Exception {
    BatchQueue queue = new BatchQueue(this::ipBatch, NS, List.of("ip", "-n", NS), 2);
    Future<?> first = pool.submit(() -> ip(queue).batch("attach i-0", List.of("link add i-0")));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    ip(queue).batch("attach i-1", List.of("link add i-1"));
    assertThat(first.isDone()).as("the first batch still runs").isFalse();
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    assertThat(applied).containsExactly("link add i-1", "link add i-0");
  }

  @Test
  void aFailingLineFailsOnlyItsCallerNamingItsOwnLineAndTheRestStillRun() throws Exception {
    BatchQueue queue = queue();
    Future<?> first = pool.submit(() -> ip(queue).batch("attach i-0", List.of("link add i-0")));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    Future<?> before =
        pool.submit(
            () -> ip(queue).batch("attach i-1", List.of("link add i-1", "link set i-1 up")));
    waitForWaiters(queue, 1);
    Future<?> failing =
        pool.submit(
            () -> ip(queue).batch("attach i-2", List.of("link add i-2", "link set i-2 FAIL")));
    waitForWaiters(queue, 2);
    Future<?> after =
        pool.submit(
            () -> ip(queue).batch("attach i-3", List.of("link add i-3", "link set i-3 up")));
    waitForWaiters(queue, 3);
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    before.get(10, TimeUnit.SECONDS);
    after.get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(KernelException.class)
        .cause()
        .hasMessageContaining("could not attach i-2 in " + NS)
        .hasMessageContaining("at line 2 of 2 (`link set i-2 FAIL`)")
        .hasMessageContaining("File exists")
        .hasMessageContaining("Command failed -:2");
    // i-3's lines came after the failure in the shared run, which stopped there: they ran again
    assertThat(applied)
        .containsExactly(
            "link add i-0",
            "link add i-1",
            "link set i-1 up",
            "link add i-2",
            "link add i-3",
            "link set i-3 up");
  }

  @Test
  void aBatchAloneNamesItsFailingLine() {
    release.countDown();
    NetnsIp ip = ip(queue());
    assertThatThrownBy(
            () -> ip.batch("finish bridge br-1", List.of("link add br-1", "addr FAIL dev br-1")))
        .isInstanceOf(KernelException.class)
        .hasMessageStartingWith(
            "could not finish bridge br-1 in "
                + NS
                + ": `ip -n "
                + NS
                + " -batch -` exited 1 at"
                + " line 2 of 2 (`addr FAIL dev br-1`): RTNETLINK answers: File exists");
  }

  /** Waits (at most 10 s) until {@code n} callers wait in the queue. */
  static void waitForWaiters(BatchQueue queue, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (queue.waitingCallers() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(queue.waitingCallers()).isEqualTo(n);
  }

  @Test
  void changesHandedOverTogetherGoInOneProcessEachWithItsOwnOutcome() {
    release.countDown();
    NetnsIp ip = ip(queue());
    List<java.util.Optional<KernelException>> outcomes =
        ip.batches(
            List.of(
                new NetnsIp.Lines("attach i-1", List.of("link add i-1", "link set i-1 up")),
                new NetnsIp.Lines("attach i-2", List.of("link add i-2 FAIL", "link set i-2 up")),
                new NetnsIp.Lines("attach i-3", List.of("link add i-3", "link set i-3 up"))));
    // i-2's first line failed: i-1 was done in that process, i-3 in the next
    assertThat(ran).hasSize(2);
    assertThat(outcomes.get(0)).isEmpty();
    assertThat(outcomes.get(1))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("could not attach i-2 in " + NS)
        .contains("at line 1 of 2 (`link add i-2 FAIL`)");
    assertThat(outcomes.get(2)).isEmpty();
    assertThat(applied)
        .containsExactly("link add i-1", "link set i-1 up", "link add i-3", "link set i-3 up");
  }

  @Test
  void whenIpDoesNotSayWhichLineFailedEachChangeHandedOverRunsAgainAloneForItsOwnOutcome() {
    release.countDown();
    // ip exits at once on an argument it cannot parse, with no line number: here, any line with
    // NOPARSE; the lines before it ran
    CommandRunner parseFailing =
        c -> {
          ran.add(c);
          for (String line : c.stdin().lines().toList()) {
            if (line.contains("NOPARSE")) {
              return new CommandResult(c, 255, "", "Error: argument \"br-x\" is wrong");
            }
            applied.add(line);
          }
          return new CommandResult(c, 0, "", "");
        };
    NetnsIp ip =
        new NetnsIp(parseFailing, NS, new BatchQueue(parseFailing, NS, List.of("ip", "-n", NS), 1));
    List<java.util.Optional<KernelException>> outcomes =
        ip.batches(
            List.of(
                new NetnsIp.Lines("route a", List.of("route replace 100.96.1.0/24")),
                new NetnsIp.Lines("route b", List.of("route replace NOPARSE")),
                new NetnsIp.Lines("route c", List.of("route replace 100.96.3.0/24"))));
    assertThat(outcomes.get(0)).isEmpty();
    assertThat(outcomes.get(1))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("could not route b")
        .contains("is wrong")
        .doesNotContain("other changes");
    assertThat(outcomes.get(2)).isEmpty();
    // one shared process, then each alone
    assertThat(ran).hasSize(4);
    assertThat(applied).contains("route replace 100.96.3.0/24");
  }
}
