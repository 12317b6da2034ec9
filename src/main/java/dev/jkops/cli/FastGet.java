package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.StateStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jkops get KIND} command lines users type, run without picocli: {@code get} and one of
 * the kind's names, then names and at most one {@code -o/--output FORMAT} and one {@code --state
 * URI} (also before {@code get}). Building picocli's model and parsing (its classes initialised, a
 * regular expression compiled per command spec, the converters registered) was about half of what
 * {@code get clusters} and {@code get networking} cost above {@code jkops version}
 * (docs/benchmarks.md).
 *
 * <p>{@link #run} returns null, having printed nothing, for any other command line (help, an
 * unknown or repeated option, a value that looks like an option, {@code @file}, {@code --}, a
 * format the fast path does not print) and whenever the command fails: picocli's path then runs it,
 * and prints its usual usage error or error message. The kinds it serves only read, so running them
 * again changes nothing. HandBuiltModelsTest runs a corpus of command lines both ways.
 */
final class FastGet {
  private FastGet() {}

  /** What a fast command line said. */
  record Line(String state, OutputFormat format, List<String> names) {}

  /** The kind's own printing, given the opened store and the command line. */
  interface Show {
    int show(ClusterStore clusters, Line line, PrintWriter out, PrintWriter err);
  }

  /**
   * Runs {@code show} when {@code args} is a plain {@code get} of one of {@code kindNames} with
   * {@code minNames} to {@code maxNames} names; null when picocli must run it.
   */
  static Integer run(
      String[] args,
      Set<String> kindNames,
      int minNames,
      int maxNames,
      Map<String, String> env,
      PrintWriter out,
      PrintWriter err,
      Show show) {
    Line line = parse(args, kindNames);
    if (line == null || line.names().size() < minNames || line.names().size() > maxNames) {
      return null;
    }
    StringWriter shownOut = new StringWriter();
    StringWriter shownErr = new StringWriter();
    int code;
    try {
      ClusterStore clusters =
          new ClusterStore(StateStores.open(StateStores.resolve(line.state(), env), env));
      code = show.show(clusters, line, new PrintWriter(shownOut), new PrintWriter(shownErr));
    } catch (RuntimeException e) {
      return null; // picocli's path reads again and reports it as every command does
    }
    err.print(shownErr);
    err.flush();
    out.print(shownOut);
    out.flush();
    return code;
  }

  /** The command line read, or null when it is not one the fast path takes. */
  static Line parse(String[] args, Set<String> kindNames) {
    String state = null;
    String output = null;
    List<String> names = new ArrayList<>();
    int words = 0; // get, then the kind
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value;
      if (a.equals("--state") || a.equals("-o") || a.equals("--output")) {
        if (i + 1 >= args.length) {
          return null;
        }
        value = args[++i];
      } else if (a.startsWith("--state=") || a.startsWith("--output=")) {
        value = a.substring(a.indexOf('=') + 1);
      } else if (isPlainWord(a)) {
        if (words == 0) {
          if (!a.equals("get")) {
            return null;
          }
          words++;
        } else if (words == 1) {
          if (!kindNames.contains(a)) {
            return null;
          }
          words++;
        } else {
          names.add(a);
        }
        continue;
      } else {
        return null;
      }
      if (!isPlainWord(value) || value.equals("get") || kindNames.contains(value)) {
        return null; // picocli refuses a subcommand's name as an option's value
      }
      if (a.startsWith("--state")) {
        if (state != null) {
          return null;
        }
        state = value;
      } else {
        if (output != null || words < 2) {
          return null;
        }
        output = value;
      }
    }
    if (words < 2) {
      return null;
    }
    OutputFormat format;
    switch (output == null ? "table" : output) {
      case "table" -> format = OutputFormat.TABLE;
      case "yaml" -> format = OutputFormat.YAML;
      case "json" -> format = OutputFormat.JSON;
      default -> {
        return null; // other spellings, dot and errors: picocli's path
      }
    }
    return new Line(state, format, List.copyOf(names));
  }

  /** A word picocli takes as it is: not an option, not {@code @file}, not empty. */
  private static boolean isPlainWord(String a) {
    return !a.isEmpty() && a.charAt(0) != '-' && a.charAt(0) != '@';
  }
}
