package dev.jkops.cloud.local.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real single-member etcd for a test, on unix sockets in the test's directory (no network): its
 * client socket is {@code dir/c:0}, its log {@code dir/etcd.log}. {@link #client} returns once it
 * answers; closing it kills the member if the test has not stopped it.
 */
final class UnixSocketEtcd implements AutoCloseable {
  private final Process process;
  private final Path socket;

  private UnixSocketEtcd(Process process, Path socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Starts member {@code name} in {@code dir}. */
  static UnixSocketEtcd start(Path dir, String name) throws IOException {
    Process etcd =
        new ProcessBuilder(
                "etcd",
                "--name=" + name,
                "--data-dir=data",
                "--listen-client-urls=unix://c:0",
                "--advertise-client-urls=unix://c:0",
                "--listen-peer-urls=unix://p:0",
                "--initial-advertise-peer-urls=unix://p:0",
                "--initial-cluster=" + name + "=unix://p:0")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("etcd.log").toFile())
            .start();
    return new UnixSocketEtcd(etcd, dir.resolve("c:0"));
  }

  Path socket() {
    return socket;
  }

  /** A client with {@code timeout} per call, once the member answers (within 20 seconds). */
  EtcdClient client(Duration timeout) throws InterruptedException {
    EtcdClient c = new EtcdClient(socket, timeout);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        c.status();
        return c;
      } catch (EtcdException notYet) {
        assertThat(System.nanoTime()).as("etcd answers within 20s").isLessThan(until);
        Thread.sleep(100);
      }
    }
  }

  /** Stops the member as a shutdown would (SIGTERM) and waits for it to exit. */
  void stop() throws InterruptedException {
    process.destroy();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("etcd exits within 10s").isTrue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
