package dev.jkops.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The check behind {@link RequiresRoot}. */
public final class RequiresRootExtension implements BeforeAllCallback, BeforeEachCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    check(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    check(context);
  }

  private static void check(ExtensionContext context) {
    List<String> missing = missingPrerequisites();
    if (missing.isEmpty()) {
      return;
    }
    String reason =
        context.getDisplayName()
            + " needs "
            + String.join(", ", missing)
            + " (run scripts/setup as root)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run namespace tests, but " + reason);
    }
    System.out.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
  }

  public static List<String> missingPrerequisites() {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root");
    }
    for (String tool : List.of("/usr/sbin/ip", "/usr/sbin/nft", "/usr/lib/cni/bridge")) {
      if (!Files.isExecutable(Path.of(tool))
          && !Files.isExecutable(Path.of(tool.replace("/usr/sbin", "/sbin")))) {
        missing.add(tool);
      }
    }
    return missing;
  }
}
