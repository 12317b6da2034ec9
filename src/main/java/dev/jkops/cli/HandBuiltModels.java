package dev.jkops.cli;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ScopeType;

/**
 * picocli's model of {@code jkops get clusters}, {@code jkops get networking} and {@code jkops
 * update cluster} (and of the root command and {@code get} and {@code update} above them), built
 * with picocli's programmatic API instead of read from the annotations. Reading a model from
 * annotations makes the JDK generate a proxy class for each annotation type picocli reads
 * ({@code @Command}, {@code @Option}, {@code @Parameters}, {@code Spec}, {@code @Mixin}) and
 * reflect over every field and method of every command and mixin: work no JDK 17 class-data archive
 * can keep, and for these two commands, the ones users start most, a large share of their start-up
 * (docs/benchmarks.md, CLI start-up).
 *
 * <p>The annotations stay the definition: every other command line is built from them, and
 * HandBuiltModelsTest builds both models of each command here and proves they agree (each option
 * and parameter, the usage help of every level, and the output and exit code of a corpus of command
 * lines, errors included). Descriptions are the commands' own constants, so a changed description
 * changes both.
 */
final class HandBuiltModels {

  /** The {@code get} kinds built here; {@link Main} reads any other from its annotations. */
  static final Set<Class<?>> KINDS = Set.of(GetClustersCommand.class, GetNetworkingCommand.class);

  private HandBuiltModels() {}

  /** The root command ({@link Main}'s {@code @Command}): {@code --state}, help and version. */
  static CommandLine root(Main main) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(main);
    spec.name("jkops");
    spec.usageMessage().description(Main.DESCRIPTION);
    spec.versionProvider(new VersionCommand.Provider());
    Binding state = new Binding(() -> main.state, v -> main.state = (String) v);
    spec.addOption(
        OptionSpec.builder("--state")
            .paramLabel("URI")
            .type(String.class)
            .scopeType(ScopeType.INHERIT)
            .description(Main.STATE_DESCRIPTION)
            .descriptionKey("")
            .withToString("field String dev.jkops.cli.Main.state")
            .initialValue(main.state)
            .getter(state)
            .setter(state)
            .build());
    spec.addMixin("mixinStandardHelpOptions", standardHelpOptions());
    main.spec = spec;
    return new CommandLine(spec);
  }

  /**
   * {@code get} with {@code kind} (one of {@link #KINDS}) as its only subcommand, as {@link Main}
   * registers a named kind.
   */
  static CommandLine get(Class<?> kind) {
    GetCommand get = new GetCommand();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(get);
    spec.name("get");
    spec.usageMessage().description(GetCommand.DESCRIPTION);
    get.spec = spec;
    CommandLine cl = new CommandLine(spec);
    if (kind == GetClustersCommand.class) {
      cl.addSubcommand(clusters());
    } else if (kind == GetNetworkingCommand.class) {
      cl.addSubcommand(networking());
    } else {
      throw new IllegalArgumentException(kind + " is not built by hand; see HandBuiltModels.KINDS");
    }
    return cl;
  }

  private static CommandLine clusters() {
    GetClustersCommand c = new GetClustersCommand();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("clusters");
    spec.aliases("cluster");
    spec.usageMessage().description(GetClustersCommand.DESCRIPTION);
    c.spec = spec;
    c.store = storeOptions(spec);
    Binding names = new Binding(() -> c.names, v -> c.names = strings(v));
    spec.addPositional(
        PositionalParamSpec.builder()
            .arity("0..*")
            .paramLabel("NAME")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description(GetClustersCommand.NAMES_DESCRIPTION)
            .descriptionKey("")
            .withToString("field java.util.List<String> dev.jkops.cli.GetClustersCommand.names")
            .initialValue(c.names)
            .getter(names)
            .setter(names)
            .build());
    OutputOption.Standard output = new OutputOption.Standard();
    c.output = output;
    spec.addMixin(
        "output",
        outputMixin(
            output,
            "Standard",
            OutputOption.Standard.DESCRIPTION,
            new OutputFormat.Candidates(),
            new Binding(() -> output.text, v -> output.text = (String) v)));
    output.mixee = spec;
    return new CommandLine(spec);
  }

  private static CommandLine networking() {
    GetNetworkingCommand c = new GetNetworkingCommand();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("networking");
    spec.aliases("network", "net");
    spec.usageMessage().description(GetNetworkingCommand.DESCRIPTION);
    c.spec = spec;
    c.store = storeOptions(spec);
    c.clusterName = clusterNameOption(spec);
    Binding positional = new Binding(() -> c.positional, v -> c.positional = (String) v);
    spec.addPositional(
        PositionalParamSpec.builder()
            .arity("0..1")
            .paramLabel("NAME")
            .type(String.class)
            .description(GetNetworkingCommand.NAME_DESCRIPTION)
            .descriptionKey("")
            .withToString("field String dev.jkops.cli.GetNetworkingCommand.positional")
            .initialValue(c.positional)
            .getter(positional)
            .setter(positional)
            .build());
    OutputOption.WithDot output = new OutputOption.WithDot();
    c.output = output;
    spec.addMixin(
        "output",
        outputMixin(
            output,
            "WithDot",
            OutputOption.WithDot.DESCRIPTION,
            new OutputOption.DotCandidates(),
            new Binding(() -> output.text, v -> output.text = (String) v)));
    output.mixee = spec;
    return new CommandLine(spec);
  }

  /**
   * {@code update} with its one subcommand, {@code cluster}: the command line every local {@code
   * update cluster --yes} starts, whose annotation model was a measurable part of its start-up
   * (docs/benchmarks.md, "update cluster on a hand-built model").
   */
  static CommandLine update() {
    UpdateCommand update = new UpdateCommand();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(update);
    spec.name("update");
    spec.usageMessage().description(UpdateCommand.DESCRIPTION);
    update.spec = spec;
    CommandLine cl = new CommandLine(spec);
    cl.addSubcommand(updateCluster());
    return cl;
  }

  private static CommandLine updateCluster() {
    UpdateClusterCommand c = new UpdateClusterCommand();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("cluster");
    spec.usageMessage().description(UpdateClusterCommand.DESCRIPTION);
    c.spec = spec;
    c.store = storeOptions(spec);
    c.clusterName = clusterNameOption(spec);
    String owner = "dev.jkops.cli.UpdateClusterCommand.";
    Binding positional = new Binding(() -> c.positionalName, v -> c.positionalName = (String) v);
    spec.addPositional(
        PositionalParamSpec.builder()
            .arity("0..1")
            .paramLabel("NAME")
            .type(String.class)
            .description(ClusterNameOption.POSITIONAL)
            .descriptionKey("")
            .withToString("field String " + owner + "positionalName")
            .initialValue(c.positionalName)
            .getter(positional)
            .setter(positional)
            .build());
    Binding yes = new Binding(() -> c.yes, v -> c.yes = (Boolean) v);
    spec.addOption(
        OptionSpec.builder("-y", "--yes")
            .paramLabel("<yes>")
            .type(boolean.class)
            .description(UpdateClusterCommand.YES_DESCRIPTION)
            .descriptionKey("")
            .withToString("field boolean " + owner + "yes")
            .initialValue(c.yes)
            .getter(yes)
            .setter(yes)
            .build());
    Binding target = new Binding(() -> c.target, v -> c.target = (String) v);
    spec.addOption(
        OptionSpec.builder("--target")
            .paramLabel("TARGET")
            .type(String.class)
            .description(UpdateClusterCommand.TARGET_DESCRIPTION)
            .descriptionKey("")
            .withToString("field String " + owner + "target")
            .initialValue(c.target)
            .getter(target)
            .setter(target)
            .build());
    Binding out = new Binding(() -> c.out, v -> c.out = (java.nio.file.Path) v);
    spec.addOption(
        OptionSpec.builder("--out")
            .paramLabel("DIR")
            .type(java.nio.file.Path.class)
            .description(UpdateClusterCommand.OUT_DESCRIPTION)
            .descriptionKey("")
            .withToString("field java.nio.file.Path " + owner + "out")
            .initialValue(c.out)
            .getter(out)
            .setter(out)
            .build());
    Binding format = new Binding(() -> c.terraformFormat, v -> c.terraformFormat = (String) v);
    spec.addOption(
        OptionSpec.builder("--terraform-format")
            .paramLabel("FORMAT")
            .type(String.class)
            .description(UpdateClusterCommand.FORMAT_DESCRIPTION)
            .descriptionKey("")
            .withToString("field String " + owner + "terraformFormat")
            .initialValue(c.terraformFormat)
            .getter(format)
            .setter(format)
            .build());
    Binding createKubeConfig =
        new Binding(() -> c.createKubeConfig, v -> c.createKubeConfig = (Boolean) v);
    spec.addOption(
        OptionSpec.builder("--create-kube-config")
            .arity("0..1")
            .paramLabel("BOOLEAN")
            .type(boolean.class)
            .description(UpdateClusterCommand.CREATE_KUBE_CONFIG_DESCRIPTION)
            .descriptionKey("")
            .withToString("field boolean " + owner + "createKubeConfig")
            .initialValue(c.createKubeConfig)
            .getter(createKubeConfig)
            .setter(createKubeConfig)
            .build());
    c.credential = credentialOptions(spec);
    return new CommandLine(spec);
  }

  /** {@link ClusterNameOption} ({@code --name}) as a mixin of {@code spec}. */
  private static ClusterNameOption clusterNameOption(CommandSpec spec) {
    ClusterNameOption clusterName = new ClusterNameOption();
    CommandSpec nameMixin = CommandSpec.wrapWithoutInspection(clusterName);
    Binding name = new Binding(() -> clusterName.name, v -> clusterName.name = (String) v);
    nameMixin.addOption(
        OptionSpec.builder("--name")
            .paramLabel("NAME")
            .type(String.class)
            .description(ClusterNameOption.DESCRIPTION)
            .descriptionKey("")
            .withToString("field String dev.jkops.cli.ClusterNameOption.name")
            .initialValue(clusterName.name)
            .getter(name)
            .setter(name)
            .build());
    spec.addMixin("clusterName", nameMixin);
    clusterName.mixee = spec;
    return clusterName;
  }

  /** {@link KubecfgExport.Options} ({@code --admin}, {@code --user}) as a mixin of {@code spec}. */
  private static KubecfgExport.Options credentialOptions(CommandSpec spec) {
    KubecfgExport.Options o = new KubecfgExport.Options();
    CommandSpec mixin = CommandSpec.wrapWithoutInspection(o);
    String owner = "dev.jkops.cli.KubecfgExport$Options.";
    Binding admin = new Binding(() -> o.admin, v -> o.admin = (String) v);
    mixin.addOption(
        OptionSpec.builder("--admin")
            .arity("0..1")
            .paramLabel("DURATION")
            .type(String.class)
            .fallbackValue(Kubeconfig.ADMIN_LIFETIME_TEXT)
            .preprocessor(new KubecfgExport.AdminValue())
            .description(KubecfgExport.ADMIN_DESCRIPTION)
            .descriptionKey("")
            .withToString("field String " + owner + "admin")
            .initialValue(o.admin)
            .getter(admin)
            .setter(admin)
            .build());
    Binding user = new Binding(() -> o.user, v -> o.user = (String) v);
    mixin.addOption(
        OptionSpec.builder("--user")
            .paramLabel("USER")
            .type(String.class)
            .description(KubecfgExport.USER_DESCRIPTION)
            .descriptionKey("")
            .withToString("field String " + owner + "user")
            .initialValue(o.user)
            .getter(user)
            .setter(user)
            .build());
    spec.addMixin("credential", mixin);
    return o;
  }

  /** {@link StoreOptions} as a mixin of {@code spec}: no options of its own (--state is Main's). */
  private static StoreOptions storeOptions(CommandSpec spec) {
    StoreOptions store = new StoreOptions();
    spec.addMixin("store", CommandSpec.wrapWithoutInspection(store));
    store.mixee = spec;
    return store;
  }

  /**
   * The {@code -o/--output} mixin of one {@link OutputOption} variant, its field bound to {@code
   * text}.
   */
  private static CommandSpec outputMixin(
      OutputOption output,
      String variant,
      String description,
      Iterable<String> candidates,
      Binding text) {
    CommandSpec mixin = CommandSpec.wrapWithoutInspection(output);
    mixin.addOption(
        OptionSpec.builder("-o", "--output")
            .paramLabel("FORMAT")
            .type(String.class)
            .completionCandidates(candidates)
            .description(description)
            .descriptionKey("")
            .withToString("field String dev.jkops.cli.OutputOption$" + variant + ".text")
            .initialValue(output.text())
            .getter(text)
            .setter(text)
            .build());
    return mixin;
  }

  /**
   * What {@code @Command(mixinStandardHelpOptions = true)} adds to the root: {@code -h/--help} and
   * {@code -V/--version}, under the key picocli looks for.
   */
  private static CommandSpec standardHelpOptions() {
    CommandSpec mixin = CommandSpec.create();
    mixin.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .type(boolean.class)
            .paramLabel("<helpRequested>")
            .withToString("field boolean picocli.CommandLine$AutoHelpMixin.helpRequested")
            .descriptionKey("mixinStandardHelpOptions.help")
            .description("Show this help message and exit.")
            .initialValue(false)
            .build());
    mixin.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .type(boolean.class)
            .paramLabel("<versionRequested>")
            .withToString("field boolean picocli.CommandLine$AutoHelpMixin.versionRequested")
            .descriptionKey("mixinStandardHelpOptions.version")
            .description("Print version information and exit.")
            .initialValue(false)
            .build());
    return mixin;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object v) {
    return (List<String>) v;
  }

  /** A field of a command or mixin, read and written by picocli through these two functions. */
  private static final class Binding
      implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
    private final Supplier<Object> get;
    private final Consumer<Object> set;

    Binding(Supplier<Object> get, Consumer<Object> set) {
      this.get = get;
      this.set = set;
    }

    @Override
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public <T> T get() {
      return (T) get.get();
    }

    @Override
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public <T> T set(T value) {
      T old = (T) get.get();
      set.accept(value);
      return old;
    }
  }
}
