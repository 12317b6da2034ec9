package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cli.KubectlLocalClusterTest.Run;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kubectl's streaming verbs against a real local cluster, with every kubectl found ({@link
 * KubectlLocalClusterTest#kubectls}, plus JKOPS_TEST_KUBECTLS): {@code kubectl exec} runs the
 * command in the pod's network namespace (it sees the pod's eth0 and address), prints its output
 * and exits with its exit code, feeds it stdin with {@code -i}; an unknown pod is NotFound and no
 * client certificate is Unauthorized; {@code kubectl logs} prints the pod's network events. Every
 * kubectl must pass: those before 1.30 speak only SPDY/3.1, later ones WebSocket.
 */
@RequiresRoot
class KubectlStreamingTest {
  /** How many times {@link #fastCommandsLoseNothing} runs its command with each kubectl. */
  private static final int FAST_EXECS = 3;

  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("kstream");

  private Run kubectl(Path k, Path kubeconfig, String... args) throws Exception {
    return KubectlLocalClusterTest.kubectl(
        cluster.dir(), Path.of("/dev/null"), k, kubeconfig, args);
  }

  /**
   * {@link KubectlLocalClusterTest#kubectls}, and the Google Cloud SDK's versioned kubectls beside
   * its dispatcher ({@code kubectl.1.28} ...), one per binary: the SPDY (before 1.30) and WebSocket
   * paths are both exercised wherever the machine has kubectls of both kinds.
   */
  static List<Path> kubectls() throws java.io.IOException {
    java.util.Map<Path, Path> byRealPath = new java.util.LinkedHashMap<>();
    for (Path k : KubectlLocalClusterTest.kubectls()) {
      byRealPath.putIfAbsent(k.toRealPath(), k);
    }
    Path sdk = Path.of("/usr/lib/google-cloud-sdk/bin");
    if (Files.isDirectory(sdk)) {
      try (var listing = Files.list(sdk)) {
        for (Path k :
            listing
                .filter(p -> p.getFileName().toString().matches("kubectl\\.1\\.\\d+"))
                .filter(Files::isExecutable)
                .sorted()
                .toList()) {
          byRealPath.putIfAbsent(k.toRealPath(), k);
        }
      }
    }
    return List.copyOf(byRealPath.values());
  }

  @Test
  void kubectlExecAndLogsReachThePodsNetworkNamespace() throws Exception {
    List<Path> kubectls = kubectls();
    Assumptions.assumeTrue(
        !kubectls.isEmpty() || System.getenv("CI") != null, "no kubectl on this machine");
    assertThat(kubectls).as("no kubectl on this machine, and CI must run this test").isNotEmpty();
    Cli jkops = cluster.cli();
    String name = cluster.name();
    Cli.Result created =
        jkops.run(
            "create",
            "cluster",
            name,
            "--zones",
            "us-test-1a",
            "--cloud",
            "local",
            "--networking",
            "kubenet",
            "--yes");
    assertThat(created.code()).as(created.toString()).isZero();
    Path kubeconfig = cluster.dir().resolve("kube").resolve("config");
    assertThat(
            jkops
                .run("export", "kubecfg", name, "--admin", "--kubeconfig", kubeconfig.toString())
                .code())
        .isZero();
    cluster.awaitApiServer();
    Path noCredentials = cluster.dir().resolve("kube").resolve("no-credentials");
    jkops.run("export", "kubecfg", name, "--kubeconfig", noCredentials.toString());

    Path k0 = kubectls.get(0);
    Run made = kubectl(k0, kubeconfig, "run", "web", "--image=busybox");
    assertThat(made.code()).as(made.toString()).isZero();
    String ip =
        kubectl(k0, kubeconfig, "get", "pod", "web", "-o", "jsonpath={.status.podIP}").out();
    assertThat(ip).matches("100\\.96\\.\\d+\\.\\d+");

    for (Path k : kubectls) {
      try {
        checkWith(k, kubeconfig, noCredentials, ip);
      } catch (AssertionError e) {
        throw new AssertionError("with " + k + ": " + e.getMessage(), e);
      }
    }
    fastCommandsLoseNothing(kubectls, kubeconfig);
    System.out.println("kubectl exec checked with " + kubectls);
  }

  /**
   * A command that prints on both streams and exits at once, run {@value #FAST_EXECS} times with
   * every kubectl, four at a time: each run prints all of its output and exits with the command's
   * code. The server sends the outcome only after the last byte of output, on one connection whose
   * writes never interleave; and kubectl 1.30 to 1.33 drop a message that comes before they have
   * set up their channels (their stderr says "Unknown stream id"), so a program that prints at once
   * must not be faster than kubectl ({@code StreamingEndpoints.CLIENT_CHANNELS_SETUP}). Once in a
   * CI run, {@code ip addr}'s output went missing that way with exit 0.
   */
  private void fastCommandsLoseNothing(List<Path> kubectls, Path kubeconfig) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> runs = new ArrayList<>();
      for (Path k : kubectls) {
        for (int i = 0; i < FAST_EXECS; i++) {
          String marker = "fast-" + i;
          runs.add(
              pool.submit(
                  () -> {
                    Run r =
                        kubectl(
                            k,
                            kubeconfig,
                            "exec",
                            "web",
                            "--",
                            "sh",
                            "-c",
                            "echo " + marker + "; echo " + marker + " >&2; exit 3");
                    boolean whole =
                        r.code() == 3
                            && r.out().equals(marker + "\n")
                            && r.err().contains(marker + "\n")
                            && r.err().contains("command terminated with exit code 3");
                    return whole ? "" : "with " + k + ": " + r;
                  }));
        }
      }
      List<String> lost = new ArrayList<>();
      for (Future<String> run : runs) {
        String problem = run.get(5, TimeUnit.MINUTES);
        if (!problem.isEmpty()) {
          lost.add(problem);
        }
      }
      assertThat(lost)
          .as("%d of %d fast execs lost output or their exit code", lost.size(), runs.size())
          .isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Every kubectl must exec: before 1.30 over SPDY/3.1 (its only protocol), from 1.30 over
   * WebSocket.
   */
  private void checkWith(Path k, Path kubeconfig, Path noCredentials, String ip) throws Exception {
    // logs: the pod's network events, its CNI ADD with its address first
    Run logs = kubectl(k, kubeconfig, "logs", "web");
    assertThat(logs.code()).as(logs.toString()).isZero();
    assertThat(logs.out())
        .as(logs.toString())
        .contains(" ADD default/web ")
        .contains("eth0=" + ip + "/");
    Run noLogs = kubectl(k, kubeconfig, "logs", "nope");
    assertThat(noLogs.code()).as(noLogs.toString()).isNotZero();
    assertThat(noLogs.err())
        .as(noLogs.toString())
        .contains("NotFound")
        .contains("\"nope\" not found");

    Run unknown = kubectl(k, kubeconfig, "exec", "nope", "--", "true");
    assertThat(unknown.code()).as(unknown.toString()).isNotZero();
    assertThat(unknown.err())
        .as(unknown.toString())
        .contains("NotFound")
        .contains("\"nope\" not found");
    Run unauthorized =
        kubectl(k, noCredentials, "--token", "not-a-credential", "exec", "web", "--", "true");
    assertThat(unauthorized.code()).as(unauthorized.toString()).isNotZero();
    assertThat(unauthorized.err()).as(unauthorized.toString()).contains("Unauthorized");

    // the command runs in the pod's network namespace: it sees the pod's own address
    Run addr =
        kubectl(k, kubeconfig, "exec", "web", "--", "ip", "-4", "-o", "addr", "show", "eth0");
    assertThat(addr.code()).as(addr.toString()).isZero();
    assertThat(addr.out()).as(addr.toString()).contains("inet " + ip + "/");

    // its exit code is kubectl's, its stderr kubectl's stderr
    Run failed =
        kubectl(k, kubeconfig, "exec", "web", "--", "sh", "-c", "echo out; echo err >&2; exit 7");
    assertThat(failed.code()).as(failed.toString()).isEqualTo(7);
    assertThat(failed.out()).as(failed.toString()).isEqualTo("out\n");
    assertThat(failed.err())
        .as(failed.toString())
        .contains("err\n")
        .contains("command terminated with exit code 7");

    // stdin with -i, whole, and its end reaches the command (wc ends)
    Path input = cluster.dir().resolve("stdin.txt");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      lines.append("line ").append(i).append('\n');
    }
    Files.writeString(input, lines);
    Run counted =
        KubectlLocalClusterTest.kubectl(
            cluster.dir(), input, k, kubeconfig, "exec", "-i", "web", "--", "wc", "-l", "-c");
    assertThat(counted.code()).as(counted.toString()).isZero();
    Matcher m = Pattern.compile("\\s*(\\d+)\\s+(\\d+)").matcher(counted.out());
    assertThat(m.find()).as(counted.toString()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(5000);
    assertThat(Long.parseLong(m.group(2))).isEqualTo(Files.size(input));
  }
}
