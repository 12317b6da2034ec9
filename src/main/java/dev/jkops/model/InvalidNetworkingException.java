package dev.jkops.model;

import dev.jkops.api.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A networking choice that cannot work for the cluster: every reason, each at its field path. */
public final class InvalidNetworkingException extends ModelException {
  private final List<FieldError> errors;

  public InvalidNetworkingException(String clusterName, String mode, List<FieldError> errors) {
    super(
        "networking "
            + mode
            + " cannot work for cluster "
            + clusterName
            + ":\n"
            + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
