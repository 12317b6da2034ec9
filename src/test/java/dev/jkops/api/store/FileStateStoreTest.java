package dev.jkops.api.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest extends StateStoreContract {
  @TempDir Path dir;
  FileStateStore store;

  @BeforeEach
  void open() {
    store = (FileStateStore) StateStores.open("file://" + dir.resolve("state"));
  }

  @Override
  StateStore store() {
    return store;
  }

  @Override
  StateStore storeFailingWritesOf(String path) {
    return StateStores.open(
        "file://" + dir.resolve("state"), Map.of("JKOPS_FAULT_FAIL_STORE_WRITE", path));
  }

  @Test
  void aRenameRefusedPartWayPutsBackTheFilesAlreadySwitched() throws Exception {
    store.write("c/instancegroup/a", "a: old\n".getBytes(UTF_8));
    store.write("c/config", "config: old\n".getBytes(UTF_8));
    // every file staged, then the third one's rename fails: the two renamed before it are put back
    FileStateStore failing =
        new FileStateStore(dir.resolve("state"))
            .withFault(new WriteFault("c/cluster-completed.spec", true));
    java.util.List<StateStore.Change> change =
        java.util.List.of(
            new StateStore.Change("c/instancegroup/a", "a: new\n".getBytes(UTF_8)),
            new StateStore.Change("c/instancegroup/b", "b: new\n".getBytes(UTF_8)),
            new StateStore.Change("c/cluster-completed.spec", "completed: new\n".getBytes(UTF_8)),
            new StateStore.Change("c/config", "config: new\n".getBytes(UTF_8)));
    assertThatThrownBy(() -> failing.writeAll(change))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("cluster-completed.spec")
        .hasMessageContaining("nothing was changed");
    assertThat(Files.readString(dir.resolve("state/c/instancegroup/a"))).isEqualTo("a: old\n");
    assertThat(dir.resolve("state/c/instancegroup/b")).doesNotExist();
    assertThat(Files.readString(dir.resolve("state/c/config"))).isEqualTo("config: old\n");
    try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
      assertThat(
              files
                  .map(p -> p.getFileName().toString())
                  .filter(n -> n.endsWith(".jkops-tmp"))
                  .toList())
          .as("no staged file left")
          .isEmpty();
    }
  }

  /**
   * An instance group may have a 253-character name; its temporary file must still fit in 255
   * bytes.
   */
  @Test
  void aFileWithTheLongestNameAnInstanceGroupMayHaveIsWritten() {
    String name =
        "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
    store.write("c/instancegroup/" + name, "spec".getBytes(UTF_8));
    assertThat(store.read("c/instancegroup/" + name))
        .map(b -> new String(b, UTF_8))
        .contains("spec");
  }

  @Test
  void writesLeaveNoTemporaryFilesBehind() throws Exception {
    store.write("c/config", "one".getBytes(UTF_8));
    store.write("c/config", "two".getBytes(UTF_8));
    try (Stream<Path> files = Files.list(dir.resolve("state/c"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config");
    }
  }

  @Test
  void aLeftoverTemporaryFileFromACrashIsInvisibleAndTheOldSpecIntact() throws Exception {
    store.write("c/config", "old complete spec\n".getBytes(UTF_8));
    // What a crash between "write temp" and "rename" leaves behind.
    Files.writeString(dir.resolve("state/c/.config.123.jkops-tmp"), "half a sp");
    assertThat(store.list("c/")).containsExactly("c/config");
    assertThat(new String(store.read("c/config").orElseThrow(), UTF_8))
        .isEqualTo("old complete spec\n");
  }

  @Test
  void aBarePathAndAFileUriOpenTheSameDirectory() {
    store.write("x/config", "x".getBytes(UTF_8));
    StateStore bare = StateStores.open(dir.resolve("state").toString());
    assertThat(bare.read("x/config")).hasValue("x".getBytes(UTF_8));
  }

  @Test
  void openingDoesNotCreateTheDirectory() {
    StateStores.open("file://" + dir.resolve("later"));
    assertThat(dir.resolve("later")).doesNotExist();
  }

  @Test
  void aStoreThatIsAFileIsRefusedNamingThePath() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "not a directory");
    assertThatThrownBy(() -> StateStores.open("file://" + file))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is a file, not a directory");
  }

  @Test
  void aWriteThatCannotCreateItsDirectoryNamesTheFileAndTheFix() throws Exception {
    // A file where the cluster's directory should be: fails for root too, unlike chmod.
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("state/blocked"), "x");
    assertThatThrownBy(() -> store.write("blocked/config", "y".getBytes(UTF_8)))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("cannot write " + dir.resolve("state/blocked/config"))
        .hasMessageContaining("is not a directory; move it out of the way");
    assertThat(Files.readString(dir.resolve("state/blocked"))).isEqualTo("x");
  }

  @Test
  void pathsCannotEscapeTheStore() {
    assertThatThrownBy(() -> store.write("../outside", new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(dir.resolve("outside")).doesNotExist();
  }

  @Test
  void deletingTheLastFileRemovesEmptyDirectoriesButNotTheStore() {
    store.write("gone/instancegroup/nodes", new byte[] {1});
    store.delete("gone/instancegroup/nodes");
    assertThat(dir.resolve("state/gone")).doesNotExist();
    assertThat(dir.resolve("state")).isDirectory();
  }

  @Test
  void deletingAFileAlsoDeletesTheTemporariesAKilledWriteOfItLeft() throws Exception {
    store.write("c/pki/server.crt", new byte[] {1});
    store.write("c/pki/server.key", new byte[] {2});
    Path pki = dir.resolve("state/c/pki");
    // as a write killed between its temporary file and the rename leaves them
    Path leftCrt = Files.writeString(pki.resolve(".server.crt.3602350625722236259.jkops-tmp"), "x");
    Path leftKey = Files.writeString(pki.resolve(".server.key.77.jkops-tmp"), "y");
    assertThat(store.list("c")).containsExactly("c/pki/server.crt", "c/pki/server.key");

    store.delete("c/pki/server.crt");
    assertThat(leftCrt).doesNotExist();
    assertThat(leftKey).as("another file's temporary").exists();
    store.delete("c/pki/server.key");
    assertThat(leftKey).doesNotExist();
    assertThat(dir.resolve("state/c")).doesNotExist();
  }

  /**
   * Releasing a lock deletes it with the temporaries a killed write left; a command waiting for the
   * lock at that moment has its own temporary between making it and linking it, and must make
   * another rather than fail with "cannot create .lock" (seen in KubectlLocalClusterTest).
   */
  @Test
  void aLockTakenWhileAnotherIsReleasedSurvivesItsTemporaryBeingSwept() throws Exception {
    store.write("c/config", new byte[] {0}); // a cluster's directory always holds its spec
    int rounds = 3000;
    java.util.concurrent.atomic.AtomicInteger taken =
        new java.util.concurrent.atomic.AtomicInteger();
    Runnable takeAndRelease =
        () -> {
          for (int i = 0; i < rounds; i++) {
            if (store.createLockIfAbsent("c/.lock", new byte[] {1})) {
              taken.incrementAndGet();
              store.delete("c/.lock");
            }
          }
        };
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(takeAndRelease);
      var b = pool.submit(takeAndRelease);
      a.get(2, java.util.concurrent.TimeUnit.MINUTES);
      b.get(2, java.util.concurrent.TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }
    assertThat(taken.get()).isPositive();
    try (Stream<Path> left = Files.list(dir.resolve("state/c"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("every lock and temporary gone")
          .containsExactly("config");
    }
  }

  @Test
  void resolveTakesTheFlagThenTheEnvironmentThenHome() {
    Map<String, String> env = Map.of("KOPS_STATE_STORE", "s3://from-env", "HOME", "/home/u");
    assertThat(StateStores.resolve("file:///flag", env)).isEqualTo("file:///flag");
    assertThat(StateStores.resolve(null, env)).isEqualTo("s3://from-env");
    assertThat(StateStores.resolve(null, Map.of("HOME", "/home/u")))
        .isEqualTo("file:///home/u/.jkops/state");
  }

  @Test
  void unknownSchemesAreRefusedNamingTheSupportedOnes() {
    assertThatThrownBy(() -> StateStores.open("gs://bucket"))
        .hasMessageContaining("\"gs\"")
        .hasMessageContaining("s3://bucket/prefix");
  }
}
