package dev.jkops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.kernel.Kernel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One kernel test's own network namespaces: every name under a random {@code jk-t<hex>-} prefix, so
 * tests running beside each other, or beside a real cluster's {@code jk-} namespaces, never share
 * one; after the test each is deleted by its exact name and none may be left.
 */
public final class ThrowawayNamespaces {
  private final Kernel kernel = Kernel.system();
  private final String prefix =
      "jk-t" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF)) + "-";

  /** The prefix every namespace of this test starts with. */
  public String prefix() {
    return prefix;
  }

  /** Deletes each namespace under the prefix, by its exact name, and checks that none is left. */
  public void removeAll() {
    for (String ns : kernel.netns().list(prefix)) {
      kernel.netns().delete(ns);
    }
    assertThat(kernel.netns().list(prefix)).as("namespaces left under " + prefix).isEmpty();
  }
}
