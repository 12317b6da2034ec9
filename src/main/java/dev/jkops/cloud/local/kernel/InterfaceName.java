package dev.jkops.cloud.local.kernel;

import java.util.regex.Pattern;

/**
 * Linux interface names: at most 15 characters, no '/', ':' or spaces. Checked before any command
 * runs.
 */
public final class InterfaceName {
  public static final int MAX = 15;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,14}");

  private InterfaceName() {}

  public static String require(String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new KernelException(
          "\""
              + name
              + "\" is not a valid interface name: at most "
              + MAX
              + " letters, digits, '.', '_' or '-'");
    }
    return name;
  }
}
