package dev.jkops.cloud.aws;

import dev.jkops.api.UserFacingException;

/** The AWS cloud's errors: a spec AWS cannot build, or a call AWS refused for good. */
public class AwsException extends UserFacingException {
  public AwsException(String message) {
    super(message);
  }

  public AwsException(String message, Throwable cause) {
    super(message, cause);
  }
}
