package dev.jkops.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A cluster's state lock: the file {@code <cluster>/.lock} in the state store, created atomically
 * ({@link StateStore#createIfAbsent}), holding a {@link LockInfo}. Commands that change a cluster
 * hold it from before their first read of the spec until they exit; a second writer waits up to a
 * bound, then fails naming the holder. A lock left by a killed process stays until a user clears it
 * with {@code jkops unlock cluster NAME --lock-id ID}: jkops never breaks a lock on its own.
 */
public final class ClusterLock implements AutoCloseable {
  public static final String FILE = ".lock";
  /** How often a waiting writer looks again. */
  static final Duration POLL = Duration.ofMillis(500);
  /** How often a waiting writer says it is still waiting. */
  static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private final StateStore store;
  private final String cluster;
  private final LockInfo info;
  private final Thread releaseOnExit;
  private boolean released;

  private ClusterLock(StateStore store, String cluster, LockInfo info) {
    this.store = store;
    this.cluster = cluster;
    this.info = info;
    // Ctrl-C or SIGTERM end the JVM through its shutdown hooks: give the lock back then too.
    // (SIGKILL cannot be caught; that lock is what 'jkops unlock' is for.)
    this.releaseOnExit = new Thread(this::releaseQuietly, "jkops-release-lock-" + cluster);
    Runtime.getRuntime().addShutdownHook(releaseOnExit);
  }

  public static String path(String cluster) {
    ClusterStore.checkName("cluster", cluster);
    return cluster + "/" + FILE;
  }

  /** Something to tell the user while waiting, and a way to wait (tests pass a fake clock). */
  public interface Waiting {
    void waiting(LockInfo holder, Duration waited, Duration limit);

    default void sleep(Duration d) throws InterruptedException {
      Thread.sleep(d.toMillis());
    }

    default Instant now() {
      return Instant.now();
    }
  }

  /**
   * Takes the lock for {@code me}, waiting at most {@code limit} for another holder to let go.
   *
   * @throws LockedException when the lock is still held after {@code limit}
   */
  public static ClusterLock acquire(StateStore store, String cluster, LockInfo me, Duration limit, Waiting waiting) {
    String path = path(cluster);
    Instant start = waiting.now();
    Instant lastReport = null;
    // Bounded: one attempt per POLL until limit has passed (and always at least one attempt).
    long maxAttempts = Math.max(1, limit.toMillis() / POLL.toMillis() + 2);
    for (long attempt = 0; attempt < maxAttempts; attempt++) {
      if (store.createIfAbsent(path, me.toBytes())) {
        return new ClusterLock(store, cluster, me);
      }
      Optional<LockInfo> holder = holder(store, cluster);
      if (holder.isEmpty()) {
        continue; // released between our create and our read: try again at once
      }
      if (holder.get().id().equals(me.id())) {
        // Our own lock: the S3 client retried a conditional PUT whose first attempt had landed
        // (a reply lost or timed out), and the retry was refused because the key existed.
        return new ClusterLock(store, cluster, me);
      }
      Duration waited = Duration.between(start, waiting.now());
      if (waited.compareTo(limit) >= 0) {
        throw new LockedException(store, cluster, holder.get(), waited);
      }
      if (lastReport == null || Duration.between(lastReport, waiting.now()).compareTo(REPORT_EVERY) >= 0) {
        waiting.waiting(holder.get(), waited, limit);
        lastReport = waiting.now();
      }
      try {
        waiting.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateStoreException("interrupted while waiting for the state lock of cluster " + cluster, e);
      }
    }
    Optional<LockInfo> holder = holder(store, cluster);
    throw holder.<RuntimeException>map(h -> new LockedException(store, cluster, h, limit))
        .orElseGet(() -> new StateStoreException("could not take the state lock of cluster " + cluster
            + " in " + store.location() + ": it was taken and released repeatedly; try again"));
  }

  /** Who holds the cluster's lock, if anyone. */
  public static Optional<LockInfo> holder(StateStore store, String cluster) {
    return store.read(path(cluster)).map(LockInfo::parse);
  }

  /**
   * Clears a lock a user has decided is stale. With {@code expectedId} the lock is removed only if it
   * is still that lock (so a lock taken since by a live command is not broken); with null, whatever
   * lock is there goes.
   *
   * @return the lock that was removed
   */
  public static LockInfo forceUnlock(StateStore store, String cluster, String expectedId) {
    LockInfo held = holder(store, cluster).orElseThrow(() -> new StateStoreException("cluster " + cluster
        + " is not locked in state store " + store.location() + "; there is nothing to unlock"));
    if (expectedId != null && !expectedId.equals(held.id())) {
      throw new StateStoreException("the state lock of cluster " + cluster + " has id " + held.id() + ", not "
          + expectedId + "; it is held by " + held.describe() + ". Check that this is the lock you mean, then"
          + " run: jkops unlock cluster " + cluster + " --lock-id " + held.id());
    }
    store.delete(path(cluster));
    return held;
  }

  public LockInfo info() {
    return info;
  }

  public String cluster() {
    return cluster;
  }

  /** Lets go of the lock, if it is still ours (a user may have force-unlocked it meanwhile). */
  @Override
  public void close() {
    releaseQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(releaseOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to; it finds the lock released
    }
  }

  private synchronized void releaseQuietly() {
    if (released) {
      return;
    }
    released = true;
    // A few tries: a store that hiccups once (a lost reply, a reset connection under load) should not
    // leave a lock that only 'jkops unlock' clears. Bounded, and every step is idempotent.
    for (int attempt = 0; attempt < RELEASE_ATTEMPTS; attempt++) {
      try {
        Optional<LockInfo> now = holder(store, cluster);
        if (now.isPresent() && now.get().id().equals(info.id())) {
          store.delete(path(cluster));
        }
        return;
      } catch (RuntimeException e) {
        // The command's own outcome matters more; if every try fails the lock stays and 'jkops unlock' clears it.
      }
    }
  }

  static final int RELEASE_ATTEMPTS = 3;

  /** The lock is held by someone else. */
  public static final class LockedException extends StateStoreException {
    private final transient LockInfo holder;

    LockedException(StateStore store, String cluster, LockInfo holder, Duration waited) {
      super(message(store, cluster, holder, waited));
      this.holder = holder;
    }

    public LockInfo holder() {
      return holder;
    }

    private static String message(StateStore store, String cluster, LockInfo h, Duration waited) {
      String gone = "";
      if (h.pid() > 0 && isThisHost(h) && ProcessHandle.of(h.pid()).isEmpty()) {
        gone = " Process " + h.pid() + " is no longer running on this host, so the lock is probably stale.";
      }
      return "cluster " + cluster + " is locked in state store " + store.location() + " by " + h.describe()
          + " (lock id " + h.id() + "); waited " + waited.toSeconds() + "s (JKOPS_LOCK_TIMEOUT)." + gone
          + " Wait for that command to finish; if it was killed, clear the lock with: jkops unlock cluster "
          + cluster + " --lock-id " + h.id();
    }

    private static boolean isThisHost(LockInfo h) {
      try {
        return h.host().equals(java.net.InetAddress.getLocalHost().getHostName());
      } catch (java.io.IOException e) {
        return false;
      }
    }
  }
}
