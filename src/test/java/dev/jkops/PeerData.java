package dev.jkops;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where kops' own golden test cases live: {@code shared/peer/kops} beside the checkout (CI lays
 * shared/ next to its clone), found by walking up from the working directory, or
 * {@code -Djkops.peer.kops=DIR}.
 */
public final class PeerData {
  private PeerData() {}

  public static Path kops() {
    String override = System.getProperty("jkops.peer.kops");
    if (override != null) {
      return Path.of(override);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/peer/kops");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("kops peer data not found: expected shared/peer/kops beside the"
        + " checkout or above it; set -Djkops.peer.kops=DIR");
  }
}
