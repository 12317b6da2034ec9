package dev.jkops.api;

/**
 * The base of every error a user can act on, from any layer: a spec or input that breaks a rule, a
 * plan that cannot be made, a cloud or kernel call that was refused, a roll that stopped. Its
 * message is the whole report, one paragraph saying what was wrong and what would fix it (which
 * command to run, which field to change), and the CLI prints it as it is, with exit code 1. Every
 * user error exits 1, kops' code for a failed command (usage errors and a cluster that fails
 * validation exit 2, but neither is thrown), so it carries no exit code. Any exception that is not
 * one of these is a jkops bug and is reported as one.
 *
 * <p>It lives in the lowest layer so every layer's errors can extend it and the CLI needs no list
 * of them: a new exception that extends it is reported cleanly wherever it escapes.
 */
public abstract class UserFacingException extends RuntimeException {
  protected UserFacingException(String message) {
    super(message);
  }

  protected UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
