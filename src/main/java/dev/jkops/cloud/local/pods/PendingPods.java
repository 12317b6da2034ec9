package dev.jkops.cloud.local.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Pods being created, noted before their namespace exists and forgotten once their record is
 * written: a create killed in between leaves a namespace without a record, and this note says which
 * node's CNI plugins gave it an address and under which container id, so the next create of the
 * same pod can release that address (CNI DEL) before it deletes the namespace and starts again. One
 * small file per pod namespace under {@code <runtime dir>/pods-pending/}, on this machine like the
 * namespaces themselves (not in the cluster's etcd, which may be down when the create dies).
 */
final class PendingPods {
  record Pending(String node, String containerId) {}

  private final Path dir;

  PendingPods(Path runtimeDir) {
    this.dir = runtimeDir.resolve("pods-pending");
  }

  /**
   * Notes the create, atomically (a reader sees the whole note or none): a temporary file renamed
   * over the note. Not flushed to disk (a flush cost more than the rest of a pod's bookkeeping on a
   * busy disk): a note only matters while its pod namespace exists, and a namespace does not
   * outlive the machine's run (its bind mount under {@code /run/netns} goes at a reboot), so a
   * crash of the machine that loses the note loses the namespace with it; a killed process loses
   * neither.
   */
  void begin(String netns, String node, String containerId) {
    try {
      dev.jkops.api.SafePaths.createPrivateDirs(dir);
      Path note = file(netns);
      Path temp =
          Files.createTempFile(
              dir,
              "." + netns + ".",
              ".tmp",
              java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                  dev.jkops.api.SafePaths.PRIVATE_FILE));
      try {
        Files.write(
            temp,
            (node + "\n" + containerId + "\n").getBytes(StandardCharsets.UTF_8),
            java.nio.file.StandardOpenOption.WRITE,
            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(
            temp,
            note,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        temp = null;
      } finally {
        if (temp != null) {
          Files.deleteIfExists(temp);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot note the pod being created in " + dir, e);
    }
  }

  Optional<Pending> get(String netns) {
    Path f = file(netns);
    try {
      if (!Files.exists(f)) {
        return Optional.empty();
      }
      String[] lines = Files.readString(f, StandardCharsets.UTF_8).split("\n");
      return lines.length >= 2 ? Optional.of(new Pending(lines[0], lines[1])) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  void end(String netns) {
    try {
      Files.deleteIfExists(file(netns));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file(netns), e);
    }
  }

  private Path file(String netns) {
    // namespace names are already checked (jk- prefix, no '/'), so they are safe as file names
    return dir.resolve(netns);
  }
}
