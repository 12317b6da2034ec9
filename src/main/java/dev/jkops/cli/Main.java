package dev.jkops.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jkops} command: kops' verbs, each a thin subcommand over the layers below. */
@Command(
    name = "jkops",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = Main.DESCRIPTION)
public final class Main implements Runnable {
  static final String DESCRIPTION = "jkops: kops' cluster networking, in Java.";
  static final String STATE_DESCRIPTION =
      "State store: file:///dir, a directory, or s3://bucket/prefix. "
          + "Default: $KOPS_STATE_STORE, else file://$HOME/.jkops/state.";

  /**
   * The verbs, in the order {@code jkops --help} lists them. Registered programmatically rather
   * than in {@code @Command(subcommands=...)} so that {@link #main} can build only the verb being
   * run: picocli reflects over every registered command when it builds the tree, which was most of
   * the start-up time of {@code jkops version} (see docs/benchmarks.md).
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          VersionCommand.class,
          CreateCommand.class,
          ReplaceCommand.class,
          GetCommand.class,
          EditCommand.class,
          DeleteCommand.class,
          CompletionCommand.class,
          ExecCommand.class,
          ApplyCommand.class,
          ValidateCommand.class,
          UpdateCommand.class,
          RollingUpdateCommand.class,
          DoctorCommand.class,
          LogsCommand.class,
          UnlockCommand.class,
          RestoreCommand.class,
          ExportCommand.class,
          HelpCommand.class);

  /**
   * Each verb's name (and aliases) as its {@code @Command} says, written out so that {@link
   * #verbsFor} finds the verb without reading the annotations of all sixteen: that parsed every
   * verb's annotation (and made its proxy) before picocli had started. MainVerbsTest proves this
   * table and the annotations agree. {@code completion} and {@code help} are left out on purpose:
   * they print the whole tree, or any verb of it.
   */
  static final Map<String, Class<?>> VERB_NAMES =
      Map.ofEntries(
          Map.entry("version", VersionCommand.class),
          Map.entry("create", CreateCommand.class),
          Map.entry("replace", ReplaceCommand.class),
          Map.entry("get", GetCommand.class),
          Map.entry("edit", EditCommand.class),
          Map.entry("delete", DeleteCommand.class),
          Map.entry("exec", ExecCommand.class),
          Map.entry("apply", ApplyCommand.class),
          Map.entry("validate", ValidateCommand.class),
          Map.entry("update", UpdateCommand.class),
          Map.entry("rolling-update", RollingUpdateCommand.class),
          Map.entry("doctor", DoctorCommand.class),
          Map.entry("logs", LogsCommand.class),
          Map.entry("unlock", UnlockCommand.class),
          Map.entry("restore", RestoreCommand.class),
          Map.entry("export", ExportCommand.class));

  /** picocli's built-in converters {@link #main} turns off (regular expressions, one per type). */
  static final String CONVERTERS_NOT_NEEDED = "java\\.sql\\..*,java\\.time\\..*";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Inherited by every subcommand, so it may come before or after the verbs, as in kops. */
  @CommandLine.Option(
      names = "--state",
      paramLabel = "URI",
      scope = CommandLine.ScopeType.INHERIT,
      description = STATE_DESCRIPTION)
  String state;

  private final Map<String, String> env;

  /**
   * State locks this jkops holds ("URI CLUSTER") and the stores that keep history under them
   * (StoreOptions).
   */
  private final java.util.Set<String> heldLocks = new java.util.HashSet<>();

  private final Map<String, dev.jkops.api.store.HistoryKeepingStore> guardedStores =
      new java.util.HashMap<>();

  public Main(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The environment the commands read (KOPS_STATE_STORE, KOPS_CLUSTER_NAME, EDITOR, AWS_*...). */
  public Map<String, String> env() {
    return env;
  }

  /** The environment of the jkops command that runs {@code spec}. */
  static Map<String, String> env(CommandLine.Model.CommandSpec spec) {
    return ((Main) spec.root().userObject()).env;
  }

  static java.util.Set<String> heldLocks(CommandLine.Model.CommandSpec spec) {
    return ((Main) spec.root().userObject()).heldLocks;
  }

  static Map<String, dev.jkops.api.store.HistoryKeepingStore> guardedStores(
      CommandLine.Model.CommandSpec spec) {
    return ((Main) spec.root().userObject()).guardedStores;
  }

  /** The --state flag of the jkops command that runs {@code spec}, or null. */
  static String state(CommandLine.Model.CommandSpec spec) {
    return ((Main) spec.root().userObject()).state;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with the given writers, so tests run commands in-process. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, System.getenv());
  }

  /** As {@link #commandLine(PrintWriter, PrintWriter)}, with the environment the commands see. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
    return commandLine(out, err, env, SUBCOMMANDS);
  }

  /**
   * The command line {@link #main} runs: only the verbs {@code args} need ({@link #verbsFor}).
   * Tests that run a command "as the user does" use this, so a verb that reaches for another one
   * (create's {@code --yes} runs {@code update cluster}) is tested as it starts up for real.
   */
  static CommandLine commandLine(
      PrintWriter out, PrintWriter err, Map<String, String> env, String[] args) {
    return commandLine(out, err, env, verbsFor(args), args, true);
  }

  /**
   * As {@link #commandLine(PrintWriter, PrintWriter, Map, String[])}, every command read from its
   * annotations, even those {@link HandBuiltModels} builds: what HandBuiltModelsTest compares with.
   */
  static CommandLine commandLineFromAnnotations(
      PrintWriter out, PrintWriter err, Map<String, String> env, String[] args) {
    return commandLine(out, err, env, verbsFor(args), args, false);
  }

  private static CommandLine commandLine(
      PrintWriter out, PrintWriter err, Map<String, String> env, List<Class<?>> verbs) {
    return commandLine(out, err, env, verbs, new String[0], false);
  }

  private static CommandLine commandLine(
      PrintWriter out,
      PrintWriter err,
      Map<String, String> env,
      List<Class<?>> verbs,
      String[] args,
      boolean handBuiltAllowed) {
    // the command line names `get`: build only the kind it names (all of them when it names none)
    List<Class<?>> kinds =
        verbs.size() == 1 && verbs.get(0) == GetCommand.class ? getKindsFor(args) : List.of();
    Class<?> handBuilt =
        handBuiltAllowed && kinds.size() == 1 && HandBuiltModels.KINDS.contains(kinds.get(0))
            ? kinds.get(0)
            : null;
    // `update` has one subcommand, so every update command line can start on the hand-built model
    boolean handBuiltUpdate =
        handBuiltAllowed && verbs.size() == 1 && verbs.get(0) == UpdateCommand.class;
    Main main = new Main(env);
    CommandLine cl =
        handBuilt != null || handBuiltUpdate ? HandBuiltModels.root(main) : new CommandLine(main);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new ErrorReporter(env));
    if (handBuilt != null) {
      addVerb(cl, HandBuiltModels.get(handBuilt));
    } else if (handBuiltUpdate) {
      addVerb(cl, HandBuiltModels.update());
    } else {
      for (Class<?> verb : verbs) {
        addVerb(cl, verb, verb == GetCommand.class && verbs.size() == 1 ? kinds : children(verb));
      }
    }
    cl.setParameterExceptionHandler(new UnknownOptionFirst(cl.getParameterExceptionHandler()));
    return cl;
  }

  /**
   * Adds {@code verb} to {@code root} with the root's writers and error handler, and {@code
   * -h}/{@code --help} on it and every command below it (kops takes both on every command, even one
   * missing required flags: picocli checks no required option once help is asked for). Returns the
   * verb's command line.
   */
  static CommandLine addVerb(CommandLine root, Class<?> verb) {
    return addVerb(root, verb, children(verb));
  }

  /**
   * The subcommands {@link Main} registers under {@code verb} itself (the others declare theirs).
   */
  private static List<Class<?>> children(Class<?> verb) {
    return verb == GetCommand.class ? GetCommand.SUBCOMMANDS : List.of();
  }

  /**
   * As {@link #addVerb(CommandLine, Class)}, with {@code children} as the verb's subcommands, added
   * before the verb joins the root, as picocli adds a {@code @Command(subcommands=...)} (so the
   * root's inherited {@code --state} reaches them the same way).
   */
  private static CommandLine addVerb(CommandLine root, Class<?> verb, List<Class<?>> children) {
    CommandLine added = new CommandLine(verb);
    for (Class<?> child : children) {
      added.addSubcommand(new CommandLine(child));
    }
    return addVerb(root, added);
  }

  /** As {@link #addVerb(CommandLine, Class)}, with the verb's command line already built. */
  private static CommandLine addVerb(CommandLine root, CommandLine added) {
    root.addSubcommand(added);
    addHelpOptions(added);
    added.setOut(root.getOut());
    added.setErr(root.getErr());
    added.setExecutionExceptionHandler(root.getExecutionExceptionHandler());
    return added;
  }

  private static void addHelpOptions(CommandLine command) {
    CommandLine.Model.CommandSpec spec = command.getCommandSpec();
    List<String> names =
        java.util.stream.Stream.of("-h", "--help").filter(n -> spec.findOption(n) == null).toList();
    if (!names.isEmpty()
        && spec.options().stream().noneMatch(CommandLine.Model.OptionSpec::usageHelp)) {
      spec.addOption(
          CommandLine.Model.OptionSpec.builder(names.toArray(String[]::new))
              .usageHelp(true)
              .description("Show this help message and exit.")
              .build());
    }
    command.getSubcommands().values().forEach(Main::addHelpOptions);
  }

  /**
   * The verbs a command line needs: just the one it names (with its own subcommands), or all of
   * them when it names none or one jkops does not know (so usage, suggestions and errors are the
   * full tree's), and for {@code completion}, which prints the whole tree.
   */
  static List<Class<?>> verbsFor(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--state")) {
        i++; // its value
        continue;
      }
      if (a.startsWith("-")) {
        continue;
      }
      Class<?> verb = VERB_NAMES.get(a);
      return verb == null ? SUBCOMMANDS : List.of(verb);
    }
    return SUBCOMMANDS;
  }

  /**
   * The {@code get} kinds a command line needs: the one named after {@code get} (with its aliases),
   * or all of them when none is named, the word is not a kind, or an option other than {@code
   * --state} comes before it (so {@code jkops get}, {@code jkops get -h clusters}, and the error
   * for an unknown kind list every kind, as before).
   */
  static List<Class<?>> getKindsFor(String[] args) {
    boolean afterGet = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--state")) {
        i++; // its value
        continue;
      }
      if (a.startsWith("--state=")) {
        continue;
      }
      if (a.startsWith("-")) {
        return GetCommand.SUBCOMMANDS;
      }
      if (!afterGet) {
        afterGet = true; // the verb, found by verbsFor
        continue;
      }
      Class<?> kind = GetCommand.NAMES.get(a);
      return kind == null ? GetCommand.SUBCOMMANDS : List.of(kind);
    }
    return GetCommand.SUBCOMMANDS;
  }

  public static void main(String[] args) {
    setUpJvm();
    // UTF-8 whatever the locale, as kubectl writes and as JDK 18+ would anyway: under LANG=C, JDK
    // 17's default charset is ASCII and `get -o yaml` would turn a non-ASCII spec value into '?'
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(args, System.getenv(), out, err, true));
  }

  /** What every JVM that runs commands sets once: {@link #main}'s and {@link CommandServer}'s. */
  static void setUpJvm() {
    // picocli's default factory looks for groovy.lang.Closure once, to support Groovy closures in
    // annotations; jkops has none, and the miss made the class loader open every one of the ~70
    // jars on the class path (2 with this set), a sixth of `jkops version`'s CPU time
    // (docs/benchmarks.md)
    System.setProperty("picocli.disable.closures", "true");
    // the etcd client's first unix socket would search every jar for a selector provider
    dev.jkops.api.ClassPathScans.skipSelectorProviderSearch();
    // Every CommandLine registers picocli's converters for java.sql and java.time types, each by
    // Class.forName (which initialises it) and a reflective method lookup: 83 JDK classes loaded,
    // DateTimeFormatter's ISO formatters built, for options jkops does not have (no option is of
    // such a type: HandBuiltModelsTest checks the whole tree). java.nio.file.Path stays.
    System.setProperty("picocli.converters.excludes", CONVERTERS_NOT_NEEDED);
  }

  /**
   * Runs one command line as {@code jkops} does and returns its exit code: the paths that skip
   * picocli first, then the command tree of the verb named. {@code coldStart}: this JVM has just
   * started for this one command, so the one-time set-up it will need is worth starting beside the
   * parse ({@link ColdStartWarmUp}); a resident {@link CommandServer} has done it already.
   */
  static int run(
      String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, boolean coldStart) {
    try {
      if (args.length == 1 && args[0].equals("version")) {
        // `jkops version` prints a constant: building picocli's model first (its classes, the root
        // command's annotations) was ~60% of its CPU time (docs/benchmarks.md). The same line,
        // writer and exit code as VersionCommand.
        out.println(VersionCommand.line());
        return 0;
      }
      // `jkops get clusters` and `get networking NAME`, as users type them, run without picocli
      // (FastGet); any other command line, a failure included, goes through picocli's model
      Integer fast = GetClustersCommand.fast(args, env, out, err);
      if (fast == null) {
        fast = GetNetworkingCommand.fast(args, env, out, err);
      }
      if (fast != null) {
        return fast;
      }
      if (coldStart) {
        ColdStartWarmUp.startFor(args);
      }
      return commandLine(out, err, env, args).execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
