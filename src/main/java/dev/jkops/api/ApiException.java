package dev.jkops.api;

/** The api layer's errors: every one says what was wrong and how to fix it. */
public class ApiException extends UserFacingException {
  public ApiException(String message) {
    super(message);
  }

  public ApiException(String message, Throwable cause) {
    super(message, cause);
  }
}
