package dev.jkops.cloud.local.apiserver;

import dev.jkops.api.UserFacingException;

/** The cluster's Kubernetes API server could not be started, stopped or reached. */
public class ApiServerException extends UserFacingException {
  public ApiServerException(String message) {
    super(message);
  }

  public ApiServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
