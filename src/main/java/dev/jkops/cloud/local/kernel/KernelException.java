package dev.jkops.cloud.local.kernel;

import dev.jkops.api.UserFacingException;

/**
 * A kernel command failed or was refused. The message names what was being done, the exact command
 * line, and what the command said, so a user can rerun it by hand.
 */
public class KernelException extends UserFacingException {
  public KernelException(String message) {
    super(message);
  }

  public KernelException(String message, Throwable cause) {
    super(message, cause);
  }
}
