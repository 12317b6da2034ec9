package dev.jkops.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Kubernetes' rules for object names and labels, as the API server applies them: a namespace name
 * is a DNS label (RFC 1123), a label key an optional DNS-subdomain prefix and a name, a label value
 * at most 63 letters, digits, '-', '_' and '.'. Checked before anything is stored, so a quote, a
 * newline or "$(id)" never reaches a store key, etcd or a log.
 */
public final class KubernetesNames {
  private KubernetesNames() {}

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

  /**
   * Errors for a name that must be a DNS label (a namespace's), at {@code path}; empty when valid.
   */
  public static List<FieldError> dnsLabel(String path, String value) {
    if (value == null || value.isEmpty()) {
      return List.of(FieldError.required(path, "a name is needed"));
    }
    if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
      return List.of(
          FieldError.invalid(
              path,
              value,
              "must be a DNS label as Kubernetes requires: at most 63 lower-case"
                  + " letters, digits and '-', starting and ending with a letter or digit (e.g. my-namespace)"));
    }
    return List.of();
  }

  /** Errors for labels at {@code path} (e.g. {@code metadata.labels}); empty when all are valid. */
  public static List<FieldError> labels(String path, Map<String, String> labels) {
    List<FieldError> out = new ArrayList<>();
    labels.forEach(
        (key, value) -> {
          String at = path + "[\"" + key + "\"]";
          int slash = key.indexOf('/');
          String prefix = slash < 0 ? null : key.substring(0, slash);
          String name = slash < 0 ? key : key.substring(slash + 1);
          if ((prefix != null
                  && (prefix.isEmpty()
                      || prefix.length() > 253
                      || !DNS_SUBDOMAIN.matcher(prefix).matches()))
              || name.isEmpty()
              || name.length() > 63
              || !LABEL_NAME.matcher(name).matches()) {
            out.add(
                FieldError.invalid(
                    at,
                    key,
                    "is not a valid label key: an optional DNS prefix and '/', then at most 63"
                        + " letters, digits, '-', '_' or '.', starting and ending with a letter or digit (e.g. app or example.com/tier)"));
          }
          if (value == null
              || value.length() > 63
              || !(value.isEmpty() || LABEL_NAME.matcher(value).matches())) {
            out.add(
                FieldError.invalid(
                    at,
                    value,
                    "is not a valid label value: at most 63 letters, digits, '-', '_' or '.',"
                        + " starting and ending with a letter or digit, or empty"));
          }
        });
    return out;
  }
}
