package dev.jkops.cli;

import dev.jkops.api.GoDuration;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.Cloud;
import dev.jkops.tasks.rolling.CloudGroup;
import dev.jkops.tasks.rolling.GroupRole;
import dev.jkops.tasks.rolling.InstanceReplacer;
import dev.jkops.tasks.rolling.RollingOptions;
import dev.jkops.tasks.rolling.RollingUpdater;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops rolling-update cluster [NAME] [--yes]}: kops' table of instance groups and which
 * instances need replacing; with --yes, replaces them (bastions, control plane one at a time,
 * nodes), validating after each. Rerunning after an interruption continues where it stopped.
 */
@Command(
    name = "cluster",
    description = "Show (or with --yes replace) instances whose configuration is out of date.")
final class RollingUpdateClusterCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = ClusterNameOption.POSITIONAL)
  String positionalName;

  @Option(
      names = {"-y", "--yes"},
      description = "Replace the instances (default: only show them).")
  boolean yes;

  @Option(
      names = "--force",
      description = "Replace every instance, even those that are up to date.")
  boolean force;

  @Option(names = "--cloudonly", description = "Replace without cordoning, draining or validating.")
  boolean cloudOnly;

  @Option(
      names = "--instance-group",
      paramLabel = "GROUP",
      description = "Only this instance group (repeatable).")
  List<String> instanceGroups = new ArrayList<>();

  @Option(
      names = "--master-interval",
      paramLabel = "DURATION",
      description = "Wait after each control plane instance (default 15s).")
  String masterInterval = "15s";

  @Option(
      names = "--node-interval",
      paramLabel = "DURATION",
      description = "Wait after each node batch (default 15s).")
  String nodeInterval = "15s";

  @Option(
      names = "--fail-on-validate-error",
      arity = "0..1",
      paramLabel = "BOOL",
      description = "Stop when the cluster does not validate in time (default true).")
  boolean failOnValidateError = true;

  @Option(
      names = "--validate-count",
      paramLabel = "N",
      description = "Validations that must pass in a row (default 2).")
  int validateCount = 2;

  @Option(
      names = "--validation-timeout",
      paramLabel = "DURATION",
      description = "How long to keep validating (default 15m).")
  String validationTimeout = "15m";

  @Override
  public Integer call() {
    String name = clusterName.resolve(positionalName);
    if (validateCount < 1) {
      throw new CommandException("--validate-count " + validateCount + " must be at least 1");
    }
    RollingOptions options =
        new RollingOptions(
            force,
            cloudOnly,
            Set.copyOf(instanceGroups),
            GoDuration.parse("--master-interval", masterInterval),
            GoDuration.parse("--node-interval", nodeInterval),
            failOnValidateError,
            validateCount,
            GoDuration.parse("--validation-timeout", validationTimeout),
            Duration.ofSeconds(5));
    // A roll changes the cluster's instances, so it holds the cluster's lock like every other
    // writer.
    try (StoreOptions.Held lock = yes ? store.lock(name) : null) {
      return roll(name, options);
    }
  }

  private int roll(String name, RollingOptions options) {
    ClusterStore clusters = store.open();
    ClusterStore.Stored stored = clusters.require(name);
    PrintWriter out = spec.commandLine().getOut();
    Cloud cloud = CloudCommands.cloud(clusters, stored, store.env());
    // the Kubernetes API only when the roll drains and validates
    InstanceReplacer replacer =
        cloud.instanceReplacer(yes && !cloudOnly, CloudCommands.output(spec.commandLine()));
    RollingUpdater updater =
        new RollingUpdater(
            replacer,
            options,
            event -> {
              out.println(RollProgress.line(event));
              out.flush();
            },
            cloud.ticker());
    List<CloudGroup> groups = updater.groups();
    table(groups).print(out);
    boolean needed =
        groups.stream().anyMatch(g -> force ? !g.instances().isEmpty() : g.needUpdate() > 0);
    out.println();
    if (!needed) {
      out.println("No rolling-update required.");
      out.flush();
      return 0;
    }
    if (!yes) {
      out.println("Must specify --yes to rolling-update.");
      out.flush();
      return 0;
    }
    int replaced = updater.run();
    out.println(
        "Rolling update completed for cluster \""
            + name
            + "\" ("
            + replaced
            + " instance"
            + (replaced == 1 ? "" : "s")
            + " replaced).");
    out.flush();
    return 0;
  }

  static Table table(List<CloudGroup> groups) {
    Table t = new Table("NAME", "STATUS", "NEEDUPDATE", "READY", "MIN", "TARGET", "MAX", "NODES");
    for (CloudGroup g : groups) {
      long nodes =
          g.role() == GroupRole.BASTION ? 0 : g.instances().stream().filter(i -> i.ready()).count();
      t.row(
          g.name(),
          g.status(),
          String.valueOf(g.needUpdate()),
          String.valueOf(g.ready()),
          String.valueOf(g.minSize()),
          String.valueOf(g.target()),
          String.valueOf(g.maxSize()),
          String.valueOf(nodes));
    }
    return t;
  }
}
