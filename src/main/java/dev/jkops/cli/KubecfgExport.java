package dev.jkops.cli;

import dev.jkops.api.GoDuration;
import dev.jkops.cloud.Cloud;
import dev.jkops.cloud.CloudException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A kubeconfig export as {@code export kubecfg}, {@code update cluster --yes} and {@code create
 * cluster --yes} make it: the options checked and the kubeconfig read before the command changes
 * anything (a bad {@code --admin}, an unknown {@code --user} or an unreadable kubeconfig stops it
 * with nothing applied or written), the export itself once the cluster's API exists.
 */
final class KubecfgExport {
  static final String ADMIN_DESCRIPTION =
      "Also export a cluster admin credential (a client certificate) valid this long, and use it in"
          + " the cluster's context (--admin alone: "
          + Kubeconfig.ADMIN_LIFETIME_TEXT
          + ", kops' default).";
  static final String USER_DESCRIPTION = "Existing user in the kubeconfig to use in the context.";

  private final Kubeconfig kubeconfig;
  private final Optional<Duration> admin;
  private final Optional<String> user;

  private KubecfgExport(Kubeconfig kubeconfig, Optional<Duration> admin, Optional<String> user) {
    this.kubeconfig = kubeconfig;
    this.admin = admin;
    this.user = user;
  }

  /**
   * Checks {@code --admin} ({@code adminText}, null when not given) and {@code --user} and reads
   * the kubeconfig they will change.
   */
  static KubecfgExport prepare(
      CommandLine command, String adminText, String user, Map<String, String> env, Path explicit) {
    if (adminText != null && user != null) {
      throw new CommandLine.ParameterException(
          command, "cannot use both --admin and --user; pick one");
    }
    Optional<Duration> admin = Optional.empty();
    if (adminText != null) {
      try {
        admin = Optional.of(GoDuration.parse("--admin", adminText));
      } catch (GoDuration.InvalidDurationException e) {
        throw new CommandLine.ParameterException(command, e.getMessage());
      }
      if (admin.get().isZero()) {
        throw new CommandLine.ParameterException(
            command,
            "--admin="
                + adminText
                + ": a credential needs a lifetime; give one such as --admin=18h");
      }
    }
    Kubeconfig kubeconfig = Kubeconfig.read(Kubeconfig.Files.of(env, explicit));
    Optional<String> existing = Optional.ofNullable(user);
    existing.ifPresent(kubeconfig::requireUser);
    return new KubecfgExport(kubeconfig, admin, existing);
  }

  /**
   * Writes {@code name}'s context and makes it current, saying so as kops does, and warns when the
   * context has no credentials to use.
   */
  void export(String name, Cloud cloud, PrintWriter out, PrintWriter err) {
    dev.jkops.api.StepMarks.mark("kubeconfig-export");
    Cloud.KubeAccess access = cloud.kubeAccess(admin);
    dev.jkops.api.StepMarks.mark("kubeconfig-access");
    Kubeconfig.Exported done = kubeconfig.export(name, access, user);
    dev.jkops.api.StepMarks.mark("kubeconfig-written");
    out.println("jkops has set your kubectl context to " + name + " (in " + done.file() + ")");
    out.flush();
    if (!done.hasCredentials()) {
      err.println(
          Warnings.PREFIX
              + "exported kubeconfig with no user authentication: kubectl gets 401 Unauthorized"
              + " from the cluster; use --admin or --user with 'jkops export kubecfg "
              + name
              + "'");
      err.flush();
    }
  }

  /**
   * {@link #export} where the export is not the command's whole job (after an {@code update cluster
   * --yes}, one cluster of {@code export kubecfg --all}): a cloud that cannot give kubectl its API
   * yet (AWS clusters: jkops keeps no CA for them) says why on stderr, and the command goes on.
   */
  void exportOrWarn(String name, Cloud cloud, PrintWriter out, PrintWriter err) {
    try {
      export(name, cloud, out, err);
    } catch (CloudException e) {
      err.println(Warnings.PREFIX + "no kubeconfig exported: " + e.getMessage());
      err.flush();
    }
  }

  /**
   * {@code --admin[=DURATION]} and {@code --user USER}: the credential an export puts in the
   * context. A mixin of {@code export kubecfg} and {@code update cluster} (HandBuiltModels builds
   * the same for the latter).
   */
  static final class Options {
    @CommandLine.Option(
        names = "--admin",
        arity = "0..1",
        paramLabel = "DURATION",
        fallbackValue = Kubeconfig.ADMIN_LIFETIME_TEXT,
        preprocessor = AdminValue.class,
        description = ADMIN_DESCRIPTION)
    String admin;

    @CommandLine.Option(names = "--user", paramLabel = "USER", description = USER_DESCRIPTION)
    String user;

    /** {@link KubecfgExport#prepare} with these options. */
    KubecfgExport prepare(CommandLine command, Map<String, String> env, Path explicit) {
      return KubecfgExport.prepare(command, admin, user, env, explicit);
    }

    /** Whether either was given: kops' --admin and --user imply --create-kube-config. */
    boolean given() {
      return admin != null || user != null;
    }
  }

  /**
   * {@code --admin[=DURATION]} as kops' flag with a default when bare: a value only when attached
   * with '=', so {@code --admin NAME} leaves NAME to be the cluster, as in kops.
   */
  static final class AdminValue implements CommandLine.IParameterPreprocessor {
    @Override
    public boolean preprocess(
        Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
      // picocli gives the separator it saw: its own ("=") when the value was attached
      if (!commandSpec.parser().separator().equals(info.get("separator"))) {
        argSpec.setValue(Kubeconfig.ADMIN_LIFETIME_TEXT);
        return true;
      }
      return false;
    }
  }
}
