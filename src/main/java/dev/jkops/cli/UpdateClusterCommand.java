package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.local.LocalClusterUpdate;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.tasks.DryRun;
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
 * and addons to the state store. A second run says there is nothing to change.
 */
@Command(name = "cluster", description = "Preview (or with --yes apply) the changes that bring the cloud to the spec.")
final class UpdateClusterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "Cluster name (or --name, or $KOPS_CLUSTER_NAME).")
  String positionalName;

  @Option(names = "--yes", description = "Apply the changes (default: only show them).")
  boolean yes;

  @Override
  public Integer call() {
    String name = clusterName.resolve(positionalName);
    ClusterStore clusters = store.open();
    ClusterStore.Stored stored = clusters.require(name);
    Warnings.unmodelled(spec.commandLine().getErr(), stored.unmodelledFields());
    String cloud = stored.cluster().spec().cloudProvider();
    if (cloud != null && !cloud.equals("local")) {
      throw new CommandException("cluster " + name + " is on cloud \"" + cloud + "\"; this command applies clusters"
          + " on the local cloud. Create a local cluster with --cloud local (or zone names such as zone-a)");
    }
    LocalCloudErrors.requireRoot("update cluster");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalClusterUpdate update = new LocalClusterUpdate(Kernel.system(), clusters.stateStore(), store.env());
    LocalClusterUpdate.Preview preview = LocalCloudErrors.run(() -> update.preview(stored.bundle()));
    preview.warnings().forEach(w -> err.println("W: " + w));
    err.flush();
    if (!yes) {
      out.print(DryRun.render(preview.changes()));
      if (!preview.changes().isEmpty()) {
        printNotes(out, preview.notes());
      }
      out.flush();
      return 0;
    }
    if (preview.changes().isEmpty()) {
      List<String> written = LocalCloudErrors.run(() -> update.apply(preview, ProgressListener.NONE));
      out.println("No changes need to be applied" + (written.isEmpty() ? "" : " to the cloud; updated "
          + String.join(", ", written) + " in the state store"));
      out.flush();
      return 0;
    }
    List<String> written = LocalCloudErrors.run(() -> update.apply(preview, event -> progress(out, event)));
    printNotes(out, preview.notes());
    out.println("Cluster changes have been applied to the cloud (" + preview.changes().changes().size() + " changes"
        + (written.isEmpty() ? "" : "; wrote " + written.size() + " files to the state store") + ").");
    out.println();
    out.println("Suggestions:");
    out.println(" * validate cluster: jkops validate cluster --name " + name);
    out.println(" * list nodes: jkops get nodes -o wide --name " + name);
    out.println(" * delete the cluster: jkops delete cluster " + name + " --yes");
    out.flush();
    return 0;
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
