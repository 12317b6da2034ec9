package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.aws.AwsRetry;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.testing.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety and faults on AWS (the in-process fake, with the state in S3 through s3proxy). The
 * fake is in this JVM, so a "kill" is {@link FakeAws#crashAtCall}: the N-th AWS call throws an
 * Error that no jkops code catches, and the command stops there with the cloud and the store as
 * that call left them. (Unlike SIGKILL, finally blocks still run, so the state lock is released;
 * the lock left by a real kill is covered by LocalCrashSafetyTest.) After each crash the command is
 * rerun; at the end the account holds exactly what a clean apply makes, and after delete nothing.
 */
class AwsCrashSafetyTest {
  static final String NAME = "crash.example.com";

  /** AWS calls after which a run is cut short; a full apply makes about a hundred calls. */
  static final int[] UPDATE_POINTS = {1, 5, 14, 27, 44, 68, 100, 125, 150};

  static final int[] DELETE_POINTS = {1, 6, 15, 30, 55};

  /** scripts/reliability --large: a crash at every single AWS call in turn. */
  static final boolean EVERY = KillPoints.EVERY;

  /** Bounds the large run: no apply here makes this many calls. */
  static final int MAX_POINT = 2000;

  /** What a clean apply of the spec makes; built once per run. */
  static List<String> reference;

  @TempDir static Path dir;
  static S3TestServer s3;
  static int buckets;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3TestServer.start(Files.createDirectories(dir.resolve("s3")));
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @AfterEach
  void realAwsAgain() {
    AwsSession.clients = dev.jkops.cloud.aws.AwsClients::forRegion;
    AwsSession.retry = AwsRetry.standard();
  }

  Cli cliOn(FakeAws aws) throws Exception {
    String bucket = "crash-" + (++buckets);
    s3.createBucket(bucket);
    AwsSession.clients = region -> aws.clients();
    AwsSession.retry = new AwsRetry(8, 1, 8, ms -> {});
    Cli cli =
        new Cli(
                Files.createDirectories(dir.resolve("home" + buckets)),
                "s3://" + bucket + "/clusters")
            .env(s3.env())
            .env("JKOPS_LOCK_TIMEOUT", "0");
    Cli.Result created =
        cli.run(
            "create",
            "cluster",
            "--name",
            NAME,
            "--zones",
            "us-east-1a,us-east-1b",
            "--networking",
            "calico",
            "--topology",
            "private",
            "--node-count",
            "2");
    assertThat(created.code()).as(created.toString()).isZero();
    return cli;
  }

  /** What a clean apply of the same spec makes. */
  List<String> reference() throws Exception {
    if (reference == null) {
      FakeAws clean = new FakeAws();
      Cli cli = cliOn(clean);
      Cli.Result r = cli.run("update", "cluster", NAME, "--yes");
      assertThat(r.code()).as(r.toString()).isZero();
      reference = clean.inventory();
    }
    return reference;
  }

  @Test
  void crashedUpdatesAndDeletesConvergeOnRerunWithNothingDuplicatedOrLeaked() throws Exception {
    List<String> reference = reference();
    assertThat(reference)
        .anyMatch(l -> l.startsWith("vpc "))
        .anyMatch(l -> l.startsWith("autoscaling-group "))
        .anyMatch(l -> l.startsWith("nat-gateway "))
        .anyMatch(l -> l.startsWith("load-balancer "))
        .anyMatch(l -> l.startsWith("target-group "))
        .anyMatch(l -> l.startsWith("volume "));
    FakeAws aws = new FakeAws();
    Cli cli = cliOn(aws);

    int updateCrashes =
        crashRepeatedly(aws, cli, UPDATE_POINTS, "update", "cluster", NAME, "--yes");
    Cli.Result finished = cli.run("update", "cluster", NAME, "--yes");
    assertThat(finished.code()).as(finished.toString()).isZero();
    assertThat(cli.run("update", "cluster", NAME).out())
        .isEqualTo("No changes need to be applied\n");
    assertThat(aws.inventory())
        .as("the account after crashed runs vs a clean apply")
        .isEqualTo(reference);

    int deleteCrashes =
        crashRepeatedly(aws, cli, DELETE_POINTS, "delete", "cluster", NAME, "--yes");
    Cli.Result deleted = cli.run("delete", "cluster", NAME, "--yes");
    if (deleted.code() != 0) {
      assertThat(deleted.err())
          .as("only a delete that already finished may say the cluster is gone\n" + deleted)
          .contains("was not found");
    }
    assertThat(aws.inventory()).as("left in the account after delete").isEmpty();
    assertThat(cli.run("get", "clusters").out()).doesNotContain(NAME);
    System.out.println(
        "AwsCrashSafetyTest: "
            + updateCrashes
            + " crash points in update cluster --yes, "
            + deleteCrashes
            + " in delete cluster --yes");
    assertThat(updateCrashes).isGreaterThanOrEqualTo(EVERY ? 30 : 7);
    assertThat(deleteCrashes).isGreaterThanOrEqualTo(EVERY ? 10 : 3);
  }

  /**
   * A subnet's hostname setting is made by two calls after the subnet itself. A run cut short
   * between them left a subnet the next run refused ("differs in [ResourceNameDNS], which AWS
   * cannot change in place"); the rerun now sets it and finishes.
   */
  @Test
  void aRunCutShortBeforeASubnetsHostnameSettingFinishesOnRerun() throws Exception {
    FakeAws clean = new FakeAws();
    Cli.Result cleanRun = cliOn(clean).run("update", "cluster", NAME, "--yes");
    assertThat(cleanRun.code()).as(cleanRun.toString()).isZero();
    int setting = clean.calls.indexOf("modifySubnetAttribute") + 1;
    assertThat(setting).as("the spec's subnets get resource-name hostnames").isPositive();

    FakeAws aws = new FakeAws();
    Cli cli = cliOn(aws);
    aws.crashAtCall(setting);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> cli.run("update", "cluster", NAME, "--yes"))
        .isInstanceOf(FakeAws.SimulatedCrash.class);
    aws.crashAtCall(0);

    Cli.Result rerun = cli.run("update", "cluster", NAME, "--yes");
    assertThat(rerun.code()).as(rerun.toString()).isZero();
    assertThat(cli.run("update", "cluster", NAME).out())
        .isEqualTo("No changes need to be applied\n");
    assertThat(aws.inventory()).isEqualTo(reference());
  }

  /**
   * Runs the command with a crash at call k, for each k, until one run finishes first. After each
   * crash the state store still reads back the same spec: a crash never leaves it half-written.
   */
  static int crashRepeatedly(FakeAws aws, Cli cli, int[] ciPoints, String... args) {
    String spec = cli.run("get", "cluster", NAME, "-o", "yaml").out();
    int crashes = 0;
    for (int k : points(ciPoints)) {
      aws.crashAtCall(k);
      try {
        Cli.Result r = cli.run(args);
        aws.crashAtCall(0);
        assertThat(r.code()).as("a run that was not cut short succeeds\n" + r).isZero();
        return crashes;
      } catch (FakeAws.SimulatedCrash expected) {
        crashes++;
      }
      Cli.Result after = cli.run("get", "cluster", NAME, "-o", "yaml");
      assertThat(after.code())
          .as("the store after a crash at AWS call " + k + "\n" + after)
          .isZero();
      assertThat(after.out()).as("the spec after a crash at AWS call " + k).isEqualTo(spec);
    }
    aws.crashAtCall(0);
    return crashes;
  }

  static int[] points(int[] ci) {
    long[] ciPoints = java.util.Arrays.stream(ci).asLongStream().toArray();
    return KillPoints.of(ciPoints, MAX_POINT).stream().mapToInt(Long::intValue).toArray();
  }

  @Test
  void anAwsErrorMidApplyIsReportedClearlyAndARerunRepairs() throws Exception {
    List<String> reference = reference();
    FakeAws aws = new FakeAws();
    Cli cli = cliOn(aws);
    aws.failAtCall(40, "UnauthorizedOperation", 403);
    Cli.Result failed = cli.run("update", "cluster", NAME, "--yes");
    assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.err())
        .contains("UnauthorizedOperation")
        .doesNotContain("internal error")
        .doesNotContain("\tat ");
    assertThat(failed.err().lines().filter(l -> l.startsWith("Error:")).count()).isEqualTo(1);
    Cli.Result rerun = cli.run("update", "cluster", NAME, "--yes");
    assertThat(rerun.code()).as(rerun.toString()).isZero();
    assertThat(aws.inventory()).isEqualTo(reference);
  }

  /**
   * Throttling is the SDK's to retry (AwsSdkRetryTest drives its real pipeline); the fake stands in
   * for the SDK after its tries, so jkops must not send the call again, and a rerun repairs.
   */
  @Test
  void throttlingThatReachesJkopsIsNotRetriedAgainAndARerunCompletes() throws Exception {
    List<String> reference = reference();
    FakeAws aws = new FakeAws();
    Cli cli = cliOn(aws);
    aws.throttleAtCall(30, 5);
    Cli.Result r = cli.run("update", "cluster", NAME, "--yes");
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("RequestLimitExceeded").contains("wait a minute");
    String throttled = aws.calls.get(29);
    assertThat(aws.calls.subList(29, aws.calls.size()))
        .as("the throttled call, sent once by jkops")
        .containsOnlyOnce(throttled);
    aws.throttleNext(0).throttleAtCall(0, 0); // the account's limit recovers
    Cli.Result rerun = cli.run("update", "cluster", NAME, "--yes");
    assertThat(rerun.code()).as(rerun.toString()).isZero();
    assertThat(aws.inventory()).isEqualTo(reference);
  }

  @Test
  void throttlingLongerThanTheRetriesIsAClearErrorAndARerunRepairs() throws Exception {
    List<String> reference = reference();
    FakeAws aws = new FakeAws();
    Cli cli = cliOn(aws);
    aws.throttleAtCall(30, 1000);
    Cli.Result failed = cli.run("update", "cluster", NAME, "--yes");
    assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.err())
        .contains("RequestLimitExceeded")
        .doesNotContain("internal error")
        .doesNotContain("\tat ");
    assertThat(failed.err().lines().filter(l -> l.startsWith("Error:")).count()).isEqualTo(1);
    aws.throttleNext(0).throttleAtCall(0, 0); // the account's limit recovers
    Cli.Result rerun = cli.run("update", "cluster", NAME, "--yes");
    assertThat(rerun.code()).as(rerun.toString()).isZero();
    assertThat(aws.inventory()).isEqualTo(reference);
  }
}
