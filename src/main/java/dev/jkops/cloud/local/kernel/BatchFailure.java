package dev.jkops.cloud.local.kernel;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed {@code ip -batch} or {@code bridge -batch} run says: iproute2 stops at the first
 * line that fails and reports it as {@code Command failed -:N}, so the error can name the line (its
 * text, not just its number) as well as the resource the batch was for.
 */
public final class BatchFailure {
  private static final Pattern FAILED_LINE = Pattern.compile("Command failed \\S*:(\\d+)");

  private BatchFailure() {}

  /** The 1-based number of the line the batch stopped at, when the program said which. */
  public static Optional<Integer> line(CommandResult r) {
    Matcher m = FAILED_LINE.matcher(r.stderr());
    Integer last = null;
    while (m.find()) {
      last = Integer.parseInt(m.group(1));
    }
    return Optional.ofNullable(last);
  }

  /**
   * Whether the batch stopped at its first line because what that line makes is already there
   * ("File exists"): a run killed part way left it, and nothing of the batch ran, so the caller
   * finishes what it found.
   */
  public static boolean foundAtFirstLine(CommandResult r) {
    return line(r).filter(n -> n == 1).isPresent() && r.stderr().contains("File exists");
  }

  /**
   * The error for a batch of {@code lines} that failed: what it was for, the command, the failing
   * line's number and text, and what the program said. Without a line number (an argument iproute2
   * refuses before it runs anything of that line exits at once, without one) it is the command's
   * own error.
   */
  public static KernelException of(CommandResult r, List<String> lines) {
    Optional<Integer> n = line(r).filter(i -> i >= 1 && i <= lines.size());
    String where =
        n.map(i -> " at line " + i + " of " + lines.size() + " (`" + lines.get(i - 1) + "`)")
            .orElse("");
    Command c = r.command();
    return new KernelException(
        "could not "
            + c.purpose()
            + ": `"
            + c.display()
            + "` exited "
            + r.exitCode()
            + where
            + ": "
            + r.said());
  }
}
