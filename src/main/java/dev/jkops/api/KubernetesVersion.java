package dev.jkops.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes version as kops writes it ({@code v1.32.0}, {@code 1.4.8}); only the order matters.
 */
public record KubernetesVersion(int major, int minor, int patch)
    implements Comparable<KubernetesVersion> {

  private static final Pattern FORM = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?([-+].*)?$");

  /** The version, or empty when the text is not of the form [v]MAJOR.MINOR[.PATCH]. */
  public static Optional<KubernetesVersion> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
      return Optional.of(
          new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public boolean isAtLeast(int wantMajor, int wantMinor) {
    return major != wantMajor ? major > wantMajor : minor >= wantMinor;
  }

  @Override
  public int compareTo(KubernetesVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
