package dev.jkops.api;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that was read but breaks rules: every broken rule, each with its field path. */
public final class ValidationException extends ApiException {
  private final List<FieldError> errors;

  public ValidationException(String subject, List<FieldError> errors) {
    super(
        subject
            + " is not valid:\n"
            + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
