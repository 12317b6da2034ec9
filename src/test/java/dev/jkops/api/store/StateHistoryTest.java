package dev.jkops.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history a locked command saves before its first change, on the file store: the newest {@code
 * limit} complete versions kept, a copy cut short by a crash dropped, each version's files as they
 * were; and the save's own cost in store calls, which on S3 are requests: one listing, the current
 * files read, no version's {@code meta} read.
 */
class StateHistoryTest {
  private static final String CLUSTER = "c.example.com";
  private static final LockInfo BY =
      LockInfo.forThisProcess("jkops update cluster --yes", Map.of("USER", "tester"));

  @Test
  void keepsTheNewestVersionsAndDropsACopyCutShort(@TempDir Path dir) {
    FileStateStore store = new FileStateStore(dir);
    StateHistory history = new StateHistory(store, 3);
    for (int v = 1; v <= 3; v++) {
      write(store, "config", "v" + v);
      write(store, "instancegroup/nodes", "nodes v" + v);
      assertThat(history.save(CLUSTER, BY)).contains(v);
    }
    // a crash while version 4 was copied: a file, no meta
    write(store, StateHistory.DIR + "/000004/files/config", "half");
    write(store, "config", "v4");

    assertThat(history.save(CLUSTER, BY)).contains(5);

    assertThat(history.versions(CLUSTER))
        .extracting(StateHistory.Version::number)
        .containsExactly(2, 3, 5);
    assertThat(text(history.files(CLUSTER, 5)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("config", "v4", "instancegroup/nodes", "nodes v3"));
    assertThat(text(history.files(CLUSTER, 2)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("config", "v2", "instancegroup/nodes", "nodes v2"));
    assertThat(store.list(CLUSTER + "/"))
        .noneMatch(p -> p.contains("/000001/") || p.contains("/000004/"));
  }

  @Test
  void aSaveListsTheStoreOnceAndReadsNoVersionsMeta(@TempDir Path dir) {
    Counting store = new Counting(new FileStateStore(dir));
    StateHistory history = new StateHistory(store, 20);
    write(store, "config", "spec");
    write(store, "instancegroup/nodes", "nodes");
    for (int v = 1; v <= 20; v++) {
      history.save(CLUSTER, BY);
    }
    store.lists.clear();
    store.reads.clear();

    assertThat(history.save(CLUSTER, BY)).contains(21);

    assertThat(store.lists).containsExactly(CLUSTER + "/");
    assertThat(store.reads).containsExactly(CLUSTER + "/config", CLUSTER + "/instancegroup/nodes");
    assertThat(history.versions(CLUSTER)).hasSize(20);
    assertThat(history.versions(CLUSTER).get(0).number()).isEqualTo(2);
  }

  private static void write(StateStore store, String path, String content) {
    store.write(CLUSTER + "/" + path, content.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> text(Map<String, byte[]> files) {
    Map<String, String> out = new java.util.TreeMap<>();
    files.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
    return out;
  }

  /** A store that records the paths it lists and reads. */
  private static final class Counting extends ForwardingStore {
    final List<String> lists = new ArrayList<>();
    final List<String> reads = new ArrayList<>();

    Counting(StateStore inner) {
      super(inner);
    }

    @Override
    public Optional<byte[]> read(String path) {
      reads.add(path);
      return inner.read(path);
    }

    @Override
    public List<String> list(String prefix) {
      lists.add(prefix);
      return inner.list(prefix);
    }
  }
}
