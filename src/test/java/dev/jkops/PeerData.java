package dev.jkops;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where kops' own golden test cases live: ../shared/peer/kops beside the checkout. */
public final class PeerData {
  private PeerData() {}

  public static Path kops() {
    String override = System.getProperty("jkops.peer.kops");
    Path p = override != null ? Path.of(override) : Path.of("..", "shared", "peer", "kops");
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("kops peer data not found at " + p.toAbsolutePath()
          + "; the checkout needs ../shared beside it, or set -Djkops.peer.kops=DIR");
    }
    return p;
  }
}
