package dev.jkops.api;

/** jkops' own version: the jar's Implementation-Version, or {@code 0.1.0-dev} outside a jar. */
public final class JkopsVersion {
  private JkopsVersion() {}

  public static String current() {
    String v = JkopsVersion.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-dev" : v;
  }
}
