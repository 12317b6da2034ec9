package dev.jkops.docs;

import dev.jkops.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the commands of {@link ConsoleExamples} as a user would type them, in one working directory
 * with one environment (a private HOME, so the default state store is private too).
 *
 * <p>A command whose first word (after {@code NAME=value} assignments) is {@code jkops} or {@code
 * ./jkops} runs in-process through {@link Main#commandLine}, with stdout and stderr written in the
 * order the command writes them, as a terminal shows them. Such a command may end with {@code >
 * FILE} or {@code | COMMAND...} (the rest goes to bash with jkops' stdout as its input). Relative
 * paths after {@code -f}, {@code --filename} and {@code --out} are taken from the working
 * directory. {@code export NAME=value} sets a variable for the commands after it. Every other
 * command runs with {@code bash -c} in the working directory, its stdout and stderr merged.
 */
final class ExampleRunner {
  record Result(int exitCode, String output) {}

  static final Set<String> JKOPS = Set.of("jkops", "./jkops");
  static final Set<String> PATH_FLAGS = Set.of("-f", "--filename", "--out");
  static final long BASH_TIMEOUT_SECONDS = 300;

  private final Path work;
  private final Map<String, String> env;

  ExampleRunner(Path work, Map<String, String> env) {
    this.work = work;
    this.env = new HashMap<>(env);
  }

  Map<String, String> env() {
    return env;
  }

  Result run(String command) throws IOException, InterruptedException {
    String joined = command.replace("\\\n", " ");
    List<Word> words = Words.split(joined, env);
    int first = 0;
    Map<String, String> assignments = new HashMap<>();
    // NAME=value before the command (the value may be quoted: the name never is).
    while (first < words.size()
        && joined.substring(words.get(first).offset()).matches("(?s)[A-Za-z_][A-Za-z0-9_]*=.*")) {
      String w = words.get(first).text();
      assignments.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
      first++;
    }
    if (first < words.size() && !joined.contains("\n") && JKOPS.contains(words.get(first).text())) {
      return jkops(words.subList(first + 1, words.size()), assignments, joined);
    }
    if (!words.isEmpty()
        && words.get(0).text().equals("export")
        && words.size() == 2
        && words.get(1).text().contains("=")) {
      String w = words.get(1).text();
      env.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
      return new Result(0, "");
    }
    return bash(command, Optional.empty());
  }

  private Result jkops(List<Word> words, Map<String, String> assignments, String whole)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    Optional<Path> redirect = Optional.empty();
    Optional<String> pipe = Optional.empty();
    for (int i = 0; i < words.size(); i++) {
      Word w = words.get(i);
      if (!w.quoted() && w.text().equals(">") && i + 1 < words.size()) {
        redirect = Optional.of(work.resolve(words.get(i + 1).text()));
        if (i + 2 != words.size()) {
          throw new IllegalArgumentException(
              "only '> FILE' may follow a jkops command's redirection: " + whole);
        }
        break;
      }
      if (!w.quoted() && w.text().equals("|")) {
        pipe = Optional.of(whole.substring(whole.indexOf('|', w.offset()) + 1).strip());
        break;
      }
      if (!w.quoted() && Set.of(";", "&&", "||", "<", "2>").contains(w.text())) {
        throw new IllegalArgumentException(
            "a jkops example command may end with '> FILE' or '| COMMAND', nothing"
                + " else: "
                + whole);
      }
      String a = w.text();
      if (i > 0
          && PATH_FLAGS.contains(words.get(i - 1).text())
          && !a.isEmpty()
          && !Path.of(a).isAbsolute()
          && !a.equals("-")) {
        a = work.resolve(a).toString();
      }
      args.add(a);
    }
    Map<String, String> commandEnv = new HashMap<>(env);
    commandEnv.putAll(assignments);
    StringWriter console = new StringWriter();
    PrintWriter consoleWriter = new PrintWriter(console, true);
    int code;
    if (redirect.isEmpty() && pipe.isEmpty()) {
      code =
          Main.commandLine(consoleWriter, consoleWriter, commandEnv)
              .execute(args.toArray(String[]::new));
      consoleWriter.flush();
      return new Result(code, console.toString());
    }
    StringWriter stdout = new StringWriter();
    PrintWriter out = new PrintWriter(stdout, true);
    code = Main.commandLine(out, consoleWriter, commandEnv).execute(args.toArray(String[]::new));
    out.flush();
    consoleWriter.flush();
    if (redirect.isPresent()) {
      Files.writeString(redirect.get(), stdout.toString());
      return new Result(code, console.toString());
    }
    Result piped = bash(pipe.get(), Optional.of(stdout.toString()));
    return new Result(code != 0 ? code : piped.exitCode(), console + piped.output());
  }

  Result bash(String command, Optional<String> stdin) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", command)
            .directory(work.toFile())
            .redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    if (stdin.isPresent()) {
      p.getOutputStream().write(stdin.get().getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(BASH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(124, output + "\n(timed out after " + BASH_TIMEOUT_SECONDS + "s)");
    }
    return new Result(p.exitValue(), output);
  }

  /**
   * A word of a command line: its text after quotes and variables, whether any of it was quoted,
   * where it starts.
   */
  record Word(String text, boolean quoted, int offset) {}

  /**
   * Shell-style word splitting: quotes, backslashes, $NAME and ${NAME}, ~ at a word's start; | and
   * > are words.
   */
  static final class Words {
    private Words() {}

    static List<Word> split(String line, Map<String, String> env) {
      List<Word> out = new ArrayList<>();
      StringBuilder cur = null;
      boolean quoted = false;
      int start = 0;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (Character.isWhitespace(c)) {
          if (cur != null) {
            out.add(new Word(cur.toString(), quoted, start));
            cur = null;
          }
          continue;
        }
        if (cur == null) {
          cur = new StringBuilder();
          quoted = false;
          start = i;
          if (c == '|' || c == '>' || c == ';') {
            out.add(new Word(String.valueOf(c), false, i));
            cur = null;
            continue;
          }
          if (c == '~' && (i + 1 == line.length() || line.charAt(i + 1) == '/')) {
            cur.append(env.getOrDefault("HOME", "~"));
            continue;
          }
        }
        if (c == '\'') {
          int end = line.indexOf('\'', i + 1);
          if (end < 0) {
            throw new IllegalArgumentException("unterminated ' in: " + line);
          }
          cur.append(line, i + 1, end);
          quoted = true;
          i = end;
        } else if (c == '"') {
          quoted = true;
          int j = i + 1;
          for (; j < line.length() && line.charAt(j) != '"'; j++) {
            char d = line.charAt(j);
            if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
              cur.append(line.charAt(++j));
            } else if (d == '$') {
              j = variable(line, j, env, cur);
            } else {
              cur.append(d);
            }
          }
          if (j >= line.length()) {
            throw new IllegalArgumentException("unterminated \" in: " + line);
          }
          i = j;
        } else if (c == '\\' && i + 1 < line.length()) {
          cur.append(line.charAt(++i));
        } else if (c == '$') {
          i = variable(line, i, env, cur);
        } else {
          cur.append(c);
        }
      }
      if (cur != null) {
        out.add(new Word(cur.toString(), quoted, start));
      }
      return out;
    }

    /** Expands the variable at {@code line[i] == '$'}; returns the index of its last character. */
    private static int variable(String line, int i, Map<String, String> env, StringBuilder cur) {
      int j = i + 1;
      if (j < line.length() && line.charAt(j) == '{') {
        int end = line.indexOf('}', j);
        cur.append(env.getOrDefault(line.substring(j + 1, end), ""));
        return end;
      }
      int k = j;
      while (k < line.length()
          && (Character.isLetterOrDigit(line.charAt(k)) || line.charAt(k) == '_')) {
        k++;
      }
      if (k == j) {
        cur.append('$');
        return i;
      }
      cur.append(env.getOrDefault(line.substring(j, k), ""));
      return k - 1;
    }
  }
}
