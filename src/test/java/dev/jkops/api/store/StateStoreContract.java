package dev.jkops.api.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What every state store must do; each store's test class runs these against a real store. */
abstract class StateStoreContract {

  abstract StateStore store();

  @Test
  void readsBackWhatWasWritten() {
    store().write("c.example.com/config", "spec: 1\n".getBytes(UTF_8));
    assertThat(store().read("c.example.com/config")).hasValueSatisfying(b ->
        assertThat(new String(b, UTF_8)).isEqualTo("spec: 1\n"));
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
    assertThat(store().list("b.example.com/")).containsExactly(
        "b.example.com/config", "b.example.com/instancegroup/control-plane-a",
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
