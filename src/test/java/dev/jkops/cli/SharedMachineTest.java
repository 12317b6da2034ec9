package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.SafePaths;
import dev.jkops.testing.LocalUser;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file state store and the edit file on a machine other users share: what another user (made
 * with useradd for the test) or a careless setup could do before, each refused now.
 */
class SharedMachineTest {
  static final String NAME = "shared.example.com";
  @TempDir Path dir;

  Cli cli() {
    return new Cli(dir, "file://" + dir.resolve("state"));
  }

  Cli created() {
    Cli cli = cli();
    Cli.Result r = cli.run("create", "cluster", NAME, "--zones", "us-test-1a", "--cloud", "aws");
    assertThat(r.code()).as(r.toString()).isZero();
    return cli;
  }

  @Test
  @RequiresRoot
  void aHistoryLinkPlantedByAnotherUserInAWorldWritableStoreIsNotWrittenThrough() throws Exception {
    Cli cli = created();
    Path state = dir.resolve("state");
    Path secret = Files.createDirectory(dir.resolve("root-only"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
    try (Stream<Path> all = Files.walk(state)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
      }
    }
    try (LocalUser other = LocalUser.create()) {
      other.sh("ln -s " + secret + " " + state.resolve(NAME).resolve(".history"));
    }
    Path editor =
        Files.writeString(dir.resolve("edit.sh"), "sed -i 's/kubenet: {}/calico: {}/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    Cli.Result r = cli.env("EDITOR", editor.toString()).run("edit", "cluster", NAME);
    assertThat(r.code()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains("is writable by every user", "chmod go-w " + state);
    try (Stream<Path> in = Files.list(secret)) {
      assertThat(in.toList()).as("nothing written through the link").isEmpty();
    }
  }

  @Test
  @RequiresRoot
  void aStoreOfAnotherUserIsRefusedBeforeAnythingIsRead() throws Exception {
    created();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (LocalUser other = LocalUser.create()) {
      Files.setAttribute(dir.resolve("state"), "unix:uid", other.uid());
      Cli.Result r = cli().run("get", "clusters");
      assertThat(r.code()).as(r.toString()).isNotZero();
      assertThat(r.err()).contains("belongs to user " + other.name(), "chown");
    }
  }

  @Test
  void aStoreFileThatIsALinkIsNotRead() throws Exception {
    created();
    Path config = dir.resolve("state").resolve(NAME).resolve("config");
    Path elsewhere = Files.writeString(dir.resolve("elsewhere.yaml"), Files.readString(config));
    Files.delete(config);
    Files.createSymbolicLink(config, elsewhere);
    Cli.Result r = cli().run("get", "cluster", NAME);
    assertThat(r.code()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains("symbolic link");
  }

  @Test
  void storeFilesAre0600AndItsDirectories0700WhateverTheUmask() throws Exception {
    created();
    Path state = dir.resolve("state");
    assertThat(SafePaths.mode(state.resolve(NAME))).isEqualTo("rwx------");
    assertThat(SafePaths.mode(state.resolve(NAME).resolve("config"))).isEqualTo("rw-------");
    assertThat(SafePaths.mode(state.resolve(NAME).resolve("instancegroup"))).isEqualTo("rwx------");
  }

  @Test
  void aRefusedEditKeepsItsFileInTheCallersTmpdirNotInTheSharedOne() throws Exception {
    Cli cli = created();
    Path shared = Path.of(System.getProperty("java.io.tmpdir"));
    Path garble = Files.writeString(dir.resolve("garble.sh"), "printf 'spec: [\\n' >> \"$1\"\n");
    garble.toFile().setExecutable(true);
    Path mine = Files.createDirectory(dir.resolve("tmp"));
    long before = editFiles(shared);
    Cli.Result r =
        cli.env("EDITOR", garble.toString())
            .env("TMPDIR", mine.toString())
            .run("edit", "cluster", NAME);
    assertThat(r.code()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains("kept at " + mine);
    assertThat(editFiles(shared))
        .as("jkops-edit-" + NAME + "-* files in " + shared)
        .isEqualTo(before);
    assertThat(editFiles(mine)).isEqualTo(1);
  }

  private static long editFiles(Path in) throws Exception {
    try (Stream<Path> s = Files.list(in)) {
      return s.filter(p -> p.getFileName().toString().startsWith("jkops-edit-" + NAME + "-"))
          .count();
    }
  }
}
