package dev.jkops.cloud.local.pods;

import dev.jkops.api.UserFacingException;

/** A pod could not be created, found or removed; the message says why and what to do. */
public class PodException extends UserFacingException {
  public PodException(String message) {
    super(message);
  }

  public PodException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The pod to create already has a record: the API server answers AlreadyExists from this, so a
   * create reads the record once.
   */
  public static final class AlreadyExists extends PodException {
    public AlreadyExists(String message) {
      super(message);
    }
  }
}
