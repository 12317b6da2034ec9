package dev.jkops.bench;

import dev.jkops.cli.Main;
import java.io.PrintWriter;

/**
 * {@code jkops} as it started before the verb-only tree: picocli builds every command first
 * ("before" row).
 */
public final class FullTreeMain {
  private FullTreeMain() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = Main.commandLine(out, err).execute(args);
    out.flush();
    System.exit(code);
  }
}
