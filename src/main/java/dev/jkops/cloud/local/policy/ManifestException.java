package dev.jkops.cloud.local.policy;

import dev.jkops.api.FieldError;
import dev.jkops.api.UserFacingException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A manifest given to {@code apply -f} that cannot be used: bad YAML, an unknown kind, or fields
 * that break the API's rules. The message names the file, the document and every field at fault.
 */
public final class ManifestException extends UserFacingException {
  private final List<FieldError> errors;

  public ManifestException(String message, List<FieldError> errors) {
    super(
        message
            + (errors.isEmpty()
                ? ""
                : ":\n" + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"))));
    this.errors = List.copyOf(errors);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
    this.errors = List.of();
  }

  public List<FieldError> errors() {
    return errors;
  }
}
