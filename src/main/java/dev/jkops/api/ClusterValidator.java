package dev.jkops.api;

import java.util.List;

/** Every rule of networking-facts section 3 and the additions, with field paths. */
public final class ClusterValidator {
  private ClusterValidator() {}

  /** All errors in the bundle; empty when it is valid. */
  public static List<FieldError> validate(ClusterBundle bundle) {
    throw new UnsupportedOperationException("ClusterValidator.validate: not written yet");
  }

  /** Throws {@link ValidationException} listing every error, or returns quietly. */
  public static void check(ClusterBundle bundle) {
    List<FieldError> errors = validate(bundle);
    if (!errors.isEmpty()) {
      throw new ValidationException("cluster " + bundle.name(), errors);
    }
  }
}
