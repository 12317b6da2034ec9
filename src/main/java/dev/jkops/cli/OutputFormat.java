package dev.jkops.cli;

import dev.jkops.api.YamlCodec;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** {@code -o}: kops' output formats. */
enum OutputFormat {
  TABLE,
  YAML,
  JSON;

  static OutputFormat parse(CommandLine cl, String text, boolean tableAllowed) {
    String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "yaml" -> YAML;
      case "json" -> JSON;
      case "table", "" -> {
        if (!tableAllowed) {
          throw new CommandLine.ParameterException(cl, "-o must be yaml or json here");
        }
        yield TABLE;
      }
      default ->
          throw new CommandLine.ParameterException(
              cl,
              "unknown output format \""
                  + text
                  + "\"; use "
                  + (tableAllowed ? "table, yaml or json" : "yaml or json"));
    };
  }

  /**
   * For commands that also print {@code -o wide} (a wider table, which the caller draws): TABLE for
   * wide, and an error for an unknown format that lists every format the command takes.
   */
  static OutputFormat parseWithWide(CommandLine cl, String text) {
    if (text != null
        && !List.of("table", "wide", "yaml", "json", "").contains(text.toLowerCase(Locale.ROOT))) {
      throw new CommandLine.ParameterException(
          cl, "unknown output format \"" + text + "\"; use table, wide, yaml or json");
    }
    return "wide".equalsIgnoreCase(text) ? TABLE : parse(cl, text, true);
  }

  /** The objects as kops prints them: YAML documents separated by {@code ---}, or JSON. */
  String render(List<?> objects) {
    return switch (this) {
      case YAML -> {
        String y = YamlCodec.toYaml(objects);
        yield y.endsWith("\n") ? y : y + "\n";
      }
      case JSON -> YamlCodec.toJson(objects);
      case TABLE -> throw new IllegalStateException("tables are rendered by the command");
    };
  }

  /** Completion candidates for -o. */
  static final class Candidates implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of("table", "yaml", "json").iterator();
    }
  }
}
