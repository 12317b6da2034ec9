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
    assertThat(new String(store.read("c/config").orElseThrow(), UTF_8)).isEqualTo("old complete spec\n");
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
  void resolveTakesTheFlagThenTheEnvironmentThenHome() {
    Map<String, String> env = Map.of("KOPS_STATE_STORE", "s3://from-env", "HOME", "/home/u");
    assertThat(StateStores.resolve("file:///flag", env)).isEqualTo("file:///flag");
    assertThat(StateStores.resolve(null, env)).isEqualTo("s3://from-env");
    assertThat(StateStores.resolve(null, Map.of("HOME", "/home/u"))).isEqualTo("file:///home/u/.jkops/state");
  }

  @Test
  void unknownSchemesAreRefusedNamingTheSupportedOnes() {
    assertThatThrownBy(() -> StateStores.open("gs://bucket"))
        .hasMessageContaining("\"gs\"").hasMessageContaining("s3://bucket/prefix");
  }
}
