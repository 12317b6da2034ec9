package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code jkops get clusters}, {@code jkops get networking} and {@code jkops update cluster} start
 * on models built by hand (HandBuiltModels), and behave exactly as the models picocli reads from
 * the annotations: the same options and parameters at every level, the same usage help, and the
 * same output and exit code for every command line of a corpus, errors included.
 */
class HandBuiltModelsTest {

  private static final PrintWriter NOWHERE = new PrintWriter(Writer.nullWriter());

  @Test
  void theCommandsUsersStartMostAreBuiltByHand() {
    for (String[] args :
        List.of(
            new String[] {"get", "clusters"},
            new String[] {"--state", "s", "get", "cluster", "-o", "yaml"},
            new String[] {"get", "networking", "c.example.com"},
            new String[] {"get", "net", "--state=s", "c.example.com"},
            new String[] {"update", "cluster", "c.example.com", "--yes"},
            new String[] {"--state", "s", "update", "cluster", "--name", "c.example.com"},
            new String[] {"update"})) {
      CommandLine cl = Main.commandLine(NOWHERE, NOWHERE, Map.of(), args);
      assertThat(cl.getCommandSpec().userObject()).isInstanceOf(Main.class);
      assertThat(isHandBuilt(cl)).as(String.join(" ", args)).isTrue();
    }
    // everything else, `get`'s other kinds and get's own help included, comes from the annotations
    for (String[] args :
        List.of(
            new String[] {"get"},
            new String[] {"get", "-h", "clusters"},
            new String[] {"get", "instancegroups"},
            new String[] {"--help"},
            new String[] {"version", "--state", "s"})) {
      assertThat(isHandBuilt(Main.commandLine(NOWHERE, NOWHERE, Map.of(), args)))
          .as(String.join(" ", args))
          .isFalse();
    }
  }

  /**
   * picocli keeps the annotated field of an option it read from an annotation; a hand-built one has
   * none.
   */
  private static boolean isHandBuilt(CommandLine cl) {
    return cl.getCommandSpec().findOption("--state").userObject() == null;
  }

  @Test
  void everyLevelHasTheOptionsParametersAndHelpOfTheAnnotations() {
    for (String[] args :
        List.of(
            new String[] {"get", "clusters"},
            new String[] {"get", "networking", "c.example.com"},
            new String[] {"update", "cluster", "c.example.com", "--yes"})) {
      CommandLine hand = Main.commandLine(NOWHERE, NOWHERE, Map.of(), args);
      CommandLine annotated = Main.commandLineFromAnnotations(NOWHERE, NOWHERE, Map.of(), args);
      assertThat(isHandBuilt(hand)).isTrue();
      assertThat(isHandBuilt(annotated)).isFalse();
      CommandLine handGet = hand.getSubcommands().get(args[0]);
      CommandLine annotatedGet = annotated.getSubcommands().get(args[0]);
      CommandLine handKind = handGet.getSubcommands().get(args[1]);
      CommandLine annotatedKind = annotatedGet.getSubcommands().get(args[1]);
      assertThat(handGet.getSubcommands().keySet())
          .isEqualTo(annotatedGet.getSubcommands().keySet());
      for (CommandLine[] level :
          List.of(
              new CommandLine[] {hand, annotated},
              new CommandLine[] {handGet, annotatedGet},
              new CommandLine[] {handKind, annotatedKind})) {
        assertThat(describe(level[0].getCommandSpec()))
            .as(String.join(" ", args))
            .isEqualTo(describe(level[1].getCommandSpec()));
        assertThat(level[0].getUsageMessage(CommandLine.Help.Ansi.OFF))
            .isEqualTo(level[1].getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertThat(level[0].getUsageMessage(CommandLine.Help.Ansi.ON))
            .isEqualTo(level[1].getUsageMessage(CommandLine.Help.Ansi.ON));
      }
    }
  }

  /**
   * Main.main turns off picocli's converters for java.sql and java.time types (their registration
   * loaded 83 JDK classes per start): no option or parameter anywhere in jkops may be of such a
   * type, else it would no longer convert.
   */
  @Test
  void noOptionNeedsTheConvertersMainTurnsOff() {
    List<String> offending = new ArrayList<>();
    List<CommandLine> todo = new ArrayList<>(List.of(Main.commandLine(NOWHERE, NOWHERE, Map.of())));
    int seen = 0;
    while (!todo.isEmpty()) {
      CommandLine cl = todo.remove(todo.size() - 1);
      todo.addAll(cl.getSubcommands().values());
      for (ArgSpec a : cl.getCommandSpec().args()) {
        seen++;
        List<Class<?>> types = new ArrayList<>(List.of(a.auxiliaryTypes()));
        types.add(a.type());
        for (Class<?> t : types) {
          for (String regex : Main.CONVERTERS_NOT_NEEDED.split(",")) {
            if (t.getName().matches(regex)) {
              offending.add(cl.getCommandSpec().qualifiedName() + " " + a + ": " + t.getName());
            }
          }
        }
      }
    }
    assertThat(seen).isGreaterThan(50);
    assertThat(offending).isEmpty();
    // and the regular expressions do match what they should
    assertThat("java.time.Duration".matches(Main.CONVERTERS_NOT_NEEDED.split(",")[1])).isTrue();
    assertThat("java.nio.file.Path".matches(Main.CONVERTERS_NOT_NEEDED.split(",")[0])).isFalse();
  }

  /** Everything about a command picocli parses or prints by, one line each. */
  private static List<String> describe(CommandSpec spec) {
    List<String> lines = new ArrayList<>();
    lines.add("name " + spec.name() + " aliases " + Arrays.toString(spec.aliases()));
    lines.add("qualified " + spec.qualifiedName());
    lines.add("mixins " + new java.util.TreeSet<>(spec.mixins().keySet()));
    lines.add("mixinStandardHelpOptions " + spec.mixinStandardHelpOptions());
    lines.add("description " + Arrays.toString(spec.usageMessage().description()));
    lines.add(
        "version "
            + (spec.versionProvider() == null ? "none" : spec.versionProvider().getClass())
            + " "
            + Arrays.toString(spec.version()));
    lines.add(
        "exit codes "
            + List.of(
                spec.exitCodeOnSuccess(),
                spec.exitCodeOnUsageHelp(),
                spec.exitCodeOnVersionHelp(),
                spec.exitCodeOnInvalidInput(),
                spec.exitCodeOnExecutionException()));
    lines.add("scope " + spec.scopeType() + " inherited " + spec.inherited());
    lines.add("separator " + spec.parser().separator());
    lines.add("subcommands " + spec.subcommands().keySet());
    List<OptionSpec> options = new ArrayList<>(spec.options());
    options.sort(Comparator.comparing(OptionSpec::longestName));
    for (OptionSpec o : options) {
      lines.add(
          "option "
              + Arrays.toString(o.names())
              + " usageHelp "
              + o.usageHelp()
              + " versionHelp "
              + o.versionHelp()
              + " descriptionKey "
              + o.descriptionKey()
              + " negatable "
              + o.negatable()
              + " order "
              + o.order()
              + " "
              + common(o));
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      lines.add("positional index " + p.index() + " " + common(p));
    }
    return lines;
  }

  private static String common(ArgSpec a) {
    Function<Iterable<String>, String> list =
        i -> {
          if (i == null) {
            return "null";
          }
          List<String> l = new ArrayList<>();
          i.forEach(l::add);
          return l.toString();
        };
    return "label "
        + a.paramLabel()
        + " arity "
        + a.arity()
        + " type "
        + a.type()
        + " aux "
        + Arrays.toString(a.auxiliaryTypes())
        + " multi "
        + a.isMultiValue()
        + " required "
        + a.required()
        + " description "
        + Arrays.toString(a.description())
        + " default "
        + a.defaultValue()
        + " showDefault "
        + a.showDefaultValue()
        + " split "
        + a.splitRegex()
        + " hidden "
        + a.hidden()
        + " scope "
        + a.scopeType()
        + " inherited "
        + a.inherited()
        + " interactive "
        + a.interactive()
        + " hideParamSyntax "
        + a.hideParamSyntax()
        + " candidates "
        + list.apply(a.completionCandidates())
        + " hasInitialValue "
        + a.hasInitialValue()
        + " initial "
        + a.initialValue()
        + " toString "
        + a;
  }

  @Test
  void aCorpusOfCommandLinesPrintsTheSameAndExitsTheSame(@TempDir Path dir) {
    String state = "file://" + dir.resolve("store");
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("KOPS_STATE_STORE", state);
    for (String c : List.of("alpha.example.com", "beta.example.com")) {
      String[] create = {"create", "cluster", c, "--zones", "zone-a,zone-b", "--node-count", "2"};
      assertThat(run(env, create, true).code()).isZero();
    }
    List<String[]> corpus =
        List.of(
            new String[] {"get", "clusters"},
            new String[] {"get", "cluster"},
            new String[] {"get", "clusters", "beta.example.com"},
            new String[] {"get", "clusters", "beta.example.com", "alpha.example.com"},
            new String[] {"get", "clusters", "-o", "yaml"},
            new String[] {"get", "clusters", "-ojson"},
            new String[] {"get", "clusters", "--output=json", "alpha.example.com"},
            new String[] {"get", "clusters", "-o", "TABLE"},
            new String[] {"get", "clusters", "-o", "xml"},
            new String[] {"get", "clusters", "-o"},
            new String[] {"get", "clusters", "-o", "yaml", "-o", "json"},
            new String[] {"get", "clusters", "--bogus"},
            new String[] {"get", "clusters", "-V"},
            new String[] {"get", "clusters", "--name", "x"},
            new String[] {"get", "clusters", "missing.example.com"},
            new String[] {"get", "clusters", "Not_A_Name"},
            new String[] {"get", "clusters", "-h"},
            new String[] {"get", "clusters", "--help"},
            new String[] {"get", "cluster", "--help", "--bogus"},
            new String[] {"--state", state, "get", "clusters"},
            new String[] {"--state=" + state, "get", "clusters"},
            new String[] {"get", "clusters", "--state", state},
            new String[] {"get", "clusters", "--state"},
            new String[] {"--state", dir.resolve("empty").toString(), "get", "clusters"},
            new String[] {"get", "clusters", "--", "-o"},
            new String[] {"get", "networking", "alpha.example.com"},
            new String[] {"get", "net", "alpha.example.com", "-o", "yaml"},
            new String[] {"get", "network", "--name", "beta.example.com", "-o", "json"},
            new String[] {"get", "networking", "--name=alpha.example.com", "alpha.example.com"},
            new String[] {"get", "networking"},
            new String[] {"get", "networking", "--name", "a.example.com", "b.example.com"},
            new String[] {"get", "networking", "alpha.example.com", "beta.example.com"},
            new String[] {"get", "networking", "alpha.example.com", "-o", "wide"},
            new String[] {"get", "networking", "missing.example.com"},
            new String[] {"get", "networking", "--nmae", "alpha.example.com"},
            new String[] {"get", "networking", "-h"},
            new String[] {"get", "net", "--state", state, "alpha.example.com", "-o", "yaml"},
            new String[] {"update"},
            new String[] {"update", "-h"},
            new String[] {"update", "cluster", "--help"},
            new String[] {"update", "cluster"},
            new String[] {"update", "cluster", "missing.example.com"},
            new String[] {"update", "cluster", "missing.example.com", "--yes"},
            new String[] {"update", "cluster", "--name", "a.example.com", "b.example.com"},
            new String[] {"update", "cluster", "alpha.example.com", "beta.example.com"},
            new String[] {"update", "cluster", "alpha.example.com", "--target", "bogus"},
            new String[] {"update", "cluster", "alpha.example.com", "--target", "terraform"},
            new String[] {"update", "cluster", "alpha.example.com", "-y", "--target=terraform"},
            new String[] {"update", "cluster", "alpha.example.com", "--out"},
            new String[] {"update", "cluster", "alpha.example.com", "--yes=maybe"},
            new String[] {"update", "cluster", "--bogus", "alpha.example.com"},
            new String[] {"update", "clusters", "alpha.example.com"},
            new String[] {"--state", state, "update", "cluster", "--name=missing.example.com"});
    for (String[] args : corpus) {
      Cli.Result hand = run(env, args, true);
      Cli.Result annotated = run(env, args, false);
      assertThat(hand).as(String.join(" ", args)).isEqualTo(annotated);
    }
    // and the environment's cluster name, as --name
    Map<String, String> named = new HashMap<>(env);
    named.put(ClusterNameOption.ENV, "beta.example.com");
    String[] args = {"get", "networking"};
    Cli.Result hand = run(named, args, true);
    assertThat(hand.code()).as(hand.toString()).isZero();
    assertThat(hand).isEqualTo(run(named, args, false));
  }

  @Test
  void getClustersWithoutPicocliPrintsWhatPicocliPrintsOrLeavesTheCommandToIt(@TempDir Path dir)
      throws Exception {
    String state = "file://" + dir.resolve("store");
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("KOPS_STATE_STORE", state);
    String[] emptyStore = {"--state", dir.resolve("empty").toString(), "get", "clusters"};
    Cli.Result none = runFast(env, emptyStore);
    assertThat(none.err()).startsWith("No clusters found in state store");
    assertThat(none).isEqualTo(run(env, emptyStore, true));
    for (String c : List.of("alpha.example.com", "beta.example.com")) {
      String[] create = {"create", "cluster", c, "--zones", "zone-a,zone-b", "--node-count", "2"};
      assertThat(run(env, create, true).code()).isZero();
    }
    // a field jkops does not model: the warning comes the same way
    Path config = dir.resolve("store/beta.example.com/config");
    Files.writeString(config, Files.readString(config).replace("spec:\n", "spec:\n  fancy: 1\n"));
    List<String[]> taken =
        List.of(
            new String[] {"get", "clusters"},
            new String[] {"get", "cluster"},
            new String[] {"get", "clusters", "beta.example.com"},
            new String[] {"get", "clusters", "beta.example.com", "alpha.example.com"},
            new String[] {"get", "clusters", "alpha.example.com", "alpha.example.com"},
            new String[] {"get", "clusters", "-o", "yaml"},
            new String[] {"get", "clusters", "-o", "json", "alpha.example.com"},
            new String[] {"get", "clusters", "--output", "table"},
            new String[] {"get", "clusters", "--output=json"},
            new String[] {"--state", state, "get", "clusters"},
            new String[] {"--state=" + state, "get", "clusters"},
            new String[] {"get", "clusters", "--state", state, "-o", "yaml"},
            new String[] {"get", "--state", state, "clusters"});
    for (String[] args : taken) {
      Cli.Result fast = runFast(env, args);
      assertThat(fast).as(String.join(" ", args)).isNotNull();
      assertThat(fast.code()).as(String.join(" ", args)).isZero();
      assertThat(fast).as(String.join(" ", args)).isEqualTo(run(env, args, true));
    }
    assertThat(runFast(env, new String[] {"get", "clusters"}).err())
        .contains("jkops keeps but does not use: spec.fancy");
    List<String[]> left =
        List.of(
            new String[] {"get"},
            new String[] {"get", "networking", "alpha.example.com"},
            new String[] {"version"},
            new String[] {"get", "clusters", "-o", "TABLE"},
            new String[] {"get", "clusters", "-ojson"},
            new String[] {"get", "clusters", "-o=json"},
            new String[] {"get", "clusters", "-o", "xml"},
            new String[] {"get", "clusters", "-o"},
            new String[] {"get", "clusters", "-o", "yaml", "-o", "json"},
            new String[] {"get", "-o", "yaml", "clusters"},
            new String[] {"get", "clusters", "--bogus"},
            new String[] {"get", "clusters", "-h"},
            new String[] {"get", "clusters", "--", "alpha.example.com"},
            new String[] {"get", "clusters", "@args"},
            new String[] {"get", "clusters", ""},
            new String[] {"get", "clusters", "missing.example.com"},
            new String[] {"get", "clusters", "Not_A_Name"},
            new String[] {"get", "clusters", "--state"},
            new String[] {"get", "clusters", "--state="},
            new String[] {"--state", "get", "get", "clusters"},
            new String[] {"--state", state, "--state", state, "get", "clusters"},
            new String[] {"--state", "ftp://x", "get", "clusters"});
    for (String[] args : left) {
      assertThat(runFast(env, args)).as(String.join(" ", args)).isNull();
    }
  }

  @Test
  void getNetworkingWithoutPicocliPrintsWhatPicocliPrintsOrLeavesTheCommandToIt(@TempDir Path dir) {
    String state = "file://" + dir.resolve("store");
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("KOPS_STATE_STORE", state);
    String[][] creates = {
      {"create", "cluster", "alpha.example.com", "--zones", "zone-a,zone-b", "--node-count", "2"},
      {
        "create",
        "cluster",
        "beta.example.com",
        "--zones",
        "us-east-1a",
        "--cloud",
        "aws",
        "--networking",
        "calico"
      }
    };
    for (String[] create : creates) {
      assertThat(run(env, create, true).code()).as(String.join(" ", create)).isZero();
    }
    List<String[]> taken =
        List.of(
            new String[] {"get", "networking", "alpha.example.com"},
            new String[] {"get", "network", "beta.example.com"},
            new String[] {"get", "net", "alpha.example.com", "-o", "yaml"},
            new String[] {"get", "networking", "beta.example.com", "-o", "json"},
            new String[] {"get", "networking", "alpha.example.com", "--output=table"},
            new String[] {"--state", state, "get", "networking", "beta.example.com"},
            new String[] {"get", "networking", "--state", state, "alpha.example.com"});
    for (String[] args : taken) {
      Cli.Result fast = runFast(GetNetworkingCommand::fast, env, args);
      assertThat(fast).as(String.join(" ", args)).isNotNull();
      assertThat(fast.code()).as(String.join(" ", args)).isZero();
      assertThat(fast).as(String.join(" ", args)).isEqualTo(run(env, args, true));
    }
    Map<String, String> named = new HashMap<>(env);
    named.put("KOPS_CLUSTER_NAME", "alpha.example.com");
    List<String[]> left =
        List.of(
            new String[] {"get", "networking"},
            new String[] {"get", "networking", "alpha.example.com", "beta.example.com"},
            new String[] {"get", "networking", "--name", "alpha.example.com"},
            new String[] {"get", "networking", "alpha.example.com", "-o", "dot"},
            new String[] {"get", "networking", "alpha.example.com", "-o", "wide"},
            new String[] {"get", "networking", "missing.example.com"},
            new String[] {"get", "networking", "alpha.example.com", "-h"},
            new String[] {"get", "clusters"},
            new String[] {"get", "networking", "networking"});
    for (String[] args : left) {
      assertThat(runFast(GetNetworkingCommand::fast, named, args))
          .as(String.join(" ", args))
          .isNull();
    }
  }

  /** The signature of a kind's fast path ({@link FastGet}). */
  private interface FastPath {
    Integer run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err);
  }

  /** {@link GetClustersCommand#fast}'s result, or null when it leaves the command to picocli. */
  private static Cli.Result runFast(Map<String, String> env, String[] args) {
    return runFast(GetClustersCommand::fast, env, args);
  }

  /** A fast path's result, or null when it leaves the command to picocli. */
  private static Cli.Result runFast(FastPath path, Map<String, String> env, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    Integer code = path.run(args, env, o, e);
    if (code == null) {
      assertThat(out.toString() + err).as("printed before leaving it to picocli").isEmpty();
      return null;
    }
    return new Cli.Result(code, out.toString(), err.toString());
  }

  private static Cli.Result run(Map<String, String> env, String[] args, boolean handBuilt) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    CommandLine cl =
        handBuilt
            ? Main.commandLine(o, e, env, args)
            : Main.commandLineFromAnnotations(o, e, env, args);
    int code = cl.execute(args);
    o.flush();
    e.flush();
    return new Cli.Result(code, out.toString(), err.toString());
  }
}
