package dev.jkops.api.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A separate process that takes a cluster's lock in a file store and keeps it, so tests can kill a
 * real holder: prints "held ID PID", then sleeps (bounded) until it is killed.
 */
public final class LockHolderChild {
  private LockHolderChild() {}

  public static void main(String[] args) throws InterruptedException {
    FileStateStore store = new FileStateStore(Path.of(args[0]));
    LockInfo me = LockInfo.forThisProcess("lock-holder-child " + args[1], Map.of("USER", "child"));
    ClusterLock lock = ClusterLock.acquire(store, args[1], me, Duration.ZERO, (h, w, l) -> {});
    System.out.println("held " + lock.info().id() + " " + ProcessHandle.current().pid());
    System.out.flush();
    Thread.sleep(120_000);
  }
}
