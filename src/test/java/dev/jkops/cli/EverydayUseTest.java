package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.cloud.local.LocalClusterResources;
import dev.jkops.cloud.local.LocalTestClusters;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.testing.RequiresRoot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a kubectl user does on a running local cluster (issue 21), in-process as typed: list and
 * delete what {@code apply -f} created, with the kernel (ping between pod namespaces) as the judge
 * of whether a deleted policy's rules really left.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EverydayUseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  Path dir;
  Map<String, String> env;
  String name;
  LocalClusterResources cloud;

  record Run(int code, String out, String err) {}

  Run jkops(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err), env).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  Run ok(String... args) {
    Run r = jkops(args);
    assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  @BeforeAll
  void up() throws Exception {
    dir = Files.createTempDirectory("jkops-everyday");
    name = "day" + ThreadLocalRandom.current().nextInt(1_000_000) + ".example.com";
    env =
        Map.of(
            "KOPS_STATE_STORE",
            "file://" + dir.resolve("state"),
            "JKOPS_RUNTIME_DIR",
            dir.resolve("run").toString(),
            "KOPS_CLUSTER_NAME",
            name);
    cloud =
        LocalTestClusters.storeAndBuild(
            LocalTestClusters.twoZones(name, "calico"),
            env.get("KOPS_STATE_STORE"),
            dir.resolve("run"),
            env);
  }

  @AfterAll
  void down() {
    if (cloud != null) {
      cloud.destroy();
      assertThat(Kernel.system().netns().list(cloud.names().prefix())).isEmpty();
      assertThat(running("sleep " + LEFT_FOR_CLUSTER_DELETE))
          .as("deleting the cluster killed what ran in its pods")
          .isEmpty();
    }
    if (dir != null) {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /**
   * A sleep a test leaves running in a pod; deleting the cluster must kill it (checked in down()).
   */
  private static final int LEFT_FOR_CLUSTER_DELETE = 9173;

  private static List<ProcessHandle> running(String commandLine) {
    return ProcessHandle.allProcesses()
        .filter(
            h -> {
              String c = h.info().commandLine().orElse("");
              return c.equals(commandLine) || c.endsWith("/" + commandLine);
            })
        .toList();
  }

  private static List<ProcessHandle> awaitRunning(String commandLine) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      List<ProcessHandle> found = running(commandLine);
      if (!found.isEmpty()) {
        return found;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(commandLine + " did not start in 10 s");
  }

  private String address(String pod, String namespace) {
    return ok("get", "pods", "-n", namespace, "-o", "wide")
        .out()
        .lines()
        .filter(l -> l.matches(".*\\s" + pod + "\\s.*"))
        .findFirst()
        .orElseThrow()
        .split("\\s+")[5];
  }

  private boolean pings(String from, String to) {
    return jkops("exec", from, "--", "ping", "-c", "1", "-W", "1", to).code() == 0;
  }

  @Test
  void aPolicyIsListedAndDeletedAndTrafficFlowsAgain() throws Exception {
    ok("create", "pod", "web", "--labels", "app=web", "--node", "nodes-1");
    ok("create", "pod", "client", "--labels", "role=client");
    ok("create", "pod", "db", "-n", "team-a", "--labels", "app=db");
    String web = address("web", "default");
    String db = address("db", "team-a");
    assertThat(pings("client", web)).as("no policy yet").isTrue();

    Path deny = dir.resolve("deny.yaml");
    Files.writeString(
        deny,
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-a, labels: {team: a}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-web}
        spec:
          podSelector: {matchLabels: {app: web}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-db, namespace: team-a}
        spec:
          podSelector: {}
        """);
    ok("apply", "-f", deny.toString());
    assertThat(pings("client", web)).as("denied by deny-web").isFalse();
    assertThat(pings("client", db)).as("denied by deny-db").isFalse();
    // the same file again: kubectl apply's word for each object that did not change
    assertThat(ok("apply", "-f", deny.toString()).out())
        .contains(
            "namespace/team-a unchanged",
            "networkpolicy.networking.k8s.io/deny-web unchanged",
            "networkpolicy.networking.k8s.io/deny-db unchanged");

    Run table = ok("get", "netpol");
    assertThat(table.out())
        .contains("NAMESPACE", "POD-SELECTOR")
        .containsPattern("default\\s+deny-web\\s+app=web\\s+Ingress")
        .containsPattern("team-a\\s+deny-db\\s+<all>\\s+Ingress");
    assertThat(ok("get", "networkpolicies", "-n", "team-a").out())
        .contains("deny-db")
        .doesNotContain("deny-web");
    Run none = ok("get", "networkpolicy", "-n", "nowhere");
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).isEqualTo("No resources found in nowhere namespace.\n");
    JsonNode list = JSON.readTree(ok("get", "netpol", "-A", "-o", "json").out());
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items")).hasSize(2);
    assertThat(list.path("items").get(1).path("metadata").path("namespace").asText())
        .isEqualTo("team-a");
    assertThat(ok("get", "namespaces").out())
        .containsPattern("team-a\\s+Active\\s+team=a")
        .contains("kube-system");

    Run deleted = ok("delete", "networkpolicy", "deny-web");
    assertThat(deleted.out()).contains("networkpolicy.networking.k8s.io \"deny-web\" deleted");
    assertThat(pings("client", web)).as("deny-web's rules left the pod").isTrue();
    assertThat(pings("client", db)).as("deny-db still holds").isFalse();

    Run missing = jkops("delete", "netpol", "deny-web");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("\"deny-web\" not found in namespace \"default\"");
    Run system = jkops("delete", "namespace", "kube-system");
    assertThat(system.code()).isEqualTo(1);
    assertThat(system.err()).contains("\"kube-system\" may not be deleted");

    ok("apply", "-f", deny.toString());
    assertThat(pings("client", web)).as("denied again").isFalse();
    Run byFile = ok("delete", "-f", deny.toString());
    assertThat(byFile.out())
        .contains(
            "networkpolicy.networking.k8s.io \"deny-web\" deleted",
            "networkpolicy.networking.k8s.io \"deny-db\" deleted",
            "namespace \"team-a\" deleted");
    assertThat(pings("client", web)).as("delete -f removed the rules").isTrue();
    assertThat(ok("get", "pods", "-A").out())
        .as("the namespace took its pod")
        .doesNotContain("team-a");
    assertThat(ok("get", "netpol", "-A", "-o", "json").out()).contains("\"items\" : [ ]");
  }

  /** A Writer that notes when each piece of output arrived. */
  static final class TimedWriter extends java.io.Writer {
    final StringBuffer text = new StringBuffer();
    final long start = System.nanoTime();
    volatile long firstAt = -1;

    @Override
    public void write(char[] c, int off, int len) {
      text.append(c, off, len);
      if (firstAt < 0 && text.indexOf("first") >= 0) {
        firstAt = (System.nanoTime() - start) / 1_000_000;
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void execStreamsOutputAsItComes() throws Exception {
    ok("create", "pod", "streamer");
    TimedWriter out = new TimedWriter();
    TimedWriter err = new TimedWriter();
    int[] code = {-1};
    Thread t =
        new Thread(
            () ->
                code[0] =
                    Main.commandLine(new PrintWriter(out), new PrintWriter(err), env)
                        .execute(
                            "exec",
                            "streamer",
                            "--",
                            "sh",
                            "-c",
                            "echo first; echo first-err >&2; sleep 4; echo second"));
    t.start();
    for (int i = 0; i < 60 && out.firstAt < 0; i++) {
      Thread.sleep(50);
    }
    assertThat(out.firstAt)
        .as("\"first\" arrived while the command still ran")
        .isBetween(0L, 3000L);
    // stdout and stderr are two streams, each pumped on its own: stderr's line may come a little
    // after stdout's, but also long before "second" (4 s later)
    for (int i = 0; i < 40 && err.text.length() == 0; i++) {
      Thread.sleep(50);
    }
    assertThat(err.text.toString()).isEqualTo("first-err\n");
    assertThat(out.text.toString()).doesNotContain("second");
    t.join(20_000);
    assertThat(code[0]).isZero();
    assertThat(out.text.toString()).isEqualTo("first\nsecond\n");
  }

  @Test
  void stoppingExecStopsTheCommandAndDeletingThePodKillsWhatIsLeft() throws Exception {
    String node = ok("create", "pod", "sleeper").out().split(" on node ")[1].split(" ")[0];
    // jkops exec as its own process, stopped as a user does (SIGTERM, as kill PID or a closing
    // terminal)
    List<String> argv =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.jkops.cli.Main",
                "exec",
                "sleeper",
                "--",
                "sh",
                "-c",
                "sleep 9171; echo never"));
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("exec.log").toFile());
    pb.environment().putAll(env);
    Process jkopsExec = pb.start();
    List<ProcessHandle> sleeping = awaitRunning("sleep 9171");
    jkopsExec.destroy();
    assertThat(jkopsExec.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    for (ProcessHandle h : sleeping) {
      h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(running("sleep 9171"))
        .as("the command in the pod stopped with jkops exec")
        .isEmpty();

    // a process the command left behind in the pod (its parent gone) dies with the pod, and the
    // node log says so
    ok("exec", "sleeper", "--", "sh", "-c", "sleep 9172 >/dev/null 2>&1 &");
    awaitRunning("sleep 9172");
    ok("delete", "pod", "sleeper");
    assertThat(running("sleep 9172")).as("delete pod killed what ran inside").isEmpty();
    String log = Files.readString(cloud.names().nodeLog(node));
    assertThat(log).containsPattern("DEL default/sleeper .* killed=\\d+:sleep");
  }

  @Test
  void execDashIPassesStandardInputOnAndWithoutItTheCommandReadsEndOfFile() throws Exception {
    ok("create", "pod", "reader");
    List<String> argv =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.jkops.cli.Main",
                "exec",
                "-i",
                "reader",
                "--",
                "sh",
                "-c",
                "tr a-z A-Z; ip -o -4 addr show eth0 | wc -l"));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectError(dir.resolve("stdin.err").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write("hello from stdin\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("stdin.err"))).isZero();
    assertThat(out)
        .as("the input reached the command, inside the pod (its eth0)")
        .isEqualTo("HELLO FROM STDIN\n1\n");
    assertThat(ok("exec", "reader", "--", "cat").out())
        .as("no -i: end-of-file at once, no hang")
        .isEmpty();
  }

  @Test
  void aProcessLeftInAPodDiesWithTheCluster() throws Exception {
    ok("create", "pod", "leftover");
    ok(
        "exec",
        "leftover",
        "--",
        "sh",
        "-c",
        "sleep " + LEFT_FOR_CLUSTER_DELETE + " >/dev/null 2>&1 &");
    assertThat(awaitRunning("sleep " + LEFT_FOR_CLUSTER_DELETE))
        .isNotEmpty(); // down() checks it is gone
  }

  @Test
  void deleteByFileRefusesAProviderManifestAndDeletesNothing() throws Exception {
    Path mixed = dir.resolve("mixed.yaml");
    Files.writeString(
        mixed,
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: keep}
        spec: {podSelector: {}}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: kube-flannel-ds, namespace: kube-system}
        """);
    Path keep = dir.resolve("keep.yaml");
    Files.writeString(keep, Files.readString(mixed).split("---")[0]);
    ok("apply", "-f", keep.toString());
    Run r = jkops("delete", "-f", mixed.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("document 2 (DaemonSet kube-flannel-ds)", "Nothing was deleted");
    assertThat(ok("get", "netpol").out()).contains("keep");
    ok("delete", "-f", keep.toString());
  }
}
