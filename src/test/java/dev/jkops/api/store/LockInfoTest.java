package dev.jkops.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lock's holder line and id, made without SecureRandom or a name-service lookup. */
class LockInfoTest {

  @Test
  void idsAreEightHexDigitsAndDoNotRepeat() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = LockInfo.forThisProcess("jkops update cluster x", Map.of("USER", "u")).id();
      assertThat(id).matches("[0-9a-f]{8}");
      ids.add(id);
    }
    // 10,000 draws of 32 bits: a repeat has a chance of ~1 in 86,000
    assertThat(ids).hasSizeGreaterThan(9_998);
    assertThat(LockInfo.newId(1)).matches("[0-9a-f]{8}");
  }

  @Test
  void holderNamesThisMachineAsHostnameDoes() throws Exception {
    Process p = new ProcessBuilder("hostname").redirectErrorStream(true).start();
    String hostname = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor()).isZero();
    LockInfo me = LockInfo.forThisProcess("jkops edit cluster x", Map.of("USER", "alice"));
    assertThat(me.holder()).isEqualTo("alice@" + hostname);
    assertThat(me.host()).isEqualTo(hostname);
    assertThat(me.pid()).isEqualTo(ProcessHandle.current().pid());
  }
}
