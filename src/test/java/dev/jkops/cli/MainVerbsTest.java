package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code jkops} builds only the verb a command line names (picocli's model of every command was
 * most of {@code jkops version}'s start-up), and the whole tree whenever it might be needed.
 */
class MainVerbsTest {

  @Test
  void aNamedVerbIsTheOnlyOneBuilt() {
    assertThat(Main.verbsFor(new String[] {"version"})).containsExactly(VersionCommand.class);
    assertThat(Main.verbsFor(new String[] {"get", "clusters"})).containsExactly(GetCommand.class);
    assertThat(Main.verbsFor(new String[] {"--state", "file:///tmp/s", "delete", "cluster", "x"}))
        .containsExactly(DeleteCommand.class);
    assertThat(Main.verbsFor(new String[] {"--state=file:///tmp/s", "update", "cluster"}))
        .containsExactly(UpdateCommand.class);
  }

  @Test
  void helpUnknownVerbsAndCompletionGetTheWholeTree() {
    assertThat(Main.verbsFor(new String[] {})).isEqualTo(Main.SUBCOMMANDS);
    assertThat(Main.verbsFor(new String[] {"--help"})).isEqualTo(Main.SUBCOMMANDS);
    assertThat(Main.verbsFor(new String[] {"--state", "version"}))
        .isEqualTo(Main.SUBCOMMANDS); // "version" is the store
    assertThat(Main.verbsFor(new String[] {"gett", "clusters"})).isEqualTo(Main.SUBCOMMANDS);
    assertThat(Main.verbsFor(new String[] {"completion", "bash"})).isEqualTo(Main.SUBCOMMANDS);
  }

  @Test
  void theFullTreeStillListsEveryVerb() {
    var names =
        Main.commandLine(
                new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()))
            .getSubcommands()
            .keySet();
    assertThat(names)
        .contains("version", "create", "get", "update", "validate", "delete", "completion", "logs");
    assertThat(names).hasSizeGreaterThanOrEqualTo(Main.SUBCOMMANDS.size());
  }

  @Test
  void theVerbTableAgreesWithEachVerbsAnnotation() {
    java.util.Map<String, Class<?>> fromAnnotations = new java.util.HashMap<>();
    for (Class<?> verb : Main.SUBCOMMANDS) {
      if (verb == CompletionCommand.class || verb == HelpCommand.class) {
        continue;
      }
      picocli.CommandLine.Command c = verb.getAnnotation(picocli.CommandLine.Command.class);
      fromAnnotations.put(c.name(), verb);
      for (String alias : c.aliases()) {
        fromAnnotations.put(alias, verb);
      }
    }
    assertThat(Main.VERB_NAMES).isEqualTo(fromAnnotations);
  }
}
