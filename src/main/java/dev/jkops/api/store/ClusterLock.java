package dev.jkops.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A cluster's state lock: the file {@code <cluster>/.lock} in the state store, created atomically
 * ({@link StateStore#createIfAbsent}), holding a {@link LockInfo}. Commands that change a cluster
 * hold it from before their first read of the spec until they exit; a second writer waits up to a
 * bound, then fails naming the holder and the lock's age.
 *
 * <p>On a file store the holder also holds an OS lock ({@link LivenessFile}) that the kernel drops
 * when the holder's process ends, however it ends: a lock whose holder was killed is taken over by
 * the next command, which says so. On S3 no process can prove it is alive, so the lock is a lease
 * that stays until a user clears it with {@code jkops unlock cluster NAME --lock-id ID}. Releases
 * and unlocks remove the lock only if it is still the one they read (S3: {@code If-Match} on its
 * ETag), and a command checks before each write that it still holds its lock ({@link
 * #checkStillHeld}).
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
  private final LivenessFile alive;
  private final Thread releaseOnExit;
  private boolean released;

  private ClusterLock(StateStore store, String cluster, LockInfo info, LivenessFile alive) {
    this.store = store;
    this.cluster = cluster;
    this.info = info;
    this.alive = alive;
    // Ctrl-C or SIGTERM end the JVM through its shutdown hooks: give the lock back then too.
    // (SIGKILL cannot be caught: on a file store the next command sees the holder is gone; on S3
    // that lock is what 'jkops unlock' is for.)
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

    /**
     * The holder of the lock found is gone (its process ended without letting go): it is taken
     * over.
     */
    default void takingOver(LockInfo gone) {}

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
  public static ClusterLock acquire(
      StateStore store, String cluster, LockInfo me, Duration limit, Waiting waiting) {
    return acquire(store, cluster, me, limit, waiting, true);
  }

  /**
   * As {@link #acquire}, for a holder that keeps the lock for one short write and lets go (the API
   * server, for each write through it): the lock file is not flushed to disk ({@link
   * StateStore#createLockIfAbsent}), whose two flushes were most of such a write's time on the
   * lock. It excludes every other running holder exactly as {@link #acquire}'s does; only a crash
   * of the machine within the milliseconds it is held could leave it on disk (then empty or without
   * its liveness file, and 'jkops unlock' clears it, as the waiting command's message says). A
   * command that holds the lock for its whole run keeps it durable, so that after such a crash the
   * next command finds it and takes it over by its liveness file.
   */
  public static ClusterLock acquireBrief(
      StateStore store, String cluster, LockInfo me, Duration limit, Waiting waiting) {
    return acquire(store, cluster, me, limit, waiting, false);
  }

  private static ClusterLock acquire(
      StateStore store,
      String cluster,
      LockInfo me,
      Duration limit,
      Waiting waiting,
      boolean durable) {
    String path = path(cluster);
    LivenessFile alive =
        store instanceof FileStateStore files ? LivenessFile.hold(files, cluster, me.id()) : null;
    try {
      return acquire(store, cluster, path, me, alive, limit, waiting, durable);
    } catch (RuntimeException e) {
      if (alive != null) {
        alive.release(false);
      }
      throw e;
    }
  }

  private static ClusterLock acquire(
      StateStore store,
      String cluster,
      String path,
      LockInfo me,
      LivenessFile alive,
      Duration limit,
      Waiting waiting,
      boolean durable) {
    Instant start = waiting.now();
    Instant lastReport = null;
    // Bounded: one attempt per POLL until limit has passed (and always at least one attempt).
    long maxAttempts = Math.max(1, limit.toMillis() / POLL.toMillis() + 2);
    for (long attempt = 0; attempt < maxAttempts; attempt++) {
      byte[] content = me.toBytes();
      if (durable ? store.createIfAbsent(path, content) : store.createLockIfAbsent(path, content)) {
        if (alive != null) {
          alive.sweep(cluster);
        }
        return new ClusterLock(store, cluster, me, alive);
      }
      Optional<LockInfo> holder = holder(store, cluster);
      if (holder.isEmpty()) {
        continue; // released between our create and our read: try again at once
      }
      if (holder.get().id().equals(me.id())) {
        // Our own lock: the S3 client retried a conditional PUT whose first attempt had landed
        // (a reply lost or timed out), and the retry was refused because the key existed.
        return new ClusterLock(store, cluster, me, alive);
      }
      if (store instanceof FileStateStore files
          && LivenessFile.takeOverIfGone(
              files, cluster, holder.get(), () -> waiting.takingOver(holder.get()))) {
        continue; // its holder was killed: the stale lock is cleared, try again at once
      }
      Duration waited = Duration.between(start, waiting.now());
      if (waited.compareTo(limit) >= 0) {
        throw new LockedException(store, cluster, holder.get(), waited);
      }
      if (lastReport == null
          || Duration.between(lastReport, waiting.now()).compareTo(REPORT_EVERY) >= 0) {
        waiting.waiting(holder.get(), waited, limit);
        lastReport = waiting.now();
      }
      try {
        waiting.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateStoreException(
            "interrupted while waiting for the state lock of cluster " + cluster, e);
      }
    }
    Optional<LockInfo> holder = holder(store, cluster);
    throw holder
        .<RuntimeException>map(h -> new LockedException(store, cluster, h, limit))
        .orElseGet(
            () ->
                new StateStoreException(
                    "could not take the state lock of cluster "
                        + cluster
                        + " in "
                        + store.location()
                        + ": it was taken and released repeatedly; try again"));
  }

  /** Who holds the cluster's lock, if anyone. */
  public static Optional<LockInfo> holder(StateStore store, String cluster) {
    return store.read(path(cluster)).map(LockInfo::parse);
  }

  /**
   * Whether the process holding {@code lock} is known to be gone (file stores only: its OS lock is
   * free, so the next command takes the lock over). Always false on S3, where only a user can tell.
   */
  public static boolean holderIsGone(StateStore store, String cluster, LockInfo lock) {
    return store instanceof FileStateStore files
        && LivenessFile.check(files, cluster, lock.id()) == LivenessFile.Holder.GONE;
  }

  /**
   * Clears a lock a user has decided is stale. With {@code expectedId} the lock is removed only if
   * it is still that lock (so a lock taken since by a live command is not broken); with null,
   * whatever lock is there goes. The removal itself is conditional on the lock read (S3: {@code
   * If-Match}), so a lock that changed between the read and the delete stays.
   *
   * @return the lock that was removed
   */
  public static LockInfo forceUnlock(StateStore store, String cluster, String expectedId) {
    String path = path(cluster);
    StateStore.Tagged read =
        store
            .readTagged(path)
            .orElseThrow(
                () ->
                    new StateStoreException(
                        "cluster "
                            + cluster
                            + " is not locked in state store "
                            + store.location()
                            + "; there is nothing to unlock"));
    LockInfo held = LockInfo.parse(read.content());
    if (expectedId != null && !expectedId.equals(held.id())) {
      throw new StateStoreException(
          "the state lock of cluster "
              + cluster
              + " has id "
              + held.id()
              + ", not "
              + expectedId
              + "; it is held by "
              + held.describe()
              + ". Check that this is the lock you mean, then"
              + " run: jkops unlock cluster "
              + cluster
              + " --lock-id "
              + held.id());
    }
    if (!store.deleteIfUnchanged(path, read.tag())) {
      Optional<LockInfo> now = holder(store, cluster);
      if (now.isPresent()) {
        throw new StateStoreException(
            "the state lock of cluster "
                + cluster
                + " changed while it was being"
                + " cleared: it is now held by "
                + now.get().describe()
                + " (lock id "
                + now.get().id()
                + "), which"
                + " was left alone. Look again with: jkops unlock cluster "
                + cluster);
      }
      // gone meanwhile (its holder let go, or a retried delete had landed): nothing more to clear
    }
    if (store instanceof FileStateStore files) {
      LivenessFile.discardIfGone(files, cluster, held.id());
    }
    return held;
  }

  /**
   * Fails unless {@code me} still holds the cluster's lock: called before each write, so a command
   * whose lock was cleared ({@code jkops unlock}) and perhaps taken by another command stops before
   * writing over that command's work.
   *
   * @throws LostLockException when the lock is gone or someone else's
   */
  public static void checkStillHeld(StateStore store, String cluster, LockInfo me, String writing) {
    Optional<LockInfo> now = holder(store, cluster);
    if (now.isEmpty() || !now.get().id().equals(me.id())) {
      throw new LostLockException(store, cluster, me, now.orElse(null), writing);
    }
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
    boolean cleared = false;
    // A few tries: a store that hiccups once (a lost reply, a reset connection under load) should
    // not
    // leave a lock that only 'jkops unlock' clears. Bounded, and every step is idempotent.
    for (int attempt = 0; attempt < RELEASE_ATTEMPTS && !cleared; attempt++) {
      try {
        Optional<StateStore.Tagged> now = store.readTagged(path(cluster));
        if (now.isPresent() && LockInfo.parse(now.get().content()).id().equals(info.id())) {
          // Conditional: if a user cleared this lock and another command took it between the read
          // and
          // the delete, the delete fails and that command's lock stays.
          store.deleteIfUnchanged(path(cluster), now.get().tag());
        }
        cleared = true;
      } catch (RuntimeException e) {
        // The command's own outcome matters more; if every try fails the lock stays: on a file
        // store
        // the next command takes it over once this process has ended, on S3 'jkops unlock' clears
        // it.
      }
    }
    if (alive != null) {
      alive.release(!cleared);
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
        gone =
            " Process "
                + h.pid()
                + " is no longer running on this host, so the lock is probably stale.";
      }
      String head =
          "cluster "
              + cluster
              + " is locked in state store "
              + store.location()
              + " by "
              + h.describe()
              + " (lock id "
              + h.id()
              + "); waited "
              + waited.toSeconds()
              + "s (JKOPS_LOCK_TIMEOUT).";
      if (store instanceof FileStateStore files
          && LivenessFile.check(files, cluster, h.id()) == LivenessFile.Holder.RUNNING) {
        return head
            + " Its process is running: wait for it to finish (once it has ended, even killed, the next"
            + " jkops takes the lock over), or as a last resort clear it with: jkops unlock cluster "
            + cluster
            + " --lock-id "
            + h.id();
      }
      String kind =
          store instanceof FileStateStore
              ? " The lock has no mark of a running holder that jkops can check (an older jkops or a person made it)."
              : " On S3 the lock is a lease: only its holder or 'jkops unlock' ends it.";
      return head
          + gone
          + kind
          + " Wait for that command to finish; if it was killed, clear the lock with: jkops"
          + " unlock cluster "
          + cluster
          + " --lock-id "
          + h.id();
    }

    private static boolean isThisHost(LockInfo h) {
      try {
        return h.host().equals(java.net.InetAddress.getLocalHost().getHostName());
      } catch (java.io.IOException e) {
        return false;
      }
    }
  }

  /** This command's lock was cleared (and perhaps taken by another command) while it ran. */
  public static final class LostLockException extends StateStoreException {
    LostLockException(StateStore store, String cluster, LockInfo me, LockInfo now, String writing) {
      super(
          "this command no longer holds the state lock of cluster "
              + cluster
              + " in state store "
              + store.location()
              + " (its lock id "
              + me.id()
              + ", taken "
              + me.since()
              + "): "
              + (now == null
                  ? "the lock was removed"
                  : "it is now held by " + now.describe() + " (lock id " + now.id() + ")")
              + ", most likely by 'jkops unlock cluster'. It stopped before writing "
              + writing
              + "; what it wrote"
              + " before that stays, and the version before this command is in 'jkops get history cluster "
              + cluster
              + "'. Check what the other command did, then rerun this one.");
    }
  }
}
