package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.local.LocalClusterUpdate;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.design.SharedLists;
import dev.jkops.tasks.ProgressListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops update cluster NAME [--yes]}: without --yes, kops' dry run of what would change;
 * with it, converges the cloud with a progress line per change, then publishes the completed spec
 * and addons to the state store. A second run says there is nothing to change. For an AWS cluster,
 * {@code --target direct|dryrun|terraform}, {@code --out DIR} and {@code --terraform-format hcl|json}
 * choose between the cloud, a dry run and Terraform output ({@link AwsUpdate}).
 */
@Command(name = "cluster", description = "Preview (or with --yes apply) the changes that bring the cloud to the spec.")
final class UpdateClusterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "Cluster name (or --name, or $KOPS_CLUSTER_NAME).")
  String positionalName;

  @Option(names = {"-y", "--yes"}, description = "Apply the changes (default: only show them).")
  boolean yes;

  @Option(names = "--target", paramLabel = "TARGET",
      description = "direct (the cloud; the default), dryrun, or terraform (AWS clusters).")
  String target = "direct";

  @Option(names = "--out", paramLabel = "DIR", description = "Directory for --target terraform (default: out/terraform).")
  java.nio.file.Path out;

  @Option(names = "--terraform-format", paramLabel = "FORMAT",
      description = "hcl (kubernetes.tf, the default) or json (kubernetes.tf.json).")
  String terraformFormat = "hcl";

  @Override
  public Integer call() {
    String name = clusterName.resolve(positionalName);
    try (StoreOptions.Held lock = yes || "terraform".equals(target) ? store.lock(name) : null) {
      return callLocked();
    }
  }

  private Integer callLocked() {
    String name = clusterName.resolve(positionalName);
    ClusterStore clusters = store.open();
    ClusterStore.Stored stored = clusters.require(name);
    Warnings.unmodelled(spec.commandLine().getErr(), stored.unmodelledFields());
    String cloud = stored.cluster().spec().cloudProvider();
    if (!List.of("direct", "dryrun", "terraform").contains(target)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--target \"" + target
          + "\" is not supported; use direct, dryrun or terraform");
    }
    if ("aws".equals(cloud)) {
      new AwsUpdate(clusters, stored, spec.commandLine().getOut(), spec.commandLine().getErr(), Main.env(spec)).run(target, yes, out, terraformFormat);
      return 0;
    }
    if ("terraform".equals(target)) {
      throw new CommandException("--target terraform writes AWS resources; cluster " + name + " is on cloud \""
          + cloud + "\", which Terraform does not manage");
    }
    if ("dryrun".equals(target)) {
      yes = false;
    }
    if (cloud != null && !cloud.equals("local")) {
      throw new CommandException("cluster " + name + " is on cloud \"" + cloud + "\"; this command applies clusters"
          + " on the local cloud. Create a local cluster with --cloud local (or zone names such as zone-a)");
    }
    LocalCloudRoot.require("update cluster");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalClusterUpdate update = new LocalClusterUpdate(Kernel.system(), clusters.stateStore(), store.env());
    LocalClusterUpdate.Preview preview = update.preview(stored.bundle());
    Warnings.print(err, preview.warnings());
    err.flush();
    boolean switching = preview.generations().mixed();
    if (!yes) {
      out.print(SharedLists.dryRun(preview.changes()));
      if (!preview.changes().isEmpty() || switching) {
        printNotes(out, preview.notes());
      }
      for (String member : update.stoppedEtcdMembers(preview)) {
        out.println("etcd: member " + member + " is not running; update cluster --yes starts it");
      }
      out.flush();
      return 0;
    }
    if (preview.changes().isEmpty()) {
      List<String> written = update.apply(preview, ProgressListener.NONE,
          notice -> notice(out, err, notice));
      out.println("No changes need to be applied" + (written.isEmpty() ? "" : " to the cloud; updated "
          + String.join(", ", written) + " in the state store"));
      if (switching) {
        printNotes(out, preview.notes());
      }
      out.flush();
      return 0;
    }
    List<String> written = update.apply(preview, event -> progress(out, event),
        notice -> notice(out, err, notice));
    printNotes(out, preview.notes());
    out.println("Cluster changes have been applied to the cloud (" + preview.changes().changes().size() + " changes"
        + (written.isEmpty() ? "" : "; wrote " + written.size() + " files to the state store") + ").");
    out.println();
    out.println("Suggestions:");
    if (switching) {
      out.println(" * move the nodes to the new configuration: jkops rolling-update cluster " + name + " --yes");
    }
    out.println(" * validate cluster: jkops validate cluster --name " + name);
    out.println(" * list nodes: jkops get nodes -o wide --name " + name);
    out.println(" * delete the cluster: jkops delete cluster " + name + " --yes");
    out.flush();
    return 0;
  }

  /** The control plane's notices: warnings (W: ...) to stderr, the rest (members started) to stdout. */
  private static void notice(PrintWriter out, PrintWriter err, String notice) {
    PrintWriter to = notice.startsWith(Warnings.PREFIX) ? err : out;
    to.println(notice);
    to.flush();
  }

  private static void printNotes(PrintWriter out, List<String> notes) {
    notes.forEach(n -> out.println("Networking: " + n));
  }

  private static void progress(PrintWriter out, ProgressListener.Event event) {
    if (event instanceof ProgressListener.Finished f) {
      int w = String.valueOf(f.total()).length();
      out.printf("[%" + w + "d/%d] %s %s%n", f.index(), f.total(), past(f.action()), f.action().id());
      out.flush();
    }
  }

  private static String past(dev.jkops.tasks.Action<?> a) {
    if (a instanceof dev.jkops.tasks.Action.Create) {
      return "created";
    } else if (a instanceof dev.jkops.tasks.Action.Modify) {
      return "updated";
    }
    return "deleted";
  }
}
