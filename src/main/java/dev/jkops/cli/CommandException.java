package dev.jkops.cli;

import dev.jkops.api.UserFacingException;

/** A command that cannot go on, with a message that says why and what to do instead. */
final class CommandException extends UserFacingException {
  CommandException(String message) {
    super(message);
  }

  CommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
