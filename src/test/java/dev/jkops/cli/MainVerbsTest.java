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
  void aNamedGetKindIsTheOnlyOneBuiltUnderGet() {
    assertThat(Main.getKindsFor(new String[] {"get", "clusters"}))
        .containsExactly(GetClustersCommand.class);
    assertThat(Main.getKindsFor(new String[] {"--state", "s", "get", "--state=t", "net", "x"}))
        .containsExactly(GetNetworkingCommand.class);
    // get's own help, an unknown kind, and no kind at all list every kind
    assertThat(Main.getKindsFor(new String[] {"get", "-h", "clusters"}))
        .isEqualTo(GetCommand.SUBCOMMANDS);
    assertThat(Main.getKindsFor(new String[] {"get", "clusterz"}))
        .isEqualTo(GetCommand.SUBCOMMANDS);
    assertThat(Main.getKindsFor(new String[] {"get"})).isEqualTo(GetCommand.SUBCOMMANDS);
  }

  @Test
  void getAsTheUserRunsItStillNamesEveryKindWhenNoneIsGiven() {
    java.io.StringWriter err = new java.io.StringWriter();
    java.io.PrintWriter errWriter = new java.io.PrintWriter(err);
    java.io.PrintWriter out = new java.io.PrintWriter(java.io.Writer.nullWriter());
    String[] args = {"get"};
    int code = Main.commandLine(out, errWriter, java.util.Map.of(), args).execute(args);
    errWriter.flush();
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("say what to get: clusters, cluster, instancegroups")
        .contains("networking")
        .contains("namespaces, namespace, ns");
  }

  /**
   * {@code jkops version} as the user starts it (its own process, through {@code main}) prints the
   * line picocli's {@code version} command prints, without building the model; any other form of it
   * still goes through picocli.
   */
  @Test
  void versionAsAProcessPrintsWhatTheCommandPrints(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.io.StringWriter inProcess = new java.io.StringWriter();
    java.io.PrintWriter w = new java.io.PrintWriter(inProcess);
    String[] args = {"version"};
    assertThat(Main.commandLine(w, w, java.util.Map.of(), args).execute(args)).isZero();
    w.flush();
    JkopsProcess jkops = new JkopsProcess(java.util.Map.of(), dir.resolve("logs"));
    JkopsProcess.Result plain = jkops.run(null, "version");
    assertThat(plain.code()).as(plain.toString()).isZero();
    assertThat(plain.out()).isEqualTo(inProcess.toString()).startsWith("Client version: ");
    assertThat(plain.err()).isEmpty();
    JkopsProcess.Result viaPicocli = jkops.run(null, "--state", dir.toString(), "version");
    assertThat(viaPicocli.out()).isEqualTo(plain.out());
    JkopsProcess.Result extra = jkops.run(null, "version", "extra");
    assertThat(extra.code()).as(extra.toString()).isEqualTo(2);
    assertThat(extra.err()).contains("extra");
  }

  @Test
  void theGetKindTableAgreesWithEachKindsAnnotation() {
    java.util.Map<String, Class<?>> fromAnnotations = new java.util.HashMap<>();
    for (Class<?> kind : GetCommand.SUBCOMMANDS) {
      picocli.CommandLine.Command c = kind.getAnnotation(picocli.CommandLine.Command.class);
      fromAnnotations.put(c.name(), kind);
      for (String alias : c.aliases()) {
        fromAnnotations.put(alias, kind);
      }
    }
    assertThat(GetCommand.NAMES).isEqualTo(fromAnnotations);
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
