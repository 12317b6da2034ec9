package dev.jkops.api.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What every state store must do; each store's test class runs these against a real store. */
abstract class StateStoreContract {

  abstract StateStore store();

  /** The same store, whose every write of {@code path} fails as a full disk does. */
  abstract StateStore storeFailingWritesOf(String path);

  @Test
  void severalFilesWrittenAsOneUnitAllChangeOrNoneDoes() {
    StateStore s = store();
    s.write("c/instancegroup/a", "a: old\n".getBytes(UTF_8));
    s.write("c/config", "config: old\n".getBytes(UTF_8));
    java.util.List<StateStore.Change> change =
        java.util.List.of(
            new StateStore.Change("c/instancegroup/a", "a: new\n".getBytes(UTF_8)),
            new StateStore.Change("c/instancegroup/b", "b: new\n".getBytes(UTF_8)),
            new StateStore.Change("c/cluster-completed.spec", "completed: new\n".getBytes(UTF_8)),
            new StateStore.Change("c/config", "config: new\n".getBytes(UTF_8)));
    java.util.Map<String, String> before = contents(s);

    // the last file fails, after the others were written (or staged)
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> storeFailingWritesOf("c/config").writeAll(change))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("No space left on device")
        .hasMessageContaining("nothing was changed");
    assertThat(contents(s)).as("no mix of old and new files").isEqualTo(before);

    s.writeAll(change);
    assertThat(contents(s))
        .containsEntry("c/instancegroup/a", "a: new\n")
        .containsEntry("c/instancegroup/b", "b: new\n")
        .containsEntry("c/cluster-completed.spec", "completed: new\n")
        .containsEntry("c/config", "config: new\n");
  }

  static java.util.Map<String, String> contents(StateStore s) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (String p : s.list("")) {
      out.put(p, new String(s.read(p).orElseThrow(), UTF_8));
    }
    return out;
  }

  @Test
  void readsBackWhatWasWritten() {
    store().write("c.example.com/config", "spec: 1\n".getBytes(UTF_8));
    assertThat(store().read("c.example.com/config"))
        .hasValueSatisfying(b -> assertThat(new String(b, UTF_8)).isEqualTo("spec: 1\n"));
  }

  @Test
  void readOfAMissingFileIsEmpty() {
    assertThat(store().read("nothing.example.com/config")).isEmpty();
  }

  @Test
  void writeReplacesTheWholeFile() {
    store().write("a/config", "a long first version\n".getBytes(UTF_8));
    store().write("a/config", "short\n".getBytes(UTF_8));
    assertThat(new String(store().read("a/config").orElseThrow(), UTF_8)).isEqualTo("short\n");
  }

  @Test
  void listsEveryFileBelowAPrefixSortedAndRelativeToTheStore() {
    store().write("b.example.com/config", new byte[] {1});
    store().write("b.example.com/instancegroup/nodes", new byte[] {2});
    store().write("b.example.com/instancegroup/control-plane-a", new byte[] {3});
    store().write("bb.example.com/config", new byte[] {4});
    assertThat(store().list("b.example.com/"))
        .containsExactly(
            "b.example.com/config",
            "b.example.com/instancegroup/control-plane-a",
            "b.example.com/instancegroup/nodes");
    assertThat(store().list("")).contains("bb.example.com/config").hasSize(4);
  }

  @Test
  void deleteRemovesOneFileAndToleratesMissingOnes() {
    store().write("d/config", new byte[] {1});
    store().write("d/instancegroup/nodes", new byte[] {2});
    store().delete("d/instancegroup/nodes");
    store().delete("d/instancegroup/never-there");
    assertThat(store().list("d/")).containsExactly("d/config");
  }

  @Test
  void keepsBinaryContentExactly() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    store().write("bin/file", all);
    assertThat(store().read("bin/file")).hasValue(all);
  }
}
