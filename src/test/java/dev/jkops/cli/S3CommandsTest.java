package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.YamlCodec;
import dev.jkops.testing.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's whole session against an S3 store (s3proxy in process): create, get, edit, replace,
 * delete.
 */
class S3CommandsTest {
  @TempDir static Path dir;
  static S3TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = S3TestServer.start(Files.createDirectories(dir.resolve("s3")));
    server.createBucket("jkops-state");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void createGetEditReplaceAndDeleteThroughS3() throws Exception {
    Cli cli = new Cli(dir, "s3://jkops-state/clusters").env(server.env());
    Path objects = dir.resolve("s3/jkops-state/clusters/s3.example.com");

    Cli.Result create =
        cli.run(
            "create",
            "cluster",
            "--name",
            "s3.example.com",
            "--zones",
            "zone-a",
            "--networking",
            "canal");
    assertThat(create.code()).as(create.toString()).isZero();
    assertThat(objects.resolve("config")).exists();
    assertThat(objects.resolve("cluster-completed.spec")).exists();
    assertThat(objects.resolve("instancegroup/nodes-zone-a")).exists();

    Cli.Result get = cli.run("get", "clusters");
    assertThat(get.out()).contains("s3.example.com\tlocal\tzone-a");
    String yaml = cli.run("get", "cluster", "s3.example.com", "-o", "yaml").out();
    assertThat(yaml).contains("canal: {}");

    Path editor = dir.resolve("edit.sh");
    Files.writeString(
        editor, "#!/bin/sh\nsed -i 's/canal: {}/flannel:\\n      backend: vxlan/' \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    Cli.Result edit = cli.env("EDITOR", editor.toString()).run("edit", "cluster", "s3.example.com");
    assertThat(edit.code()).as(edit.toString()).isZero();
    assertThat(Files.readString(objects.resolve("config"))).contains("backend: vxlan");

    Path file =
        Files.writeString(
            dir.resolve("c.yaml"),
            cli.run("get", "cluster", "s3.example.com", "-o", "yaml")
                .out()
                .replace("spec:\n", "spec:\n  fileAssets:\n    - name: motd\n      content: hi\n"));
    Cli.Result replace = cli.run("replace", "-f", file.toString());
    assertThat(replace.code()).as(replace.toString()).isZero();
    assertThat(replace.err()).contains("W: jkops keeps but does not use: spec.fileAssets");
    assertThat(
            YamlCodec.read(cli.run("get", "cluster", "s3.example.com", "-o", "yaml").out(), "s3")
                .clusters()
                .get(0)
                .spec()
                .extra())
        .containsKey("fileAssets");

    Cli.Result delete = cli.run("delete", "cluster", "s3.example.com", "--yes");
    assertThat(delete.code()).as(delete.toString()).isZero();
    assertThat(cli.run("get", "clusters").err())
        .contains("No clusters found in state store s3://jkops-state/clusters");
  }
}
