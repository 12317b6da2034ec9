package dev.jkops.cloud.local.design;

import dev.jkops.api.UserFacingException;

/**
 * The local cloud cannot build what the plan asks for; the message says why and what to use
 * instead.
 */
public class LocalCloudException extends UserFacingException {
  public LocalCloudException(String message) {
    super(message);
  }
}
