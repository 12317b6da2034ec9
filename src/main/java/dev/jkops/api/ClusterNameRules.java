package dev.jkops.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A cluster name is a DNS name (kops uses it for DNS records and as the state-store folder), so it
 * is checked before it touches any path: no '/', no "..", no shell metacharacters. (The names the
 * local cloud derives from a valid cluster name, its namespaces and runtime files, are another
 * thing: the local cloud's runtime {@code ClusterNames}.)
 */
public final class ClusterNameRules {
  private ClusterNameRules() {}

  public static final int MAX_LENGTH = 253;
  public static final int MAX_LABEL_LENGTH = 63;
  private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final String EXAMPLE = "; use a DNS name such as mycluster.example.com";

  /** Every problem with {@code name}, reported at {@code path} (metadata.name for a cluster). */
  public static List<FieldError> problems(String path, String name) {
    List<FieldError> out = new ArrayList<>();
    if (name == null || name.isBlank()) {
      out.add(FieldError.required(path, "a cluster needs a name" + EXAMPLE));
      return out;
    }
    if (name.length() > MAX_LENGTH) {
      out.add(
          FieldError.invalid(
              path,
              name,
              "is "
                  + name.length()
                  + " characters long; a DNS name has at most "
                  + MAX_LENGTH
                  + EXAMPLE));
      return out;
    }
    if (name.contains("/") || name.contains("..")) {
      out.add(
          FieldError.invalid(
              path,
              name,
              "must not contain '/' or \"..\": the name becomes a folder of the state"
                  + " store"
                  + EXAMPLE));
      return out;
    }
    if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
      out.add(
          FieldError.invalid(
              path,
              name,
              "must be lower case: DNS names are; use " + name.toLowerCase(java.util.Locale.ROOT)));
      return out;
    }
    for (String label : name.split("\\.", -1)) {
      if (label.length() > MAX_LABEL_LENGTH) {
        out.add(
            FieldError.invalid(
                path,
                name,
                "has the part \""
                    + label
                    + "\" of "
                    + label.length()
                    + " characters; each dot-separated part may have at most "
                    + MAX_LABEL_LENGTH));
        return out;
      }
      if (!LABEL.matcher(label).matches()) {
        out.add(
            FieldError.invalid(
                path,
                name,
                (label.isEmpty()
                        ? "has an empty part between dots"
                        : "has the part \"" + label + "\"")
                    + "; each part must be letters a-z, digits and '-', starting and"
                    + " ending with a letter or digit (no spaces or shell characters)"
                    + EXAMPLE));
        return out;
      }
    }
    return out;
  }
}
