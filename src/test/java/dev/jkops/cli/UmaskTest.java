package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.SafePaths;
import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import dev.jkops.cloud.local.etcd.EtcdMember;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.LocalUser;
import dev.jkops.testing.RequiresRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code update cluster --yes} run as root under {@code umask 000}: before, the runtime and etcd
 * dirs came out world-writable, and another user wrote into etcd through its socket and appended to
 * a node's CNI config, which root then handed to the CNI plugins. Modes are now set explicitly.
 */
@RequiresRoot
class UmaskTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("umask");
  final ClusterNames names = cluster.names();

  @Test
  void anotherUserCanNeitherReachEtcdNorChangeACniConfigAfterAnUpdateUnderUmask000()
      throws Exception {
    assertThat(
            cluster
                .cli()
                .run("create", "cluster", cluster.name(), "--zones", "zone-a", "--node-count", "1")
                .code())
        .isZero();
    // the temp dir above the runtime base is the test's; let the other user walk down to it
    Files.setPosixFilePermissions(cluster.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
    String out = jkopsUnderUmask000("update", "cluster", cluster.name(), "--yes");
    assertThat(out).contains("Cluster changes have been applied");

    assertThat(SafePaths.mode(names.runtimeDir())).isEqualTo("rwx------");
    EtcdMember member =
        EtcdControlPlane.existing(names.runtimeDir()).orElseThrow().members().get(0);
    assertThat(SafePaths.mode(member.dir())).isEqualTo("rwx------");
    assertThat(SafePaths.mode(member.log())).isEqualTo("rw-------");
    List<Path> cniConfigs = new ArrayList<>();
    try (Stream<Path> all = Files.walk(names.runtimeDir().resolve("nodes"))) {
      all.filter(p -> p.getParent().getFileName().toString().equals("net.d"))
          .forEach(cniConfigs::add);
    }
    assertThat(cniConfigs).isNotEmpty();
    for (Path conf : cniConfigs) {
      assertThat(SafePaths.mode(conf)).as(conf.toString()).isEqualTo("rw-r--r--");
      assertThat(SafePaths.mode(conf.getParent()))
          .as(conf.getParent().toString())
          .isEqualTo("rwx------");
    }
    try (LocalUser other = LocalUser.create()) {
      assertThatThrownBy(
              () ->
                  other.sh(
                      "curl -s --max-time 5 --unix-socket "
                          + member.socket()
                          + " -X POST -d '{\"key\":\"eA==\",\"value\":\"eA==\"}' http://localhost/v3/kv/put"))
          .as("etcd's socket, for another user")
          .hasMessageContaining("failed");
      assertThatThrownBy(() -> other.sh("echo '{}' >> " + cniConfigs.get(0)))
          .as("a CNI config, for another user")
          .hasMessageContaining("Permission denied");
    }
  }

  private String jkopsUnderUmask000(String... args) throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                "umask 000 && exec \"$@\"",
                "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.jkops.cli.Main"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().putAll(cluster.env());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
