package dev.jkops.cli;

import dev.jkops.cloud.Cloud;
import dev.jkops.cloud.report.ReportDocument;
import dev.jkops.cloud.report.ReportText;
import dev.jkops.cloud.report.ValidationReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops validate cluster [NAME] [--wait 10m] [-o yaml|json]}: kops' checks and tables, then
 * connectivity probes on the local cloud; on AWS, through the cloud's and the cluster's APIs (the
 * cluster's {@link Cloud#validation}). Exit 0 only when everything passes, 2 when the cluster fails
 * validation (kops' code: scripts tell "not ready" from 1, "could not validate"); with {@code
 * --wait}, retries until it passes or the time is up.
 */
@Command(
    name = "cluster",
    description =
        "Validate a cluster: instance groups, nodes, networking and DNS pods; on the"
            + " local cloud also pod connectivity.")
final class ValidateClusterCommand implements Callable<Integer> {
  /** The exit code of a cluster that was validated and failed, as kops' {@code os.Exit(2)}. */
  static final int NOT_VALID = 2;

  static final Duration RETRY_PAUSE = Duration.ofSeconds(10);

  /** How --wait pauses between passes; tests change the cluster here instead of sleeping. */
  static Consumer<Duration> pause = ValidateClusterCommand::sleep;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Cluster name.")
  String positional;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      description = "Retry until valid or this long has passed, e.g. 10m.")
  String wait;

  @Option(
      names = "--keep-probe-pods",
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      paramLabel = "BOOL",
      description =
          "Local cloud: when the cluster passes, leave the probe server pods (namespace"
              + " jkops-validate) for the next validate, which then makes only its client pods."
              + " --keep-probe-pods=false removes them all. Default: ${DEFAULT-VALUE}.")
  boolean keepProbePods;

  @Mixin OutputOption.Standard output;

  @Override
  public Integer call() {
    OutputFormat format = output.format();
    Duration waitFor =
        wait == null ? Duration.ZERO : dev.jkops.api.GoDuration.parse("--wait", wait);
    String name = cluster.resolve(positional);
    var clusters = store.open();
    var stored = clusters.require(name);
    Cloud cloud = CloudCommands.cloud(clusters, stored, store.env());
    ValidationReport report;
    try (Cloud.Validation validation =
        cloud.validation(CloudCommands.output(spec.commandLine()), keepProbePods)) {
      report =
          untilReadyOrTimeUp(
              waitFor,
              () -> LocalPods.call(validation::run),
              validation::failedPass,
              pause,
              spec.commandLine().getErr());
    }
    return print(report, format, spec.commandLine().getOut());
  }

  /**
   * {@code --wait} on either cloud: validates until the report is ready or {@code waitFor} has
   * passed, pausing {@link #RETRY_PAUSE} (at most what is left) between passes and saying on {@code
   * err} what failed ({@code failed} words the pass's report) and how long it keeps trying.
   */
  static ValidationReport untilReadyOrTimeUp(
      Duration waitFor,
      Supplier<ValidationReport> validate,
      BiFunction<Integer, ValidationReport, String> failed,
      Consumer<Duration> pause,
      PrintWriter err) {
    long deadline = System.nanoTime() + waitFor.toNanos();
    for (int pass = 1; ; pass++) {
      ValidationReport report = validate.get();
      long left = deadline - System.nanoTime();
      if (report.ready() || left <= 0) {
        return report;
      }
      err.println(
          failed.apply(pass, report)
              + "; retrying for up to "
              + Duration.ofNanos(left).toSeconds()
              + "s more");
      err.flush();
      pause.accept(Duration.ofNanos(Math.min(left, RETRY_PAUSE.toNanos())));
    }
  }

  /**
   * Prints the report in kops' table or as YAML/JSON; the exit code: 0 when the cluster is ready,
   * else {@link #NOT_VALID}.
   */
  static int print(ValidationReport report, OutputFormat format, PrintWriter out) {
    out.print(
        switch (format) {
          case TABLE -> ReportText.render(report);
          case YAML -> ReportDocument.yaml(report);
          case JSON -> ReportDocument.json(report);
        });
    out.flush();
    return report.ready() ? 0 : NOT_VALID;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandException("interrupted while waiting to validate again", e);
    }
  }
}
