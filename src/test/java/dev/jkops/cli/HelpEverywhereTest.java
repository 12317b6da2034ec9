package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --help}, {@code -h} and {@code jkops help VERB...} on every command of the tree, as kops
 * users type them: exit 0 and the command's usage on stdout, even where the command's required
 * options are missing. Each run builds the tree as {@code jkops} does at start-up (only the verb
 * named).
 */
class HelpEverywhereTest {
  @TempDir Path dir;

  /**
   * Every command of the full tree as the words that name it, e.g. [create, cluster]; the root is
   * [].
   */
  static List<List<String>> everyCommand() {
    CommandLine root =
        Main.commandLine(
            new PrintWriter(Writer.nullWriter()),
            new PrintWriter(Writer.nullWriter()),
            java.util.Map.of());
    List<List<String>> all = new ArrayList<>();
    walk(root, List.of(), all);
    return all;
  }

  private static void walk(CommandLine command, List<String> path, List<List<String>> all) {
    all.add(path);
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals(sub.getCommandName())) { // aliases name the same command again
                List<String> next = new ArrayList<>(path);
                next.add(name);
                walk(sub, next, all);
              }
            });
  }

  @Test
  void theWalkFindsNestedCommands() {
    assertThat(everyCommand())
        .contains(
            List.of("create", "cluster"),
            List.of("update", "cluster"),
            List.of("get", "nodes"),
            List.of("rolling-update", "cluster"),
            List.of("help"))
        .hasSizeGreaterThan(30);
  }

  @Test
  void everyCommandPrintsItsUsageForHelpDashHAndHelpVerb() {
    Cli cli = new Cli(dir, "file://" + dir.resolve("state"));
    SoftAssertions soft = new SoftAssertions();
    for (List<String> path : everyCommand()) {
      String usage = "Usage: " + String.join(" ", prepend("jkops", path));
      List<List<String>> asked =
          List.of(append(path, "--help"), append(path, "-h"), prepend("help", path));
      for (List<String> args : asked) {
        Cli.Result r = cli.run(args.toArray(String[]::new));
        soft.assertThat(r.code()).as("jkops " + String.join(" ", args) + ": " + r).isZero();
        soft.assertThat(r.out()).as("jkops " + String.join(" ", args)).startsWith(usage + " ");
        soft.assertThat(r.err()).as("jkops " + String.join(" ", args)).isEmpty();
      }
    }
    soft.assertAll();
  }

  @Test
  void helpComesFirstEvenWhenRequiredOptionsOrNamesAreMissing() {
    Cli cli = new Cli(dir, "file://" + dir.resolve("state"));
    for (String[] args :
        List.of(
            new String[] {"create", "cluster", "--help"},
            new String[] {"update", "cluster", "--help"},
            new String[] {"apply", "-h"},
            new String[] {"restore", "cluster", "--help"},
            new String[] {"delete", "cluster", "-h"})) {
      Cli.Result r = cli.run(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r).isZero();
      assertThat(r.out()).contains("Usage: jkops");
    }
    assertThat(dir.resolve("state")).as("help writes nothing").doesNotExist();
  }

  @Test
  void helpOfAnUnknownCommandIsAUsageErrorNamingIt() {
    Cli cli = new Cli(dir, "file://" + dir.resolve("state"));
    Cli.Result r = cli.run("help", "create", "clusterz");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "unknown command 'jkops create clusterz'; 'jkops create --help' lists the commands");
  }

  private static List<String> append(List<String> path, String word) {
    List<String> out = new ArrayList<>(path);
    out.add(word);
    return out;
  }

  private static List<String> prepend(String word, List<String> path) {
    List<String> out = new ArrayList<>();
    out.add(word);
    out.addAll(path);
    return out;
  }
}
