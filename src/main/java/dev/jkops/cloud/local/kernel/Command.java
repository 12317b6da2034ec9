package dev.jkops.cloud.local.kernel;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One program to run: its arguments, what to feed it, extra environment, how long it may take, and
 * why it is run (used in error messages: "could not add bridge br-a in jk-1a2b3c-vpc: ...").
 */
public record Command(
    List<String> argv, String stdin, Map<String, String> env, Duration timeout, String purpose) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  public Command {
    if (argv == null || argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program name");
    }
    argv = List.copyOf(argv);
    env = env == null ? Map.of() : Map.copyOf(env);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  public static Command of(String purpose, List<String> argv) {
    return new Command(argv, null, null, null, purpose);
  }

  public Command withStdin(String input) {
    return new Command(argv, input, env, timeout, purpose);
  }

  public Command withEnv(Map<String, String> extra) {
    return new Command(argv, stdin, extra, timeout, purpose);
  }

  public Command withTimeout(Duration t) {
    return new Command(argv, stdin, env, t, purpose);
  }

  /** An argument longer than this, or of several lines (a program), is shortened in messages. */
  static final int DISPLAY_LIMIT = 160;

  /**
   * The command line as a user would type it, for messages. A program given whole as one argument
   * ({@code perl -e PROGRAM}, {@code bash -c SCRIPT}) shows its first line and its length, so an
   * error names the command without repeating kilobytes of it.
   */
  public String display() {
    StringBuilder sb = new StringBuilder();
    env.forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
    for (String a : argv) {
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
        sb.append(' ');
      }
      if (a.length() > DISPLAY_LIMIT || a.contains("\n")) {
        String firstLine = a.lines().findFirst().orElse("");
        sb.append("'")
            .append(firstLine, 0, Math.min(firstLine.length(), 60))
            .append("...' (")
            .append(a.length())
            .append(" characters)");
      } else {
        sb.append(a.isEmpty() || a.contains(" ") ? "'" + a + "'" : a);
      }
    }
    return sb.toString().trim();
  }
}
