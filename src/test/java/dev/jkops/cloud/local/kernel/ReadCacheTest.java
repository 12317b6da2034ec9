package dev.jkops.cloud.local.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The diff's reads: a listing repeated while {@link ReadCache#during} runs is served from memory,
 * unless anything else ran since; outside it every command runs.
 */
class ReadCacheTest {
  static final String NS = "jk-abc-vpc";
  final List<Command> ran = new ArrayList<>();

  /** Every command it runs is recorded; listings are empty. */
  final ReadCache cache =
      new ReadCache(
          c -> {
            ran.add(c);
            return new CommandResult(c, 0, "[]", "");
          });

  final NetnsIp ip = new NetnsIp(cache, NS);

  @Test
  void aRepeatedListingRunsOnceWhileTheDiffRuns() {
    cache.during(
        () -> {
          ip.links();
          ip.links();
          ip.routes(100);
          ip.routes(100);
          ip.exec("read forwarding", java.time.Duration.ofSeconds(1), "sysctl", "-n", "a.b");
          ip.exec("read forwarding", java.time.Duration.ofSeconds(1), "sysctl", "-n", "a.b");
          new Nft(cache).tables(NS);
          new Nft(cache).tables(NS);
          ip.fdb("vx0");
          ip.fdb("vx0");
          return null;
        });
    assertThat(ran).hasSize(5);
  }

  @Test
  void findsThatStartTogetherWaitForOneListing() throws Exception {
    java.util.concurrent.CountDownLatch listing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    List<Command> asked = java.util.Collections.synchronizedList(new ArrayList<>());
    ReadCache slow =
        new ReadCache(
            c -> {
              asked.add(c);
              listing.countDown();
              try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new CommandResult(c, 0, "[]", "");
            });
    NetnsIp a = new NetnsIp(slow, NS);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      slow.during(
          () -> {
            List<java.util.concurrent.Future<?>> finds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
              finds.add(pool.submit(a::links));
            }
            try {
              assertThat(listing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
              Thread.sleep(100); // the other two finds ask meanwhile
              release.countDown();
              for (java.util.concurrent.Future<?> f : finds) {
                f.get(10, java.util.concurrent.TimeUnit.SECONDS);
              }
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            return null;
          });
    } finally {
      pool.shutdownNow();
    }
    assertThat(asked).hasSize(1);
  }

  @Test
  void anythingElseThatRunsEmptiesIt() {
    cache.during(
        () -> {
          ip.links();
          ip.setUp("eth0");
          ip.links();
          ip.exec("ping", java.time.Duration.ofSeconds(1), "ping", "-c1", "10.0.0.1");
          ip.links();
          return null;
        });
    assertThat(ran).extracting(c -> c.argv().get(3)).containsExactly("-j", "link", "-j", NS, "-j");
  }

  @Test
  void outsideTheDiffEveryReadRuns() {
    ip.links();
    ip.links();
    cache.during(ip::links);
    ip.links();
    assertThat(ran).hasSize(4);
  }

  @Test
  void aKeptAnswerCarriesTheSecondCallersPurposeForItsErrors() {
    List<Command> asked = new ArrayList<>();
    ReadCache failing =
        new ReadCache(
            c -> {
              asked.add(c);
              return new CommandResult(c, 1, "", "sysctl: cannot stat /proc/sys/a/b");
            });
    NetnsIp a = new NetnsIp(failing, NS);
    CommandResult second =
        failing.during(
            () -> {
              a.exec("read forwarding", java.time.Duration.ofSeconds(1), "sysctl", "-n", "a.b");
              return a.exec(
                  "read proxy ARP", java.time.Duration.ofSeconds(1), "sysctl", "-n", "a.b");
            });
    assertThat(asked).hasSize(1);
    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(catchThrowable(second::orThrow))
        .hasMessageStartingWith("could not read proxy ARP:")
        .hasMessageContaining("cannot stat");
  }

  @Test
  void onlyListingsCountAsReads() {
    assertThat(
            ReadCache.isRead(Command.of("", List.of("ip", "-n", NS, "-j", "-d", "link", "show"))))
        .isTrue();
    assertThat(ReadCache.isRead(Command.of("", List.of("ip", "-n", NS, "-batch", "-")))).isFalse();
    assertThat(ReadCache.isRead(Command.of("", List.of("ip", "-n", NS, "link", "set", "lo", "up"))))
        .isFalse();
    assertThat(
            ReadCache.isRead(
                Command.of("", List.of("ip", "netns", "exec", NS, "sysctl", "-qw", "a.b=1"))))
        .isFalse();
    assertThat(
            ReadCache.isRead(
                Command.of("", List.of("ip", "netns", "exec", NS, "nft", "-f", "-"))
                    .withStdin("table inet t {}")))
        .isFalse();
    assertThat(
            ReadCache.isRead(
                Command.of(
                    "", List.of("ip", "netns", "exec", NS, "nft", "list", "table", "inet", "t"))))
        .isTrue();
    assertThat(
            ReadCache.isRead(
                Command.of("", List.of("bridge", "-n", NS, "fdb", "append", "m", "dev", "vx0"))))
        .isFalse();
  }
}
