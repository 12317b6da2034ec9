package dev.jkops.cloud.local.design;

/** The local cloud cannot build what the plan asks for; the message says why and what to use instead. */
public class LocalCloudException extends RuntimeException {
  public LocalCloudException(String message) {
    super(message);
  }
}
