package dev.jkops.tasks.rolling;

import dev.jkops.api.UserFacingException;

/** A roll stopped; the message says why and how to continue (rerunning resumes it). */
public class RollingUpdateException extends UserFacingException {
  public RollingUpdateException(String message) {
    super(message);
  }

  public RollingUpdateException(String message, Throwable cause) {
    super(message, cause);
  }
}
