package dev.jkops.tasks;

import dev.jkops.api.UserFacingException;

/** The tasks layer's errors: a plan that cannot be ordered, or a change a target refused. */
public class TaskException extends UserFacingException {
  public TaskException(String message) {
    super(message);
  }

  public TaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
