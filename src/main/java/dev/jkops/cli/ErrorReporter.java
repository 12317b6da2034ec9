package dev.jkops.cli;

import dev.jkops.api.UserFacingException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns a failed command into one paragraph on stderr and exit code 1. A {@link
 * UserFacingException}, from whichever layer threw it, already says what was wrong and how to fix
 * it, and is printed as it is; anything else is a jkops bug, reported as such. The stack trace is
 * shown only with {@code JKOPS_DEBUG=1}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
  static final int FAILED = 1;

  private final boolean debug;

  ErrorReporter(Map<String, String> env) {
    String d = env.get("JKOPS_DEBUG");
    this.debug = d != null && !d.isBlank() && !d.equals("0") && !d.equalsIgnoreCase("false");
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    err.println("Error: " + message(ex));
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return FAILED;
  }

  static String message(Throwable ex) {
    if (ex instanceof UserFacingException) {
      return ex.getMessage();
    }
    return "internal error in jkops: "
        + ex.getClass().getSimpleName()
        + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
        + ". This is a bug; rerun with JKOPS_DEBUG=1 for the stack trace and report it.";
  }
}
