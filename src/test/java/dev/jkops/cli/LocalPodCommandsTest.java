package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.LocalClusterResources;
import dev.jkops.cloud.local.LocalTestClusters;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.testing.RequiresRoot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pod, exec, apply and validate commands on a running local cluster, in-process as a user types
 * them.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalPodCommandsTest {
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

  @BeforeAll
  void up() throws Exception {
    dir = Files.createTempDirectory("jkops-cli-pods");
    name = "cli" + ThreadLocalRandom.current().nextInt(1_000_000) + ".example.com";
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
            LocalTestClusters.twoZones(name, "canal"),
            env.get("KOPS_STATE_STORE"),
            dir.resolve("run"),
            env);
  }

  @AfterAll
  void down() {
    if (cloud != null) {
      cloud.destroy();
      assertThat(Kernel.system().netns().list(cloud.names().prefix())).isEmpty();
    }
  }

  @Test
  void aUserRunsPodsAppliesAPolicyAndValidates() throws Exception {
    Run web = jkops("create", "pod", "web", "--labels", "app=web", "--node", "nodes-1");
    assertThat(web.code()).as(web.err()).isZero();
    assertThat(web.out()).startsWith("pod/web created on node nodes-1 with address 100.96.");
    assertThat(jkops("create", "pod", "client", "--labels", "role=client").code()).isZero();

    Run wide = jkops("get", "pods", "-o", "wide");
    assertThat(wide.out())
        .contains("NAMESPACE", "READY", "STATUS", "IP", "NODE")
        .containsPattern(
            "default\\s+web\\s+1/1\\s+Running\\s+\\S+\\s+100\\.96\\.\\d+\\.\\d+\\s+nodes-1");

    String webIp =
        wide.out()
            .lines()
            .filter(l -> l.matches(".*\\sweb\\s.*"))
            .findFirst()
            .orElseThrow()
            .split("\\s+")[5];
    Run ping = jkops("exec", "client", "--", "ping", "-c", "1", "-W", "2", webIp);
    assertThat(ping.code()).as(ping.err()).isZero();
    assertThat(ping.out()).contains("1 received");

    Path policy = dir.resolve("deny.yaml");
    Files.writeString(
        policy,
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-web}
        spec:
          podSelector: {matchLabels: {app: web}}
        """);
    Run applied = jkops("apply", "-f", policy.toString());
    assertThat(applied.code()).as(applied.err()).isZero();
    assertThat(applied.out())
        .contains("networkpolicy.networking.k8s.io/deny-web created", "1 pod(s) isolated");
    // as kubectl apply says it: the same file again changes nothing
    Run again = jkops("apply", "-f", policy.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("networkpolicy.networking.k8s.io/deny-web unchanged");
    assertThat(jkops("exec", "client", "--", "ping", "-c", "1", "-W", "1", webIp).code())
        .as("denied")
        .isNotZero();

    Files.writeString(
        policy,
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad}\n"
            + "spec: {ingress: [{ports: [{port: 70000}]}]}\n");
    Run bad = jkops("apply", "-f", policy.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("spec.ingress[0].ports[0].port: Invalid value: 70000");

    Run validate = jkops("validate", "cluster", "-o", "yaml");
    assertThat(validate.code()).as(validate.out() + validate.err()).isZero();
    assertThat(validate.out()).contains("nodes:", "connectivity:").doesNotContain("failures:");
    Run table = jkops("validate", "cluster");
    assertThat(table.out())
        .contains("INSTANCE GROUPS", "NODE STATUS", "CONNECTIVITY")
        .endsWith("Your cluster " + name + " is ready\n");

    assertThat(jkops("delete", "pod", "web").out()).contains("pod \"web\" deleted");
    assertThat(jkops("get", "pods").out())
        .doesNotContainPattern("\\sweb\\s")
        .contains("kube-dns-1");
    Run log = jkops("exec", "client", "--", "true");
    assertThat(log.code()).isZero();
    assertThat(Files.readString(cloud.names().nodeLog("nodes-1")))
        .contains("ADD default/web")
        .contains("DEL default/web");
  }

  @Test
  void clearErrorsForUnknownPodsAndClusters() {
    Run missing = jkops("delete", "pod", "nope");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("pod \"nope\" not found in namespace \"default\"");
    Run noWait = jkops("validate", "cluster", "--wait", "soon");
    assertThat(noWait.err()).contains("--wait soon is not a duration");
  }
}
