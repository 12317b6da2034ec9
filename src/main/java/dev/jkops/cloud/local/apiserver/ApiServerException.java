package dev.jkops.cloud.local.apiserver;

/** The cluster's Kubernetes API server could not be started, stopped or reached. */
public class ApiServerException extends RuntimeException {
  public ApiServerException(String message) {
    super(message);
  }

  public ApiServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
