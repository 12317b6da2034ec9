package dev.jkops.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state lock: one holder at a time, a bounded wait that names the holder, and explicit unlock
 * only.
 */
class ClusterLockTest {
  static final String C = "c.example.com";
  @TempDir Path dir;

  /** A clock that only moves when the lock sleeps, so waiting costs no time. */
  static final class FakeWait implements ClusterLock.Waiting {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final List<String> reports = new ArrayList<>();
    final List<String> tookOver = new ArrayList<>();

    @Override
    public void takingOver(LockInfo gone) {
      tookOver.add(gone.id() + " " + gone.pid());
    }

    @Override
    public void waiting(LockInfo holder, Duration waited, Duration limit) {
      reports.add(holder.holder() + " " + waited.toSeconds() + "/" + limit.toSeconds());
    }

    @Override
    public void sleep(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant now() {
      return now;
    }
  }

  static LockInfo who(String command) {
    return LockInfo.forThisProcess(command, Map.of("USER", "tester"));
  }

  @Test
  void aSecondWriterWaitsTheBoundThenFailsNamingTheHolderAndTheWayToClearIt() {
    FileStateStore store = new FileStateStore(dir);
    LockInfo first = who("jkops update cluster c.example.com --yes");
    try (ClusterLock held = ClusterLock.acquire(store, C, first, Duration.ZERO, new FakeWait())) {
      FakeWait wait = new FakeWait();
      assertThatThrownBy(
              () ->
                  ClusterLock.acquire(
                      store, C, who("jkops edit cluster"), Duration.ofSeconds(30), wait))
          .isInstanceOf(ClusterLock.LockedException.class)
          .hasMessageContaining("cluster c.example.com is locked")
          .hasMessageContaining("tester@")
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining("'jkops update cluster c.example.com --yes'")
          .hasMessageContaining("since " + first.since())
          .hasMessageContaining("jkops unlock cluster c.example.com --lock-id " + first.id());
      // it waited the whole bound (fake time), reporting progress every 5 s
      assertThat(Duration.between(Instant.parse("2026-01-01T00:00:00Z"), wait.now))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
      assertThat(wait.reports).hasSize(6).first().asString().endsWith(" 0/30");
    }
    assertThat(store.read(ClusterLock.path(C))).as("released on close").isEmpty();
  }

  @Test
  void aConditionalPutRetriedAfterItsFirstAttemptLandedDoesNotLockTheWriterOut() {
    FileStateStore files = new FileStateStore(dir);
    // as the S3 client does when a PUT's reply is lost: the first attempt wrote the key, the retry
    // got 412
    StateStore retried =
        new ForwardingStore(files) {
          @Override
          public boolean createIfAbsent(String path, byte[] content) {
            files.createIfAbsent(path, content);
            return false;
          }
        };
    LockInfo me = who("jkops update cluster c.example.com --yes");
    try (ClusterLock held = ClusterLock.acquire(retried, C, me, Duration.ZERO, new FakeWait())) {
      assertThat(held.info().id()).isEqualTo(me.id());
    }
    assertThat(files.read(ClusterLock.path(C))).as("and it is released like any other").isEmpty();
    files.write(ClusterLock.path(C), who("jkops edit cluster").toBytes());
    assertThatThrownBy(() -> ClusterLock.acquire(retried, C, me, Duration.ZERO, new FakeWait()))
        .as("someone else's lock still stops it")
        .isInstanceOf(ClusterLock.LockedException.class);
  }

  @Test
  void aWriterThatWaitsGetsTheLockOnceTheHolderLetsGo() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    ClusterLock first = ClusterLock.acquire(store, C, who("first"), Duration.ZERO, new FakeWait());
    CountDownLatch waiting = new CountDownLatch(1);
    ClusterLock.Waiting realWait = (h, w, l) -> waiting.countDown();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ClusterLock> second =
          pool.submit(
              () -> ClusterLock.acquire(store, C, who("second"), Duration.ofSeconds(60), realWait));
      assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
      first.close();
      try (ClusterLock got = second.get(60, TimeUnit.SECONDS)) {
        assertThat(ClusterLock.holder(store, C))
            .hasValueSatisfying(h -> assertThat(h.command()).isEqualTo("second"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ofManyRacingWritersExactlyOneHoldsTheLock() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] mine = ("id: " + i + "\n").getBytes(StandardCharsets.UTF_8);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.createIfAbsent(ClusterLock.path(C), mine);
                }));
      }
      go.countDown();
      int winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
      assertThat(store.list("")).containsExactly(ClusterLock.path(C));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBriefHolderAndACommandExcludeEachOtherAsTwoCommandsDo() {
    FileStateStore store = new FileStateStore(dir);
    LockInfo api = who("kube-apiserver: create pods through the Kubernetes API");
    try (ClusterLock held =
        ClusterLock.acquireBrief(store, C, api, Duration.ZERO, new FakeWait())) {
      assertThat(ClusterLock.holder(store, C)).contains(api);
      assertThatThrownBy(
              () ->
                  ClusterLock.acquire(
                      store,
                      C,
                      who("jkops update cluster"),
                      Duration.ofSeconds(30),
                      new FakeWait()))
          .isInstanceOf(ClusterLock.LockedException.class)
          .hasMessageContaining("kube-apiserver: create pods")
          .hasMessageContaining("Its process is running");
    }
    assertThat(store.list("")).isEmpty();
    try (ClusterLock held =
        ClusterLock.acquire(store, C, who("jkops update cluster"), Duration.ZERO, new FakeWait())) {
      assertThatThrownBy(
              () -> ClusterLock.acquireBrief(store, C, api, Duration.ofSeconds(30), new FakeWait()))
          .isInstanceOf(ClusterLock.LockedException.class)
          .hasMessageContaining("jkops update cluster");
    }
  }

  @Test
  void unlockRemovesOnlyTheLockItWasToldAbout() {
    FileStateStore store = new FileStateStore(dir);
    LockInfo stale = who("killed");
    ClusterLock.acquire(
        store, C, stale, Duration.ZERO, new FakeWait()); // never closed: a killed process
    assertThatThrownBy(() -> ClusterLock.forceUnlock(store, C, "wrong-id"))
        .hasMessageContaining("has id " + stale.id() + ", not wrong-id");
    assertThat(ClusterLock.holder(store, C)).isPresent();
    assertThat(ClusterLock.forceUnlock(store, C, stale.id()).id()).isEqualTo(stale.id());
    assertThat(ClusterLock.holder(store, C)).isEmpty();
    assertThatThrownBy(() -> ClusterLock.forceUnlock(store, C, null))
        .hasMessageContaining("is not locked");
  }

  @Test
  void closingALockSomeoneForceUnlockedAndRetookLeavesTheirLockAlone() {
    FileStateStore store = new FileStateStore(dir);
    ClusterLock mine = ClusterLock.acquire(store, C, who("slow"), Duration.ZERO, new FakeWait());
    ClusterLock.forceUnlock(store, C, null);
    LockInfo theirs = who("other");
    ClusterLock.acquire(store, C, theirs, Duration.ZERO, new FakeWait());
    mine.close();
    assertThat(ClusterLock.holder(store, C))
        .hasValueSatisfying(h -> assertThat(h.id()).isEqualTo(theirs.id()));
  }

  @Test
  void aDamagedLockFileStillCountsAsHeld() {
    FileStateStore store = new FileStateStore(dir);
    store.write(ClusterLock.path(C), new byte[] {0, 1, 2, 'x'});
    assertThatThrownBy(
            () -> ClusterLock.acquire(store, C, who("me"), Duration.ZERO, new FakeWait()))
        .isInstanceOf(ClusterLock.LockedException.class)
        .hasMessageContaining("--lock-id unknown");
  }

  @Test
  void lockNamesAreCheckedBeforeTheyBecomePaths() {
    FileStateStore store = new FileStateStore(dir);
    for (String bad : List.of("../x", "a/b", "x;rm -rf", "..", "")) {
      assertThatThrownBy(
              () -> ClusterLock.acquire(store, bad, who("me"), Duration.ZERO, new FakeWait()))
          .isInstanceOf(StateStoreException.class);
    }
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void s3ConditionalPutLetsOnlyOneWriterCreateTheLock() throws Exception {
    try (S3TestServer s3 =
        S3TestServer.start(java.nio.file.Files.createDirectories(dir.resolve("s3")))) {
      s3.createBucket("locks");
      StateStore store = StateStores.open("s3://locks/p", s3.env());
      // Straight to the conditional PUT, without the read that guards servers ignoring
      // If-None-Match:
      // this proves the server (s3proxy here, S3 itself since 2024) refuses the second create.
      S3StateStore s3store = (S3StateStore) store;
      assertThat(
              s3store.putIfAbsent(ClusterLock.path(C), "id: a\n".getBytes(StandardCharsets.UTF_8)))
          .isTrue();
      assertThat(
              s3store.putIfAbsent(ClusterLock.path(C), "id: b\n".getBytes(StandardCharsets.UTF_8)))
          .isFalse();
      assertThat(ClusterLock.holder(store, C))
          .hasValueSatisfying(h -> assertThat(h.id()).isEqualTo("a"));
      ClusterLock.forceUnlock(store, C, "a");
      try (ClusterLock l =
          ClusterLock.acquire(store, C, who("s3"), Duration.ZERO, new FakeWait())) {
        assertThatThrownBy(
                () -> ClusterLock.acquire(store, C, who("s3 again"), Duration.ZERO, new FakeWait()))
            .isInstanceOf(ClusterLock.LockedException.class)
            .hasMessageContaining("s3://locks/p");
      }
      assertThat(store.list("")).isEmpty();
      ((S3StateStore) store).close();
    }
  }

  /**
   * Starts {@link LockHolderChild} on the store in {@code dir} and waits (bounded) until it holds
   * the lock.
   */
  static Process childHoldingTheLock(Path dir, String cluster, String[] idAndPid) throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolderChild.class.getName(),
                dir.toString(),
                cluster)
            .redirectErrorStream(true)
            .start();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      String line =
          reader
              .submit(
                  () ->
                      new java.io.BufferedReader(
                              new java.io.InputStreamReader(
                                  child.getInputStream(), StandardCharsets.UTF_8))
                          .readLine())
              .get(60, TimeUnit.SECONDS);
      assertThat(line).as("the child took the lock").startsWith("held ");
      String[] parts = line.split(" ");
      idAndPid[0] = parts[1];
      idAndPid[1] = parts[2];
      return child;
    } catch (Exception | AssertionError e) {
      child.destroyForcibly();
      throw e;
    } finally {
      reader.shutdownNow();
    }
  }

  @Test
  void aLiveHolderProcessBlocksAndOnceItIsKilledTheNextWriterTakesItsLockOver() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    String[] child = new String[2];
    Process holder = childHoldingTheLock(dir, C, child);
    try {
      // alive: a second writer waits its bound and is refused, told the holder runs
      assertThatThrownBy(
              () ->
                  ClusterLock.acquire(
                      store, C, who("second"), Duration.ofSeconds(2), new FakeWait()))
          .isInstanceOf(ClusterLock.LockedException.class)
          .hasMessageContaining("pid " + child[1])
          .hasMessageContaining("Its process is running");
      assertThat(ClusterLock.holderIsGone(store, C, ClusterLock.holder(store, C).orElseThrow()))
          .isFalse();
    } finally {
      holder.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, the lock file stays
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(holder.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    LockInfo left = ClusterLock.holder(store, C).orElseThrow();
    assertThat(left.id()).as("the killed holder's lock is still there").isEqualTo(child[0]);
    assertThat(ClusterLock.holderIsGone(store, C, left)).isTrue();

    FakeWait wait = new FakeWait();
    LockInfo next = who("next");
    try (ClusterLock got = ClusterLock.acquire(store, C, next, Duration.ZERO, wait)) {
      assertThat(wait.tookOver).containsExactly(child[0] + " " + child[1]);
      assertThat(wait.reports).as("no waiting: the holder is gone").isEmpty();
      assertThat(ClusterLock.holder(store, C))
          .hasValueSatisfying(h -> assertThat(h.id()).isEqualTo(next.id()));
    }
    try (java.util.stream.Stream<Path> left2 = java.nio.file.Files.walk(dir)) {
      assertThat(left2.filter(java.nio.file.Files::isRegularFile).toList())
          .as("no lock or liveness file left")
          .isEmpty();
    }
  }

  @Test
  void aHolderKilledBeforeItCreatedTheLockLeavesNothingThatBlocksOrStays() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    // what a process killed between its liveness file and its .lock leaves: a liveness file nobody
    // locks
    java.nio.file.Files.createDirectories(dir.resolve(C));
    java.nio.file.Files.writeString(
        dir.resolve(C + "/.lock-deadbeef" + LivenessFile.SUFFIX), "pid: 1\n");
    try (ClusterLock got =
        ClusterLock.acquire(store, C, who("next"), Duration.ZERO, new FakeWait())) {
      assertThat(
              java.nio.file.Files.exists(dir.resolve(C + "/.lock-deadbeef" + LivenessFile.SUFFIX)))
          .as("swept")
          .isFalse();
      assertThat(store.list("")).containsExactly(ClusterLock.path(C));
    }
    assertThat(java.nio.file.Files.exists(dir.resolve(C)))
        .as("nothing left of the cluster directory")
        .isFalse();
  }

  /**
   * A store that runs {@code between} once, right after a tagged read: another command acting in
   * that gap.
   */
  static final class Interposed extends ForwardingStore {
    Runnable between;

    Interposed(StateStore inner) {
      super(inner);
    }

    @Override
    public java.util.Optional<Tagged> readTagged(String path) {
      java.util.Optional<Tagged> got = inner.readTagged(path);
      Runnable r = between;
      between = null;
      if (r != null) {
        r.run();
      }
      return got;
    }
  }

  @Test
  void s3ReleaseAndUnlockLeaveALockTakenBetweenTheirReadAndTheirDelete() throws Exception {
    try (S3TestServer s3 =
        S3TestServer.start(java.nio.file.Files.createDirectories(dir.resolve("s3")))) {
      s3.createBucket("locks");
      S3StateStore raw = (S3StateStore) StateStores.open("s3://locks/p", s3.env());
      Interposed store = new Interposed(raw);

      // a release: A reads its own lock; meanwhile a user clears it and B takes the cluster
      ClusterLock a = ClusterLock.acquire(store, C, who("A"), Duration.ZERO, new FakeWait());
      LockInfo b = who("B");
      store.between =
          () -> {
            ClusterLock.forceUnlock(raw, C, null);
            ClusterLock.acquire(raw, C, b, Duration.ZERO, new FakeWait());
          };
      a.close();
      assertThat(ClusterLock.holder(raw, C))
          .as("A's release left B's lock (If-Match on A's ETag)")
          .hasValueSatisfying(h -> assertThat(h.id()).isEqualTo(b.id()));

      // an unlock --lock-id of B's lock: meanwhile B lets go and C takes the cluster
      LockInfo c = who("C");
      store.between =
          () -> {
            raw.delete(ClusterLock.path(C));
            ClusterLock.acquire(raw, C, c, Duration.ZERO, new FakeWait());
          };
      assertThatThrownBy(() -> ClusterLock.forceUnlock(store, C, b.id()))
          .hasMessageContaining("changed while it was being cleared")
          .hasMessageContaining("lock id " + c.id());
      assertThat(ClusterLock.holder(raw, C))
          .hasValueSatisfying(h -> assertThat(h.id()).isEqualTo(c.id()));
      assertThat(ClusterLock.forceUnlock(raw, C, c.id()).id()).isEqualTo(c.id());
      assertThat(raw.list("")).isEmpty();
      raw.close();
    }
  }

  @Test
  void s3ACommandWhoseLockWasClearedStopsBeforeItsNextWrite() throws Exception {
    try (S3TestServer s3 =
        S3TestServer.start(java.nio.file.Files.createDirectories(dir.resolve("s3")))) {
      s3.createBucket("locks");
      S3StateStore raw = (S3StateStore) StateStores.open("s3://locks/p", s3.env());
      HistoryKeepingStore guarded = new HistoryKeepingStore(raw, new StateHistory(raw));
      LockInfo me = who("jkops edit cluster " + C);
      try (ClusterLock mine = ClusterLock.acquire(raw, C, me, Duration.ZERO, new FakeWait())) {
        guarded.guard(C, me);
        guarded.write(C + "/config", "mine: 1\n".getBytes(StandardCharsets.UTF_8));
        // a user clears the lock ('jkops unlock cluster --force') and another command takes it
        ClusterLock.forceUnlock(raw, C, me.id());
        LockInfo other = who("jkops replace -f other.yaml");
        ClusterLock.acquire(raw, C, other, Duration.ZERO, new FakeWait());
        raw.write(C + "/config", "theirs: 1\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(
                () -> guarded.write(C + "/config", "mine: 2\n".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(ClusterLock.LostLockException.class)
            .hasMessageContaining("no longer holds the state lock of cluster " + C)
            .hasMessageContaining("now held by")
            .hasMessageContaining("'jkops replace -f other.yaml'")
            .hasMessageContaining("stopped before writing " + C + "/config");
        assertThatThrownBy(() -> guarded.delete(C + "/config"))
            .isInstanceOf(ClusterLock.LostLockException.class);
        assertThat(new String(raw.read(C + "/config").orElseThrow(), StandardCharsets.UTF_8))
            .isEqualTo("theirs: 1\n");
      }
      assertThat(ClusterLock.holder(raw, C))
          .as("closing the lost lock left the other command's")
          .hasValueSatisfying(
              h -> assertThat(h.command()).isEqualTo("jkops replace -f other.yaml"));
      raw.close();
    }
  }
}
