package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file primitives every jkops directory goes through: no link is followed, modes are exact. */
class SafePathsTest {
  @TempDir Path dir;

  @Test
  void deleteTreeRemovesALinkInsideAsALinkAndKeepsWhatItPointsAt() throws Exception {
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Path precious = Files.writeString(outside.resolve("precious"), "keep me");
    Path tree = Files.createDirectories(dir.resolve("runtime/abc/nodes/n1"));
    Files.createSymbolicLink(tree.resolve("ipam"), outside);
    Files.createSymbolicLink(tree.resolve("log"), precious);
    SafePaths.deleteTree(dir.resolve("runtime/abc"));
    assertThat(dir.resolve("runtime/abc")).doesNotExist();
    assertThat(precious).hasContent("keep me");
  }

  @Test
  void deleteTreeOfALinkRemovesOnlyTheLink() throws Exception {
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Files.writeString(outside.resolve("precious"), "keep me");
    Path link = Files.createSymbolicLink(dir.resolve("runtime"), outside);
    SafePaths.deleteTree(link);
    assertThat(outside.resolve("precious")).hasContent("keep me");
  }

  @Test
  void appendRefusesALinkAndMakesANewFileWithTheModeAsked() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "");
    Path log = Files.createSymbolicLink(dir.resolve("etcd.log"), target);
    assertThatThrownBy(() -> SafePaths.append(log, "x\n", SafePaths.PRIVATE_FILE))
        .hasMessageContaining("not a regular file");
    assertThat(target).hasContent("");
    Path fresh = dir.resolve("network.log");
    SafePaths.append(fresh, "a\n", SafePaths.READABLE_FILE);
    SafePaths.append(fresh, "b\n", SafePaths.READABLE_FILE);
    assertThat(Files.readString(fresh, StandardCharsets.UTF_8)).isEqualTo("a\nb\n");
    assertThat(SafePaths.mode(fresh)).isEqualTo("rw-r--r--");
  }

  @Test
  void writeAtomicallyReplacesALinkAtTheTarget() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "root only");
    Path file = Files.createSymbolicLink(dir.resolve("cluster.json"), target);
    SafePaths.writeAtomically(file, "{}".getBytes(StandardCharsets.UTF_8), SafePaths.PRIVATE_FILE);
    assertThat(target).hasContent("root only");
    assertThat(Files.isSymbolicLink(file)).isFalse();
    assertThat(SafePaths.mode(file)).isEqualTo("rw-------");
  }

  @Test
  void ensureOwnedDirMakesMissingDirsWithTheModeAndRefusesAWritableOrLinkedOne() throws Exception {
    Path made =
        SafePaths.ensureOwnedDir(dir, dir.resolve("a/b"), SafePaths.PRIVATE_DIR, "runtime dir");
    assertThat(SafePaths.mode(dir.resolve("a"))).isEqualTo("rwx------");
    assertThat(SafePaths.mode(made)).isEqualTo("rwx------");
    Files.setPosixFilePermissions(dir.resolve("a"), PosixFilePermissions.fromString("rwxrwx---"));
    assertThatThrownBy(
            () -> SafePaths.ensureOwnedDir(dir, made, SafePaths.PRIVATE_DIR, "runtime dir"))
        .hasMessageContaining("writable by its group")
        .hasMessageContaining("chmod go-w " + dir.resolve("a"));
    Path real = Files.createDirectory(dir.resolve("real"));
    Path linked = Files.createSymbolicLink(dir.resolve("linked"), real);
    assertThatThrownBy(() -> SafePaths.checkOwnedDir(linked, "runtime dir"))
        .hasMessageContaining("symbolic link");
  }

  @Test
  void readRegularFileRefusesDevicesLinksAndBigFiles() throws Exception {
    assertThatThrownBy(() -> SafePaths.readRegularFile(Path.of("/dev/zero"), 10, "spec file"))
        .hasMessageContaining("not a regular file");
    Path big = Files.writeString(dir.resolve("big"), "x".repeat(11));
    assertThatThrownBy(() -> SafePaths.readRegularFile(big, 10, "spec file"))
        .hasMessageContaining("over the limit of 10");
    Path link = Files.createSymbolicLink(dir.resolve("link"), big);
    assertThatThrownBy(() -> SafePaths.readRegularFile(link, 100, "spec file"))
        .hasMessageContaining("symbolic link");
  }

  @Test
  void temporariesAreNewPrivateFilesNamedAfterTheirTarget(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("config");
    java.util.Set<Path> made = new java.util.HashSet<>();
    for (int i = 0; i < 200; i++) {
      Path t =
          SafePaths.syncedTemporary(
              target, "x".getBytes(StandardCharsets.UTF_8), SafePaths.PRIVATE_FILE, ".jkops-tmp");
      assertThat(t.getParent()).isEqualTo(dir);
      assertThat(t.getFileName().toString()).matches("\\.config\\.[0-9]+\\.jkops-tmp");
      assertThat(SafePaths.isTemporaryOf(t.getFileName().toString(), "config", ".jkops-tmp"))
          .isTrue();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(t)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(t)).isEqualTo("x");
      assertThat(made.add(t)).as("a new file each time").isTrue();
    }
    // never an existing file or link: a link where a name would go is not followed
    Path link = dir.resolve(".config.1.jkops-tmp");
    Files.createSymbolicLink(link, dir.resolve("elsewhere"));
    Path made1 = SafePaths.createExclusive(dir, ".config.", ".jkops-tmp", SafePaths.PRIVATE_FILE);
    assertThat(made1).isNotEqualTo(link);
    assertThat(Files.exists(dir.resolve("elsewhere"))).isFalse();
  }
}
