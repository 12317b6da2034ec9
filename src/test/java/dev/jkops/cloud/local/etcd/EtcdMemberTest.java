package dev.jkops.cloud.local.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Member directories and socket paths stay bounded whatever the names and the runtime dir. */
class EtcdMemberTest {
  static final String LONGEST =
      "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61) + "-1";

  @TempDir Path dir;

  @Test
  void aShortMemberNameIsItsDirAndALongOneIsCutAndHashed() {
    assertThat(EtcdMember.dirName("control-plane-zone-a-1")).isEqualTo("control-plane-zone-a-1");
    String bounded = EtcdMember.dirName(LONGEST);
    assertThat(bounded).hasSize(EtcdMember.MAX_DIR_NAME).startsWith("a".repeat(31) + "-");
    assertThat(EtcdMember.dirName(LONGEST.replace("-1", "-2")))
        .as("two members stay apart")
        .isNotEqualTo(bounded);
  }

  @Test
  void aDirNamedInFullByAnEarlierJkopsIsKept() throws Exception {
    String name = "m".repeat(50) + "-1";
    assertThat(EtcdControlPlane.memberDir(dir, name))
        .isEqualTo(dir.resolve(EtcdMember.dirName(name)));
    Files.createDirectories(dir.resolve(name));
    assertThat(EtcdControlPlane.memberDir(dir, name)).isEqualTo(dir.resolve(name));
  }

  @Test
  void aSocketPathThatCannotFitIsReachedThroughTheProcessOrRefusedPlainly() {
    Path runtime = dir.resolve("r".repeat(120));
    EtcdControlPlane etcd =
        EtcdControlPlane.configure(
            runtime,
            "t",
            List.of(new EtcdMember(LONGEST, "jk-abcdef-m", "172.20.32.4", Path.of("unused"))));
    EtcdMember m = etcd.members().get(0);
    assertThat(UnixHttp.fits(m.socket())).isFalse();
    assertThatThrownBy(() -> etcd.client(m, Duration.ofSeconds(1)))
        .isInstanceOf(EtcdException.class)
        .hasMessageContaining("etcd member " + LONGEST + " does not run")
        .hasMessageContaining("more than the 107 a unix socket address can hold");
  }

  @Test
  void theHttpClientSaysPlainlyWhenAPathIsTooLong() {
    Path socket = dir.resolve("s".repeat(120)).resolve("localhost:2379");
    assertThatThrownBy(
            () -> UnixHttp.post(socket, "/v3/maintenance/status", "{}", Duration.ofSeconds(1)))
        .hasMessageContaining("bytes long, more than the 107 a unix socket address can hold");
  }
}
