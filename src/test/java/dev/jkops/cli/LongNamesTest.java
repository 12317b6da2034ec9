package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import dev.jkops.cloud.local.etcd.EtcdMember;
import dev.jkops.testing.RequiresRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A local cluster with the longest cluster name validation allows (253 characters, four DNS labels
 * of up to 63), instance groups as long as the local cloud can label (a 253-character one is
 * refused plainly) and a long JKOPS_RUNTIME_DIR comes up, runs etcd and validates. etcd's client
 * socket in the member's directory is then far past the 108 bytes a unix socket address may have;
 * jkops failed to reach it ("did not join a cluster with a leader").
 */
@RequiresRoot
class LongNamesTest {
  static final String LABELS = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + ".";

  /**
   * 253 characters: three labels of 63, and a last one of 61 ending in a random number (each test
   * its own).
   */
  final String name =
      LABELS
          + "d".repeat(55)
          + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));

  /**
   * Instance groups as long as the local cloud carries: it labels each instance's VPC port with the
   * group's name twice (the group's, and the instance's that starts with it) in at most 255 bytes.
   */
  static final String MASTERS = "m".repeat(63) + "." + "masters-zone-a".repeat(2);

  static final String NODES = "n".repeat(63) + "." + "nodes-zone-a".repeat(2);

  /** The longest name validation allows an instance group: more than the local cloud can label. */
  static final String LONGEST_GROUP = LABELS + "m".repeat(61);

  @RegisterExtension
  final LocalClusterFixture cluster =
      LocalClusterFixture.named(
          "jkops-long", name, "runtime-" + "r".repeat(100) + "/" + "s".repeat(60));

  final Cli cli = cluster.cli();

  @Test
  void theLongestNamesAndALongRuntimeDirStillReachEtcd() throws Exception {
    assertThat(name).hasSize(253);
    createWithGroups(MASTERS, NODES);

    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();
    assertThat(up.out()).contains("etcd: started member " + MASTERS + "-1");
    EtcdControlPlane etcd = EtcdControlPlane.existing(cluster.names().runtimeDir()).orElseThrow();
    EtcdMember m = etcd.requireMember(MASTERS + "-1");
    assertThat(m.socket().toString().getBytes(StandardCharsets.UTF_8).length)
        .as("the socket's own path")
        .isGreaterThan(108);
    assertThat(m.socket()).exists();
    assertThat(m.dir().getFileName().toString())
        .as("the member's dir name is bounded")
        .hasSizeLessThanOrEqualTo(40);
    assertThat(etcd.health().hasQuorum()).isTrue();

    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();
    assertThat(valid.out()).contains("ETCD (1 of 1 members healthy");
    assertThat(cli.run("update", "cluster", name, "--yes").out())
        .startsWith("No changes need to be applied");
  }

  /**
   * A group name validation allows but the local cloud cannot label: a plain error naming the fix.
   */
  @Test
  void aGroupNameTooLongForTheLocalCloudIsRefusedPlainly() throws Exception {
    assertThat(LONGEST_GROUP).hasSize(253);
    createWithGroups(LONGEST_GROUP, NODES);
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).isNotZero();
    assertThat(up.err())
        .contains(
            "the kernel keeps at most 255 bytes of a label",
            "rename instance group \"" + LONGEST_GROUP + "\" (253 characters) to at most 9")
        .doesNotContain("\tat ");
  }

  private void createWithGroups(String masters, String nodes) throws Exception {
    Cli.Result spec =
        cli.run(
            "create",
            "cluster",
            name,
            "--zones",
            "zone-a",
            "--node-count",
            "1",
            "--dry-run",
            "-o",
            "yaml");
    assertThat(spec.code()).as(spec.toString()).isZero();
    String yaml =
        spec.out().replace("control-plane-zone-a", masters).replace("nodes-zone-a", nodes);
    Path file = cluster.dir().resolve("long.yaml");
    Files.writeString(file, yaml);
    Cli.Result created = cli.run("create", "-f", file.toString());
    assertThat(created.code()).as(created.toString()).isZero();
  }
}
