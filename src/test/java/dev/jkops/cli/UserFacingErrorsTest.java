package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ApiException;
import dev.jkops.api.FieldError;
import dev.jkops.api.RollingUpdate;
import dev.jkops.api.UserFacingException;
import dev.jkops.cloud.aws.AwsException;
import dev.jkops.cloud.local.design.LocalCloudException;
import dev.jkops.cloud.local.etcd.EtcdException;
import dev.jkops.cloud.local.etcd.EtcdQuorumException;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.pods.PodException;
import dev.jkops.cloud.local.policy.ManifestException;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.ModelException;
import dev.jkops.tasks.TaskException;
import dev.jkops.tasks.rolling.GroupRole;
import dev.jkops.tasks.rolling.RollingLimits;
import dev.jkops.tasks.rolling.RollingUpdateException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every error a user can act on reaches the terminal as its own one paragraph with exit 1, from
 * whichever layer threw it and without a wrap in the command: the local cloud's, the kernel's,
 * etcd's, the pods', AWS's, the roll's. Anything else still says it is a jkops bug.
 */
class UserFacingErrorsTest {
  @TempDir Path dir;

  /** Stands in for a command whose library call throws; {@code fail KIND} throws that kind. */
  @CommandLine.Command(name = "fail")
  static final class Fail implements Runnable {
    @CommandLine.Parameters String kind;

    @Override
    public void run() {
      throw KINDS.get(kind).get();
    }
  }

  static final Map<String, Supplier<RuntimeException>> KINDS =
      Map.ofEntries(
          Map.entry(
              "api",
              () ->
                  new ApiException(
                      "spec.networking.podCIDR 10.0.0.0/33 is not a CIDR; write it as 100.96.0.0/11")),
          Map.entry(
              "model",
              () ->
                  new ModelException(
                      "the pod CIDR 100.96.0.0/24 is full; widen spec.networking.podCIDR")),
          Map.entry(
              "task",
              () ->
                  new TaskException(
                      "the plan has a cycle: a -> b -> a; this spec cannot be ordered")),
          Map.entry(
              "rolling",
              () ->
                  new RollingUpdateException(
                      "node nodes-1 did not become ready in 15m; rerun to resume")),
          Map.entry("rolling-limit", UserFacingErrorsTest::badRollingLimit),
          Map.entry(
              "aws",
              () ->
                  new AwsException("UnauthorizedOperation: ec2:CreateVpc; grant it to the caller")),
          Map.entry(
              "etcd",
              () ->
                  new EtcdException(
                      "etcd member etcd-a is down; 'jkops update cluster --yes' starts it")),
          Map.entry(
              "etcd-quorum",
              () -> new EtcdQuorumException("1 of 3 etcd members are up; a write needs 2")),
          Map.entry(
              "local-cloud",
              () ->
                  new LocalCloudException(
                      "flannel's udp backend is not available on the local cloud")),
          Map.entry(
              "manifest",
              () ->
                  new ManifestException(
                      "policy.yaml document 1 (NetworkPolicy web)",
                      List.of(
                          new FieldError(
                              "spec.podSelector",
                              FieldError.Type.REQUIRED,
                              "a selector, {} for every pod")))),
          Map.entry(
              "kernel",
              () ->
                  new KernelException(
                      "adding route: 'ip route add 10.0.0.0/24 dev x' said: no such device")),
          Map.entry(
              "pod", () -> new PodException("pod \"web\" not found in namespace \"default\"")),
          Map.entry("command", () -> new CommandException("--validate-count 0 must be at least 1")),
          Map.entry(
              "bug",
              () -> new IllegalStateException("a plan with no subnets reached the data plane")),
          Map.entry("npe", () -> new NullPointerException("subnet was null")));

  private static RuntimeException badRollingLimit() {
    try {
      RollingLimits.resolve(new RollingUpdate(null, "lots"), null, 3, GroupRole.NODE);
    } catch (RollingLimits.BadValue e) {
      return e;
    }
    throw new AssertionError("maxUnavailable: lots was accepted");
  }

  private Cli.Result runFail(String kind) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // the command line jkops builds at start-up, with its error reporter, plus the stand-in verb
    String[] args = {"fail", kind};
    CommandLine cl =
        Main.commandLine(
            new PrintWriter(out), new PrintWriter(err), Map.of(), new String[] {"version"});
    Main.addVerb(cl, Fail.class);
    int code = cl.execute(args);
    return new Cli.Result(code, out.toString(), err.toString());
  }

  static Stream<String> userFacingKinds() {
    return KINDS.keySet().stream().filter(k -> !k.equals("bug") && !k.equals("npe")).sorted();
  }

  @ParameterizedTest
  @MethodSource("userFacingKinds")
  void eachUserFacingErrorIsItsOwnMessageAndExitOne(String kind) {
    RuntimeException thrown = KINDS.get(kind).get();
    assertThat(thrown).isInstanceOf(UserFacingException.class);
    Cli.Result r = runFail(kind);
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .as(r.toString())
        .isEqualTo("Error: " + thrown.getMessage() + System.lineSeparator());
  }

  @Test
  void anUnexpectedRuntimeExceptionIsStillReportedAsABug() {
    for (String kind : List.of("bug", "npe")) {
      Cli.Result r = runFail(kind);
      RuntimeException thrown = KINDS.get(kind).get();
      assertThat(r.code()).as(r.toString()).isEqualTo(1);
      assertThat(r.err())
          .as(r.toString())
          .isEqualTo(
              "Error: internal error in jkops: "
                  + thrown.getClass().getSimpleName()
                  + ": "
                  + thrown.getMessage()
                  + ". This is a bug; rerun with JKOPS_DEBUG=1 for the stack trace and report it."
                  + System.lineSeparator());
    }
  }

  /**
   * Real command paths that used to need a hand-placed wrap: delete cluster (LocalCloudTeardown)
   * and the pod commands (LocalPods.open) check who owns the cluster's runtime dir, and the local
   * cloud refuses a dir that holds files but no owner record.
   */
  @Test
  void theLocalCloudsRefusalReachesTheUserFromDeleteAndPodCommands() throws Exception {
    Path runtime = dir.resolve("runtime");
    Cli cli =
        new Cli(dir, "file://" + dir.resolve("state"))
            .env(ClusterNames.RUNTIME_DIR_ENV, runtime.toString());
    Cli.Result created = cli.run("create", "cluster", "owned.local", "--zones", "zone-a");
    assertThat(created.code()).as(created.toString()).isZero();
    Path clusterDir = ClusterNames.of("owned.local", runtime).runtimeDir();
    Files.createDirectories(clusterDir);
    Files.writeString(clusterDir.resolve("stray"), "not jkops'");
    for (String[] args :
        List.of(
            new String[] {"delete", "cluster", "owned.local"},
            new String[] {"get", "pods", "--name", "owned.local"})) {
      Cli.Result r = cli.run(args);
      assertThat(r.code()).as(r.toString()).isEqualTo(1);
      assertThat(r.err())
          .as(r.toString())
          .startsWith(
              "Error: the runtime dir "
                  + clusterDir
                  + " of cluster owned.local"
                  + " holds files but no owner record")
          .contains("rm -r " + clusterDir)
          .doesNotContain("internal error")
          .doesNotContain("\tat ");
      assertThat(r.err().strip().lines()).as("one paragraph").hasSize(1);
    }
    assertThat(clusterDir.resolve("stray")).exists();
  }
}
