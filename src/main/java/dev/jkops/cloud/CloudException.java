package dev.jkops.cloud;

import dev.jkops.api.ApiException;

/**
 * A cloud could not do what a command asked, in words the user can act on: the cloud's own error,
 * said for the cluster it concerns, or an operation the cluster's cloud does not have.
 */
public class CloudException extends ApiException {
  public CloudException(String message) {
    super(message);
  }

  public CloudException(String message, Throwable cause) {
    super(message, cause);
  }
}
