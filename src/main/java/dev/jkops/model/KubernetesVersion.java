package dev.jkops.model;

/**
 * A Kubernetes version as the spec gives it ({@code v1.14.0}, {@code 1.34.0}, {@code 1.32}). Node
 * networking changed shape at 1.24, when the kubelet lost its network-plugin flags.
 */
public record KubernetesVersion(int major, int minor, int patch) implements Comparable<KubernetesVersion> {

  /** The first version whose kubelet has no {@code --network-plugin} flags: CNI config files only. */
  public static final KubernetesVersion CNI_ONLY = new KubernetesVersion(1, 24, 0);

  /** The version jkops assumes when a spec names none (what create cluster writes today). */
  public static final KubernetesVersion DEFAULT = new KubernetesVersion(1, 34, 0);

  /** Parses {@code v1.14.0}, {@code 1.34.0} or {@code 1.32}; anything else is a ModelException. */
  public static KubernetesVersion parse(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT;
    }
    String t = text.trim();
    if (t.startsWith("v")) {
      t = t.substring(1);
    }
    int dash = t.indexOf('-');
    if (dash >= 0) {
      t = t.substring(0, dash);
    }
    String[] parts = t.split("\\.");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      int patch = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
      return new KubernetesVersion(major, minor, patch);
    } catch (NumberFormatException e) {
      throw new ModelException("spec.kubernetesVersion \"" + text
          + "\" is not a version like 1.34.0; set it to a released Kubernetes version", e);
    }
  }

  public boolean atLeast(int wantMajor, int wantMinor) {
    return major > wantMajor || (major == wantMajor && minor >= wantMinor);
  }

  /** True before 1.24: the kubelet still takes --network-plugin and friends. */
  public boolean hasNetworkPluginFlags() {
    return compareTo(CNI_ONLY) < 0;
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
