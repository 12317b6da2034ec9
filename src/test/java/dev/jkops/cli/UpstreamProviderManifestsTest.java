package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.testing.RequiresRoot;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The providers kops offers today, installed from their own upstream manifests on a {@code
 * --networking cni} cluster, as a user without kops' addon would: {@code kubectl create -f} through
 * the cluster's API server, or {@code jkops apply -f}. The manifests are test resources
 * (src/test/resources/upstream-manifests) with upstream's objects, labels and images: the test
 * machine has no network to download them. What a user checks afterwards, with the real kubectl:
 * every node goes from NotReady to Ready, kube-dns runs, the provider's DaemonSet has one Running
 * pod per node, and two pods on nodes in different zones ping each other over the provider's data
 * plane (after {@code jkops apply -f}, which does not store the manifest's objects in the cluster's
 * API, {@code validate cluster} instead of the DaemonSet's pods). kube-router's kubeadm manifest
 * keeps kube-proxy, which jkops' kube-router (as kops') replaces: it is refused, saying so. Off CI,
 * without a kubectl, it is skipped with the reason printed; on CI it must run.
 */
@RequiresRoot
class UpstreamProviderManifestsTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("upm");

  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  @ParameterizedTest(name = "{0} with {2}")
  @CsvSource({
    "cilium.yaml,      cilium,      kubectl, cilium",
    "cilium.yaml,      cilium,      jkops,   cilium",
    "kindnet.yaml,     kindnet,     kubectl, kindnet",
    "kindnet.yaml,     kindnet,     jkops,   kindnet"
  })
  void theUpstreamManifestBringsUpItsDataPlane(
      String resource, String daemonSet, String installer, String mode) throws Exception {
    List<Path> kubectls = KubectlLocalClusterTest.kubectlsOrSkip("UpstreamProviderManifestsTest");
    Path k = kubectls.get(0);
    Cli jkops = cluster.cli();
    String name = cluster.name();
    Path kubeconfig = cniCluster();
    List<String> nodesBefore =
        kubectl(k, kubeconfig, "get", "nodes", "--no-headers").out().lines().toList();
    assertThat(nodesBefore)
        .as("no pod network yet")
        .hasSizeGreaterThanOrEqualTo(3)
        .allMatch(l -> l.contains(" NotReady "));

    Path manifest = cluster.dir().resolve(resource);
    try (InputStream in = getClass().getResourceAsStream("/upstream-manifests/" + resource)) {
      Files.copy(in, manifest);
    }
    if (installer.equals("kubectl")) {
      Run install = kubectl(k, kubeconfig, "create", "-f", manifest.toString());
      assertThat(install.code()).as(install.toString()).isZero();
      assertThat(install.out()).contains("daemonset.apps/" + daemonSet + " created");
    } else {
      Cli.Result install = jkops.run("apply", "-f", manifest.toString(), "--name", name);
      assertThat(install.code()).as(install.toString()).isZero();
    }

    List<String> nodes =
        kubectl(k, kubeconfig, "get", "nodes", "--no-headers").out().lines().toList();
    assertThat(nodes)
        .as("every node Ready")
        .hasSize(nodesBefore.size())
        .allMatch(l -> l.contains(" Ready "));
    if (installer.equals("kubectl")) {
      Run pods = kubectl(k, kubeconfig, "get", "pods", "-n", "kube-system", "-o", "wide");
      assertThat(
              pods.out()
                  .lines()
                  .filter(l -> l.startsWith(daemonSet + "-") && l.contains(" Running "))
                  .count())
          .as("one Running %s pod per node: %s", daemonSet, pods)
          .isEqualTo(nodes.size());
      assertThat(pods.out()).containsPattern("kube-dns-\\S+\\s+1/1\\s+Running");
    } else {
      // jkops apply -f installs the data plane without storing the manifest's objects in the
      // cluster's API, so kubectl lists no DaemonSet (nor its pods) then; jkops' own check:
      Cli.Result valid = jkops.run("validate", "cluster", name);
      assertThat(valid.code()).as(valid.toString()).isZero();
      assertThat(valid.out()).contains("Your cluster " + name + " is ready");
    }
    assertThat(jkops.run("get", "networking", name).out()).containsPattern("Networking\\s+" + mode);

    String server =
        podIp(jkops.run("create", "pod", "server", "--name", name, "--node", "nodes-us-test-1b-1"));
    assertThat(
            jkops
                .run("create", "pod", "client", "--name", name, "--node", "nodes-us-test-1a-1")
                .code())
        .isZero();
    Cli.Result ping =
        jkops.run("exec", "client", "--name", name, "--", "ping", "-c", "1", "-W", "2", server);
    assertThat(ping.code()).as("pod to pod across nodes: " + ping).isZero();
    assertThat(ping.out()).contains("1 received");
  }

  /**
   * kube-router's kubeadm manifest runs kube-router with {@code --run-service-proxy=false}, leaving
   * services to kube-proxy; jkops (as kops) knows kube-router only as kube-proxy's replacement, so
   * on a cni cluster, whose kube-proxy runs, both ways of installing it are refused with the field
   * and the fix, and nothing is installed: every node stays NotReady.
   */
  @org.junit.jupiter.api.Test
  void kubeRoutersKubeadmManifestIsRefusedWhileKubeProxyRuns() throws Exception {
    List<Path> kubectls = KubectlLocalClusterTest.kubectls();
    Assumptions.assumeTrue(
        !kubectls.isEmpty() || System.getenv("CI") != null, "no kubectl on this machine");
    assertThat(kubectls).as("no kubectl on this machine, and CI must run this test").isNotEmpty();
    Path k = kubectls.get(0);
    Path kubeconfig = cniCluster();
    Path manifest = cluster.dir().resolve("kube-router.yaml");
    try (InputStream in = getClass().getResourceAsStream("/upstream-manifests/kube-router.yaml")) {
      Files.copy(in, manifest);
    }
    String fix = "kube-router requires kubeProxy to be disabled";
    Run viaKubectl = kubectl(k, kubeconfig, "create", "-f", manifest.toString());
    assertThat(viaKubectl.code()).as(viaKubectl.toString()).isNotZero();
    assertThat(viaKubectl.err()).contains("spec.kubeProxy.enabled", fix);
    Cli.Result viaJkops =
        cluster.cli().run("apply", "-f", manifest.toString(), "--name", cluster.name());
    assertThat(viaJkops.code()).as(viaJkops.toString()).isNotZero();
    assertThat(viaJkops.err()).contains("spec.kubeProxy.enabled", fix);
    assertThat(kubectl(k, kubeconfig, "get", "nodes", "--no-headers").out().lines())
        .allMatch(l -> l.contains(" NotReady "));
  }

  /** A {@code --networking cni} cluster in two zones, up, and an admin kubeconfig for it. */
  private Path cniCluster() {
    Cli jkops = cluster.cli();
    String name = cluster.name();
    Cli.Result created =
        jkops.run(
            "create",
            "cluster",
            name,
            "--zones",
            "us-test-1a,us-test-1b",
            "--cloud",
            "local",
            "--networking",
            "cni",
            "--yes");
    assertThat(created.code()).as(created.toString()).isZero();
    Path kubeconfig = cluster.dir().resolve("kubeconfig");
    assertThat(
            jkops
                .run("export", "kubecfg", name, "--admin", "--kubeconfig", kubeconfig.toString())
                .code())
        .isZero();
    cluster.awaitApiServer();
    return kubeconfig;
  }

  private static String podIp(Cli.Result created) {
    assertThat(created.code()).as(created.toString()).isZero();
    return created.out().replaceAll("(?s).*with address (\\S+).*", "$1").trim();
  }

  private Run kubectl(Path kubectl, Path kubeconfig, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("HOME", cluster.dir().toString());
    pb.environment().remove("KUBECONFIG");
    Path out = Files.createTempFile(cluster.dir(), "kubectl", ".out");
    Path err = Files.createTempFile(cluster.dir(), "kubectl", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within 90s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
