package dev.jkops.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code -o/--output}, declared once for every command that prints objects. The flag is the same
 * everywhere; the formats a command takes depend on what it prints, so a command mixes in the
 * variant that lists its own (picocli reads a flag's help text from its annotation, so each set
 * needs its own):
 *
 * <ul>
 *   <li>{@link Standard}: table (the default), yaml or json;
 *   <li>{@link WithWide}: also {@code wide}, a wider table the command draws (get nodes, get pods);
 *   <li>{@link WithDot}: also {@code dot}, a Graphviz picture (get networking);
 *   <li>{@link SpecOnly}: yaml or json, no table (create cluster --dry-run prints a spec).
 * </ul>
 *
 * A format the command does not take is a usage error (exit 2) listing the ones it does.
 */
abstract sealed class OutputOption
    permits OutputOption.Standard,
        OutputOption.WithWide,
        OutputOption.WithDot,
        OutputOption.SpecOnly {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** The value as given, or null without {@code -o}. */
  abstract String text();

  /** Whether {@code -o} was given at all. */
  final boolean given() {
    return text() != null;
  }

  /**
   * The format asked for: TABLE without {@code -o} (or for wide and dot, which the command draws
   * itself).
   */
  abstract OutputFormat format();

  /** table (default), yaml or json. */
  static final class Standard extends OutputOption {
    static final String DESCRIPTION = "table (default), yaml or json.";

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        completionCandidates = OutputFormat.Candidates.class,
        description = DESCRIPTION)
    String text;

    @Override
    String text() {
      return text;
    }

    @Override
    OutputFormat format() {
      return OutputFormat.parse(mixee.commandLine(), text, true);
    }
  }

  /** table (default), wide, yaml or json. */
  static final class WithWide extends OutputOption {
    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        completionCandidates = WideCandidates.class,
        description = "table (default), wide, yaml or json.")
    String text;

    @Override
    String text() {
      return text;
    }

    /** Whether the wider table was asked for. */
    boolean wide() {
      return "wide".equalsIgnoreCase(text);
    }

    @Override
    OutputFormat format() {
      return OutputFormat.parseWithWide(mixee.commandLine(), text);
    }
  }

  /** table (default), yaml, json or dot. */
  static final class WithDot extends OutputOption {
    static final String DESCRIPTION =
        "table (default), yaml, json, or dot (a Graphviz picture of the network).";

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        completionCandidates = DotCandidates.class,
        description = DESCRIPTION)
    String text;

    @Override
    String text() {
      return text;
    }

    /** Whether the Graphviz picture was asked for. */
    boolean dot() {
      return "dot".equalsIgnoreCase(text);
    }

    @Override
    OutputFormat format() {
      if (text != null
          && !dot()
          && !List.of("table", "yaml", "json", "").contains(text.toLowerCase(Locale.ROOT))) {
        throw new picocli.CommandLine.ParameterException(
            mixee.commandLine(),
            "unknown output format \""
                + text
                + "\"; use table, yaml, json or dot (a Graphviz graph: get networking NAME -o dot | dot -Tpng > net.png)");
      }
      return OutputFormat.parse(mixee.commandLine(), dot() ? null : text, true);
    }
  }

  /** yaml or json: the command prints a spec, never a table. */
  static final class SpecOnly extends OutputOption {
    @Option(
        names = {"-o", "--output"},
        paramLabel = "yaml|json",
        completionCandidates = SpecCandidates.class,
        description = "Output format for --dry-run.")
    String text;

    @Override
    String text() {
      return text;
    }

    @Override
    OutputFormat format() {
      return OutputFormat.parse(mixee.commandLine(), text, false);
    }
  }

  static final class WideCandidates implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of("table", "wide", "yaml", "json").iterator();
    }
  }

  static final class DotCandidates implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of("table", "yaml", "json", "dot").iterator();
    }
  }

  static final class SpecCandidates implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of("yaml", "json").iterator();
    }
  }
}
