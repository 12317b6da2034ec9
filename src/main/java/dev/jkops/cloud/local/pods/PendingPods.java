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

  /** Notes the create, atomically (a reader sees the whole note or none). */
  void begin(String netns, String node, String containerId) {
    try {
      dev.jkops.api.SafePaths.createPrivateDirs(dir);
      dev.jkops.api.SafePaths.writeAtomically(
          file(netns),
          (node + "\n" + containerId + "\n").getBytes(StandardCharsets.UTF_8),
          dev.jkops.api.SafePaths.PRIVATE_FILE);
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
