package dev.jkops.tasks.rolling;

/** A roll stopped; the message says why and how to continue (rerunning resumes it). */
public class RollingUpdateException extends RuntimeException {
  public RollingUpdateException(String message) {
    super(message);
  }

  public RollingUpdateException(String message, Throwable cause) {
    super(message, cause);
  }
}
