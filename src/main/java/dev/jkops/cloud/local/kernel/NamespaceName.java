package dev.jkops.cloud.local.kernel;

import java.util.regex.Pattern;

/**
 * The guard every kernel call passes through: jkops only ever touches network namespaces whose name
 * starts with {@value #PREFIX}. A missing or foreign name (which would mean the root namespace, or
 * another program's) is refused before any command runs.
 */
public final class NamespaceName {
  public static final String PREFIX = "jk-";
  private static final Pattern VALID = Pattern.compile("jk-[a-z0-9][a-z0-9.-]{0,62}");

  private NamespaceName() {}

  /** Returns {@code name} when jkops may touch it; throws otherwise. */
  public static String require(String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new KernelException(
          "refusing to touch network namespace \""
              + name
              + "\": jkops only works inside"
              + " namespaces named "
              + PREFIX
              + "<clusterid>-... (lower-case letters, digits, '.', '-', at most 65"
              + " characters), never in the machine's root namespace");
    }
    return name;
  }
}
