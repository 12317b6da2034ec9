package dev.jkops.cloud;

/**
 * Where a {@link Cloud} says what it does, so cloud code never prints: the command gives one that
 * writes to its own stdout and stderr, and owns the formatting of warnings.
 */
public interface CloudOutput {
  /** Text for stdout, as it is (a rendered table or dry run ends with its own newline). */
  void print(String text);

  /** One line on stdout. */
  default void println(String line) {
    print(line + "\n");
  }

  /** One line on stderr: progress and notices that are not the command's output. */
  void errln(String line);

  /** A warning, on stderr in the CLI's warning form. */
  void warn(String warning);
}
