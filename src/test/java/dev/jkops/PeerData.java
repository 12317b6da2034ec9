package dev.jkops;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where kops' own golden test cases live: {@code shared/peer/kops} beside the checkout (CI lays
 * shared/ next to its clone), found by walking up from the working directory, or {@code
 * -Djkops.peer.kops=DIR}. A clone without them (a user's own machine) skips the parity tests with
 * the reason printed; on CI (CI=true) their absence fails, since parity must be checked.
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
    String reason =
        "kops peer data not found: expected shared/peer/kops beside the checkout or above"
            + " it; set -Djkops.peer.kops=DIR to run the kops parity tests";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the kops parity tests, but " + reason);
    }
    System.out.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }
}
