package dev.jkops.cloud.local.pods;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** What {@code create pod} asks for: a name, a namespace, labels and, optionally, a node. */
public record PodSpec(
    String name, String namespace, Map<String, String> labels, Optional<String> node) {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public PodSpec {
    labels = Map.copyOf(labels);
    requireDnsLabel("pod name", name);
    requireDnsLabel("namespace", namespace);
  }

  static void requireDnsLabel(String what, String value) {
    if (value == null || !DNS_LABEL.matcher(value).matches()) {
      throw new PodException(
          what
              + " \""
              + value
              + "\" is not valid: use lower-case letters, digits and '-',"
              + " starting and ending with a letter or digit, at most 63 characters");
    }
  }

  /** Parses {@code k=v,k2=v2} as {@code --labels} takes it. */
  public static Map<String, String> parseLabels(String text) {
    Map<String, String> labels = new java.util.TreeMap<>();
    if (text == null || text.isBlank()) {
      return labels;
    }
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new PodException(
            "--labels: \"" + pair + "\" is not key=value; write e.g. --labels app=web,tier=front");
      }
      String key = pair.substring(0, eq).trim();
      String value = pair.substring(eq + 1).trim();
      if (!key.matches("([a-z0-9.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")
          || !value.matches("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?")) {
        throw new PodException(
            "--labels: \""
                + pair
                + "\" is not a valid Kubernetes label (letters, digits, '-',"
                + " '_', '.'; an optional prefix/ on the key)");
      }
      labels.put(key, value);
    }
    return labels;
  }
}
