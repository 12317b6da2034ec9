package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.Cloud;
import dev.jkops.cloud.CloudOutput;
import java.nio.file.Path;
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
 * and addons to the state store. A second run says there is nothing to change. {@code --target
 * direct|dryrun|terraform}, {@code --out DIR} and {@code --terraform-format hcl|json} choose
 * between the cloud, a dry run and Terraform output (AWS clusters). The cluster's {@link Cloud}
 * does the work. As in kops, an applied update then exports the cluster's kubectl context and makes
 * it current ({@code --create-kube-config=false} does not), with an admin credential when asked
 * ({@code --admin[=DURATION]}) or an existing user ({@code --user}); without either the context
 * keeps the user it had.
 */
@Command(name = "cluster", description = UpdateClusterCommand.DESCRIPTION)
final class UpdateClusterCommand implements Callable<Integer> {
  static final List<String> TARGETS = List.of("direct", "dryrun", "terraform");

  // the annotations' texts, which HandBuiltModels also builds the command from
  static final String DESCRIPTION =
      "Preview (or with --yes apply) the changes that bring the cloud to the spec.";
  static final String YES_DESCRIPTION = "Apply the changes (default: only show them).";
  static final String TARGET_DESCRIPTION =
      "direct (the cloud; the default), dryrun, or terraform (AWS clusters).";
  static final String OUT_DESCRIPTION =
      "Directory for --target terraform (default: out/terraform).";
  static final String FORMAT_DESCRIPTION =
      "hcl (kubernetes.tf, the default) or json (kubernetes.tf.json).";
  static final String CREATE_KUBE_CONFIG_DESCRIPTION =
      "Export the cluster's kubectl context after applying (default: true; =false to skip).";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = ClusterNameOption.POSITIONAL)
  String positionalName;

  @Option(
      names = {"-y", "--yes"},
      description = YES_DESCRIPTION)
  boolean yes;

  @Option(names = "--target", paramLabel = "TARGET", description = TARGET_DESCRIPTION)
  String target = "direct";

  @Option(names = "--out", paramLabel = "DIR", description = OUT_DESCRIPTION)
  Path out;

  @Option(names = "--terraform-format", paramLabel = "FORMAT", description = FORMAT_DESCRIPTION)
  String terraformFormat = "hcl";

  @Option(
      names = "--create-kube-config",
      arity = "0..1",
      paramLabel = "BOOLEAN",
      description = CREATE_KUBE_CONFIG_DESCRIPTION)
  boolean createKubeConfig = true;

  @Mixin KubecfgExport.Options credential;

  @Override
  public Integer call() {
    String name = clusterName.resolve(positionalName);
    // kops: --admin and --user imply --create-kube-config
    boolean export = applies(target, yes) && (createKubeConfig || credential.given());
    KubecfgExport kubecfg =
        export ? credential.prepare(spec.commandLine(), store.env(), null) : null;
    try (StoreOptions.Held lock = yes || "terraform".equals(target) ? store.lock(name) : null) {
      return update(store, name, target, yes, out, terraformFormat, kubecfg, spec.commandLine());
    }
  }

  /** Whether {@code update} with these flags changes the cloud (and so exports a context). */
  static boolean applies(String target, boolean yes) {
    return yes && "direct".equals(target);
  }

  /**
   * What {@code update cluster} does once the lock it needs is held; {@code create cluster --yes}
   * runs it as {@code update cluster NAME --yes}. {@code kubecfg}, when not null, is exported once
   * the cloud is changed.
   */
  static int update(
      StoreOptions store,
      String name,
      String target,
      boolean yes,
      Path dir,
      String terraformFormat,
      KubecfgExport kubecfg,
      CommandLine command) {
    ClusterStore clusters = store.open();
    ClusterStore.Stored stored = clusters.require(name);
    Warnings.unmodelled(command.getErr(), stored.unmodelledFields());
    if (!TARGETS.contains(target)) {
      throw new CommandLine.ParameterException(
          command, "--target \"" + target + "\" is not supported; use direct, dryrun or terraform");
    }
    Cloud cloud = CloudCommands.cloud(clusters, stored, store.env());
    CloudOutput output = CloudCommands.output(command);
    if ("terraform".equals(target)) {
      cloud.writeTerraform(
          dir == null ? Path.of("out", "terraform") : dir, terraformFormat, output);
    } else if (applies(target, yes)) {
      cloud.apply(output);
      if (kubecfg != null) {
        kubecfg.exportOrWarn(name, cloud, command.getOut(), command.getErr());
      }
    } else {
      cloud.preview(output);
    }
    return 0;
  }
}
