package dev.jkops.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ForeignDigits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What jkops writes into the state store and shows as numbers is ASCII whatever the JVM's locale: a
 * locale with digits of its own (Arabic's here) must not change where a history version is kept or
 * how a lock's age reads.
 */
class StateHistoryLocaleTest {
  @Test
  void aVersionSavedUnderAnotherLocaleIsFoundAndItsPathIsAscii(@TempDir Path dir) {
    FileStateStore store = new FileStateStore(dir);
    store.write("c.example.com/config", "v1".getBytes(StandardCharsets.UTF_8));
    LockInfo by = LockInfo.forThisProcess("jkops edit cluster", Map.of("USER", "tester"));
    assertThat(ForeignDigits.call(() -> new StateHistory(store).save("c.example.com", by)))
        .contains(1);
    assertThat(store.list("c.example.com/"))
        .anyMatch(p -> p.startsWith("c.example.com/" + StateHistory.DIR + "/000001/"))
        .allMatch(ForeignDigits::ascii);
    assertThat(new StateHistory(store).versions("c.example.com"))
        .extracting(StateHistory.Version::number)
        .containsExactly(1);
  }

  @Test
  void aLocksAgeIsWrittenInAsciiDigits() {
    LockInfo lock = LockInfo.forThisProcess("jkops update cluster", Map.of("USER", "tester"));
    Instant since = lock.since();
    assertThat(
            ForeignDigits.call(
                () ->
                    java.util.List.of(
                        lock.age(since.plusSeconds(4 * 60 + 5)),
                        lock.age(since.plusSeconds(3 * 3600 + 7 * 60)),
                        lock.age(since.plusSeconds(2 * 86_400 + 4 * 3600)),
                        lock.age(since.plusSeconds(3600 + 59 * 60)))))
        .containsExactly("4m05s", "3h07m", "2d04h", "1h59m");
  }
}
