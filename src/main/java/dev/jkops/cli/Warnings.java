package dev.jkops.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.TreeSet;

/** Warnings a command prints once, on stderr. */
final class Warnings {
  private Warnings() {}

  /** Fields a user's spec carries that jkops keeps verbatim but does not act on. */
  static void unmodelled(PrintWriter err, Collection<String> fields) {
    if (!fields.isEmpty()) {
      err.println("W: jkops keeps but does not use: " + String.join(", ", new TreeSet<>(fields)));
      err.flush();
    }
  }
}
