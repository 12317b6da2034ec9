package dev.jkops.cloud.local.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EtcdClient#watch} against a real etcd (a single member on unix sockets only, in a temp
 * dir: no network): a put and a delete under the prefix each wake the watcher, a key outside it
 * does not, and the stream ends when the member goes.
 */
class EtcdWatchTest {
  @TempDir Path dir;

  @Test
  void putsAndDeletesUnderThePrefixWakeTheWatcherAndTheStreamEndsWithTheMember() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/etcd")) || System.getenv("CI") != null,
        "no etcd on this machine");
    try (UnixSocketEtcd etcd = UnixSocketEtcd.start(dir, "w")) {
      EtcdClient c = etcd.client(Duration.ofSeconds(5));
      Semaphore changes = new Semaphore(0);
      try (EtcdClient.Watch w = c.watch("/registry/", changes::release)) {
        c.txn(List.of(new EtcdClient.Put("/elsewhere/x", "1")));
        assertThat(changes.tryAcquire(1, TimeUnit.SECONDS))
            .as("a key outside the prefix")
            .isFalse();
        c.txn(List.of(new EtcdClient.Put("/registry/pods/default/a", "{}")));
        assertThat(changes.tryAcquire(2, TimeUnit.SECONDS)).as("a put").isTrue();
        c.txn(List.of(new EtcdClient.Delete("/registry/pods/default/a")));
        assertThat(changes.tryAcquire(2, TimeUnit.SECONDS)).as("a delete").isTrue();
        assertThat(w.ended()).isFalse();

        etcd.stop();
        long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!w.ended() && System.nanoTime() < gone) {
          Thread.sleep(50);
        }
        assertThat(w.ended()).as("the stream ends with the member").isTrue();
      }
    }
  }
}
