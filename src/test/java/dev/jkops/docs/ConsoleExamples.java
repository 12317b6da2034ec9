package dev.jkops.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The executed examples of a Markdown file. The convention (docs/networking.md, "How the examples
 * are checked"):
 *
 * <ul>
 *   <li>An HTML comment {@code <!-- example: ID -->} on the line before a code fence marks the
 *       block as an example; unmarked blocks are prose.
 *   <li>In a {@code console} block, a line starting {@code $ } is a command; lines starting {@code
 *       > } right after it continue it (a here-document's lines, or a line ended with a backslash);
 *       every other line, up to the next command, is the output it must print.
 *   <li>In any other marked block every line is a command whose output is not shown (a trailing
 *       {@code # comment} and blank lines are ignored); it only has to succeed.
 *   <li>A command must exit 0, unless its shown output ends with a line {@code [exit N]}.
 * </ul>
 *
 * {@link OutputPattern} says how shown output is compared.
 */
record ConsoleExamples(Path file, List<Example> examples) {

  /** One marked block. */
  record Example(String id, Path file, int line, List<Step> steps) {
    String where() {
      return file.getFileName() + ":" + line + " (example " + id + ")";
    }
  }

  /**
   * One command: its text (continuation lines joined with newlines), the line it is on, the output
   * shown for it, whether that output is checked, and the exit code it must end with.
   */
  record Step(String command, int line, List<String> expected, boolean checked, int exitCode) {}

  static final Pattern MARKER =
      Pattern.compile("^\\s*<!--\\s*example:\\s*([A-Za-z0-9_.-]+)\\s*-->\\s*$");
  static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([A-Za-z0-9_-]*)\\s*$");
  static final Pattern EXIT = Pattern.compile("^\\[exit (\\d+)]$");

  static ConsoleExamples read(Path file) throws IOException {
    return parse(file, Files.readAllLines(file));
  }

  static ConsoleExamples parse(Path file, List<String> lines) {
    List<Example> out = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MARKER.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      String id = m.group(1);
      if (ids.contains(id)) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": example id " + id + " is used twice");
      }
      ids.add(id);
      Matcher fence = i + 1 < lines.size() ? FENCE.matcher(lines.get(i + 1)) : null;
      if (fence == null || !fence.matches()) {
        throw new IllegalArgumentException(
            file
                + ":"
                + (i + 1)
                + ": the marker of example "
                + id
                + " must be followed directly by a code fence (```console)");
      }
      int end = i + 2;
      while (end < lines.size() && !FENCE.matcher(lines.get(end)).matches()) {
        end++;
      }
      if (end >= lines.size()) {
        throw new IllegalArgumentException(
            file + ":" + (i + 2) + ": example " + id + "'s code block never ends");
      }
      List<String> body = lines.subList(i + 2, end);
      List<Step> steps =
          fence.group(1).equals("console") ? console(file, id, i + 3, body) : plain(i + 3, body);
      if (steps.isEmpty()) {
        throw new IllegalArgumentException(
            file
                + ":"
                + (i + 1)
                + ": example "
                + id
                + " has no command"
                + " (console blocks need lines starting with \"$ \")");
      }
      out.add(new Example(id, file, i + 1, steps));
      i = end;
    }
    return new ConsoleExamples(file, out);
  }

  private static List<Step> console(Path file, String id, int firstLine, List<String> body) {
    List<Step> steps = new ArrayList<>();
    StringBuilder command = null;
    int commandLine = 0;
    List<String> expected = new ArrayList<>();
    boolean continuing = false;
    for (int k = 0; k < body.size(); k++) {
      String l = body.get(k);
      if (l.startsWith("$ ")) {
        if (command != null) {
          steps.add(step(command.toString(), commandLine, expected));
        }
        command = new StringBuilder(l.substring(2));
        commandLine = firstLine + k;
        expected = new ArrayList<>();
        continuing = true;
      } else if (continuing && (l.startsWith("> ") || l.equals(">"))) {
        command.append('\n').append(l.length() > 2 ? l.substring(2) : "");
      } else {
        if (command == null) {
          throw new IllegalArgumentException(
              file
                  + ":"
                  + (firstLine + k)
                  + ": example "
                  + id
                  + " shows output before its first command");
        }
        continuing = false;
        expected.add(l);
      }
    }
    if (command != null) {
      steps.add(step(command.toString(), commandLine, expected));
    }
    return steps;
  }

  private static Step step(String command, int line, List<String> shown) {
    List<String> expected = new ArrayList<>(shown);
    while (!expected.isEmpty() && expected.get(expected.size() - 1).isBlank()) {
      expected.remove(expected.size() - 1);
    }
    int exit = 0;
    if (!expected.isEmpty()) {
      Matcher m = EXIT.matcher(expected.get(expected.size() - 1).strip());
      if (m.matches()) {
        exit = Integer.parseInt(m.group(1));
        expected.remove(expected.size() - 1);
      }
    }
    return new Step(command, line, List.copyOf(expected), !expected.isEmpty(), exit);
  }

  private static List<Step> plain(int firstLine, List<String> body) {
    List<Step> steps = new ArrayList<>();
    for (int k = 0; k < body.size(); k++) {
      String l = body.get(k);
      int hash = l.indexOf(" #");
      String command =
          (l.strip().startsWith("#") ? "" : hash >= 0 ? l.substring(0, hash) : l).strip();
      if (!command.isEmpty()) {
        steps.add(new Step(command, firstLine + k, List.of(), false, 0));
      }
    }
    return steps;
  }
}
