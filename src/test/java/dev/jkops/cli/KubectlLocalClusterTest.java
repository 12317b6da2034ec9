package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.apiserver.ApiServerProcess;
import dev.jkops.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real kubectl (every one found on the machine: /usr/bin/kubectl, and any other on PATH)
 * against a real local cluster, through {@code jkops export kubecfg --admin}: what a user checks
 * first (cluster-info, nodes, pods with their IPs), objects made and deleted with {@code create
 * -f}, {@code run}, {@code apply -f} and {@code delete -f}, a NetworkPolicy that really stops a
 * ping and really lets it through again once deleted, the errors kubectl prints from Kubernetes'
 * Status objects, 401 without a client certificate, objects jkops only stores (ConfigMap, a CRD and
 * its custom resource), and the API server going with {@code delete cluster}. Off CI, without any
 * kubectl, it is skipped with the reason printed; on CI (scripts/setup installs one) it must run.
 */
@RequiresRoot
class KubectlLocalClusterTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("kubectl");

  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static List<Path> kubectls() {
    Map<Path, Path> byRealPath = new LinkedHashMap<>();
    List<Path> candidates =
        new ArrayList<>(List.of(Path.of("/usr/bin/kubectl"), Path.of("/usr/local/bin/kubectl")));
    // more kubectls to try, e.g. Debian's 1.20 unpacked beside a newer one:
    // JKOPS_TEST_KUBECTLS=/a/kubectl:/b/kubectl
    for (String extra : System.getenv().getOrDefault("JKOPS_TEST_KUBECTLS", "").split(":")) {
      if (!extra.isEmpty()) {
        candidates.add(Path.of(extra));
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "kubectl"));
      }
    }
    for (Path c : candidates) {
      if (Files.isExecutable(c)) {
        try {
          byRealPath.putIfAbsent(c.toRealPath(), c);
        } catch (IOException e) {
          // a dangling link: not a kubectl
        }
      }
    }
    return List.copyOf(byRealPath.values());
  }

  /**
   * {@link #kubectls()}, or the test skipped with the reason printed ({@code who} names it) when
   * there is none; on CI, where scripts/setup installs one, none is a failure.
   */
  static List<Path> kubectlsOrSkip(String who) {
    List<Path> kubectls = kubectls();
    if (kubectls.isEmpty()) {
      String reason =
          "no kubectl on this machine (scripts/setup installs Debian's kubernetes-client)";
      if (System.getenv("CI") != null) {
        throw new AssertionError(reason + ", and CI must run " + who);
      }
      System.out.println("SKIPPED " + who + ": " + reason);
      Assumptions.abort(reason);
    }
    return kubectls;
  }

  Run kubectl(Path kubectl, Path kubeconfig, String... args) throws Exception {
    return kubectl(cluster.dir(), Path.of("/dev/null"), kubectl, kubeconfig, args);
  }

  /** kubectl with HOME (and its output files) in {@code dir}, reading {@code stdin}. */
  static Run kubectl(Path dir, Path stdin, Path kubectl, Path kubeconfig, String... args)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()));
    pb.environment().put("HOME", dir.toString());
    pb.environment().remove("KUBECONFIG");
    Path out = Files.createTempFile(dir, "kubectl", ".out");
    Path err = Files.createTempFile(dir, "kubectl", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within 90s");
    }
    // kubectl before 1.21 colours cluster-info's output even into a file
    return new Run(
        p.exitValue(),
        Files.readString(out).replaceAll("\u001B\\[[;\\d]*m", ""),
        Files.readString(err).replaceAll("\u001B\\[[;\\d]*m", ""));
  }

  @Test
  void kubectlWorksAgainstALocalClusterAndItsApiGoesWithTheCluster() throws Exception {
    List<Path> kubectls = kubectlsOrSkip("KubectlLocalClusterTest");
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
            "calico",
            "--yes");
    assertThat(created.code()).as(created.toString()).isZero();
    assertThat(created.out()).contains("kube-apiserver: starting on https://127.0.0.1:");

    Path kubeconfig = cluster.dir().resolve("kube").resolve("config");
    Cli.Result exported =
        jkops.run("export", "kubecfg", name, "--admin", "--kubeconfig", kubeconfig.toString());
    assertThat(exported.code()).as(exported.toString()).isZero();
    cluster.awaitApiServer();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)))
        .isEqualTo("rw-------");
    Path noCredentials = cluster.dir().resolve("kube").resolve("no-credentials");
    assertThat(jkops.run("export", "kubecfg", name, "--kubeconfig", noCredentials.toString()).err())
        .contains("exported kubeconfig with no user authentication");

    for (Path k : kubectls) {
      try {
        checkWith(k, kubeconfig, noCredentials);
      } catch (AssertionError e) {
        throw new AssertionError("with " + k + ": " + e.getMessage(), e);
      }
    }

    checkWritesWaitForTheStateLock(kubectls.get(0), kubeconfig);
    checkWithFabric8(kubeconfig);

    int port = ApiServerProcess.port(cluster.names().runtimeDir()).orElseThrow();
    assertThat(ApiServerProcess.pid(cluster.names().runtimeDir())).isPresent();
    Cli.Result deleted = jkops.run("delete", "cluster", name, "--yes");
    assertThat(deleted.code()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).contains("kube-apiserver (pid ");
    assertThat(ApiServerProcess.pid(cluster.names().runtimeDir())).isEmpty();
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
      throw new AssertionError("something still listens on the API server's port " + port);
    } catch (java.net.ConnectException refused) {
      // nothing listens: the API went with the cluster
    }
  }

  /**
   * A kubectl write while a jkops command holds the cluster's state lock waits for it (the two
   * never interleave) and lands once the lock is let go.
   */
  private void checkWritesWaitForTheStateLock(Path k, Path kubeconfig) throws Exception {
    var state = new dev.jkops.api.store.FileStateStore(cluster.state());
    Path output = cluster.dir().resolve("locked.out");
    Path configMap = cluster.dir().resolve("locked.yaml");
    Files.writeString(
        configMap,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: locked}
        data: {a: b}
        """);
    Process create;
    try (var held =
        dev.jkops.api.store.ClusterLock.acquire(
            state,
            cluster.name(),
            dev.jkops.api.store.LockInfo.forThisProcess("jkops update cluster (a test)", Map.of()),
            java.time.Duration.ofSeconds(5),
            (holder, waited, limit) -> {})) {
      create =
          new ProcessBuilder(
                  k.toString(),
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "create",
                  "-f",
                  configMap.toString())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean ended = create.waitFor(3, TimeUnit.SECONDS);
      assertThat(ended)
          .as(
              "kubectl create while a jkops command holds the state lock: "
                  + (ended ? Files.readString(output) : ""))
          .isFalse();
      assertThat(kubectl(k, kubeconfig, "get", "configmap", "locked").code()).isNotZero();
    }
    assertThat(create.waitFor(20, TimeUnit.SECONDS)).as("kubectl create after the lock").isTrue();
    assertThat(create.exitValue()).as(Files.readString(output)).isZero();
    assertThat(
            kubectl(k, kubeconfig, "get", "configmap", "locked", "-o", "jsonpath={.data.a}").out())
        .isEqualTo("b");
  }

  private void checkWith(Path k, Path kubeconfig, Path noCredentials) throws Exception {
    String name = cluster.name();
    Run info = kubectl(k, kubeconfig, "cluster-info");
    assertThat(info.code()).as(k + " " + info).isZero();
    assertThat(info.out()).containsPattern("is running at https://127\\.0\\.0\\.1:\\d+");

    Run nodes = kubectl(k, kubeconfig, "get", "nodes", "-o", "wide");
    assertThat(nodes.code()).as(nodes.toString()).isZero();
    assertThat(nodes.out())
        .contains("INTERNAL-IP")
        .containsPattern(
            "control-plane-us-test-1a-1\\s+Ready\\s+control-plane\\s+\\S+\\s+v\\S+\\s+172\\.20\\.")
        .containsPattern("nodes-us-test-1a-1\\s+Ready\\s+node\\s+");
    Run podCidr =
        kubectl(
            k, kubeconfig, "get", "node", "nodes-us-test-1a-1", "-o", "jsonpath={.spec.podCIDR}");
    assertThat(podCidr.out()).matches("100\\.96\\.\\d+\\.0/24");

    Path objects = cluster.dir().resolve("objects.yaml");
    Files.writeString(
        objects,
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {team: shop}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec:
          containers: [{name: web, image: nginx}]
        """);
    Run made = kubectl(k, kubeconfig, "create", "-f", objects.toString());
    assertThat(made.code()).as(made.toString()).isZero();
    assertThat(made.out()).contains("namespace/shop created", "pod/web created");
    Run client = kubectl(k, kubeconfig, "run", "client", "--image=busybox", "--labels=role=client");
    assertThat(client.code()).as(client.toString()).isZero();
    assertThat(client.out()).contains("pod/client created");

    // the pod IPs kubectl shows are the ones jkops' pod network gave: the same records
    Run pods = kubectl(k, kubeconfig, "get", "pods", "-A", "-o", "wide");
    assertThat(pods.code()).as(pods.toString()).isZero();
    String webIp =
        kubectl(k, kubeconfig, "get", "pod", "web", "-n", "shop", "-o", "jsonpath={.status.podIP}")
            .out();
    assertThat(webIp).matches("100\\.96\\.\\d+\\.\\d+");
    assertThat(pods.out())
        .containsPattern(
            "shop\\s+web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+"
                + webIp.replace(".", "\\.")
                + "\\s+nodes-us-test-1a-1")
        .containsPattern("default\\s+client\\s+1/1\\s+Running");
    assertThat(cluster.cli().run("get", "pods", "-A", "-o", "wide", "--name", name).out())
        .contains(webIp);
    assertThat(ping("client", webIp)).as("ping before any policy").isTrue();

    Path policy = cluster.dir().resolve("policy.yaml");
    Files.writeString(
        policy,
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Ingress]
        """);
    Run applied = kubectl(k, kubeconfig, "apply", "-f", policy.toString());
    assertThat(applied.code()).as(applied.toString()).isZero();
    assertThat(applied.out()).contains("networkpolicy.networking.k8s.io/deny-web created");
    assertThat(ping("client", webIp)).as("ping with the policy applied through kubectl").isFalse();
    assertThat(cluster.cli().run("get", "networkpolicies", "-A", "--name", name).out())
        .contains("deny-web");
    // the file edited and applied again: the changed policy is what the kernel enforces
    Files.writeString(
        policy,
        Files.readString(policy)
            + "  ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {role:"
            + " client}}}]}]\n");
    Run reapplied = kubectl(k, kubeconfig, "apply", "-f", policy.toString());
    assertThat(reapplied.code()).as(reapplied.toString()).isZero();
    assertThat(reapplied.out()).contains("networkpolicy.networking.k8s.io/deny-web configured");
    assertThat(ping("client", webIp)).as("ping once the re-applied policy admits it").isTrue();
    Run unpolicied = kubectl(k, kubeconfig, "delete", "-f", policy.toString());
    assertThat(unpolicied.code()).as(unpolicied.toString()).isZero();
    assertThat(ping("client", webIp)).as("ping once kubectl deleted the policy").isTrue();

    // get -w: a pod made while kubectl watches shows up in its output
    Path watched = cluster.dir().resolve("watch.out");
    Process watch =
        new ProcessBuilder(k.toString(), "--kubeconfig", kubeconfig.toString(), "get", "pods", "-w")
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(watched.toFile())
            .start();
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!Files.readString(watched).contains("client") && System.nanoTime() < until) {
        Thread.sleep(100); // the list before the watch
      }
      assertThat(kubectl(k, kubeconfig, "run", "watched", "--image=busybox").code()).isZero();
      while (!Files.readString(watched).contains("watched") && System.nanoTime() < until) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(watched))
          .as("kubectl get pods -w")
          .containsPattern("watched\\s+1/1\\s+Running");
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(kubectl(k, kubeconfig, "delete", "pod", "watched").code()).isZero();

    // Kubernetes' errors, as kubectl prints them; a rejected write leaves nothing
    Run again = kubectl(k, kubeconfig, "create", "-f", objects.toString());
    assertThat(again.code()).isNotZero();
    assertThat(again.err())
        .contains("Error from server (AlreadyExists)", "namespaces \"shop\" already exists")
        .contains("pods \"web\" already exists");
    Run missing = kubectl(k, kubeconfig, "get", "pod", "nope");
    assertThat(missing.err()).contains("Error from server (NotFound): pods \"nope\" not found");
    Path bad = cluster.dir().resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: bad, namespace: shop}
        spec:
          podSelector: {}
          ingress: [{ports: [{protocol: SCTPX, port: 80}]}]
        """);
    Run invalid = kubectl(k, kubeconfig, "create", "-f", bad.toString());
    assertThat(invalid.code()).isNotZero();
    assertThat(invalid.err()).contains("is invalid", "spec.ingress[0].ports[0].protocol", "SCTPX");
    assertThat(kubectl(k, kubeconfig, "get", "networkpolicies", "-A").err())
        .contains("No resources found");
    // kubectl's `create <kind>` generators send protobuf (kubectl 1.32 does), which this server
    // does not read: either the object is made (a kubectl that sends JSON) or the error says what
    // works instead, and nothing is made.
    Run generated =
        kubectl(
            k, kubeconfig, "create", "configmap", "generated", "-n", "shop", "--from-literal=a=b");
    Run generatedThere = kubectl(k, kubeconfig, "get", "configmap", "generated", "-n", "shop");
    if (generated.code() != 0) {
      assertThat(generated.err()).contains("protobuf", "kubectl create -f FILE");
      assertThat(generatedThere.code()).as(generatedThere.out()).isNotZero();
    } else {
      assertThat(generatedThere.code()).as(generatedThere.err()).isZero();
    }

    // no credentials: 401, which kubectl reports as such
    Run unauthorized = kubectl(k, noCredentials, "--token", "not-a-credential", "get", "pods");
    assertThat(unauthorized.code()).isNotZero();
    assertThat(unauthorized.err()).contains("Unauthorized");

    // objects jkops has no behaviour for are stored and served back
    Path stored = cluster.dir().resolve("stored.yaml");
    Files.writeString(
        stored,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: shop}
        data: {colour: blue}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget}
          versions:
          - name: v1
            served: true
            storage: true
            schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        """);
    Run storedRun = kubectl(k, kubeconfig, "apply", "-f", stored.toString());
    assertThat(storedRun.code()).as(storedRun.toString()).isZero();
    assertThat(
            kubectl(
                    k,
                    kubeconfig,
                    "get",
                    "configmap",
                    "settings",
                    "-n",
                    "shop",
                    "-o",
                    "jsonpath={.data.colour}")
                .out())
        .isEqualTo("blue");
    Path widget = cluster.dir().resolve("widget.yaml");
    Files.writeString(
        widget,
        """
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w1, namespace: shop}
        spec: {size: 3}
        """);
    Run widgetRun = kubectl(k, kubeconfig, "create", "-f", widget.toString());
    assertThat(widgetRun.code()).as(widgetRun.toString()).isZero();
    assertThat(
            kubectl(
                    k,
                    kubeconfig,
                    "get",
                    "widgets",
                    "-n",
                    "shop",
                    "w1",
                    "-o",
                    "jsonpath={.spec.size}")
                .out())
        .isEqualTo("3");

    checkReapplyMergesByKey(k, kubeconfig);

    // delete -f: the namespace takes its pod with it, on the machine too
    Run gone = kubectl(k, kubeconfig, "delete", "-f", objects.toString());
    assertThat(gone.code()).as(gone.toString()).isZero();
    assertThat(gone.out()).contains("namespace \"shop\" deleted", "pod \"web\" deleted");
    Run clientGone = kubectl(k, kubeconfig, "delete", "pod", "client");
    assertThat(clientGone.code()).as(clientGone.toString()).isZero();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (kubectl(k, kubeconfig, "get", "namespace", "shop").code() == 0
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(kubectl(k, kubeconfig, "get", "namespace", "shop").err()).contains("NotFound");
    assertThat(cluster.cli().run("get", "pods", "-A", "--name", name).out())
        .doesNotContain("web", "client");
    assertThat(
            dev.jkops.cloud.local.kernel.Kernel.system()
                .netns()
                .list(cluster.names().prefix() + "p-"))
        .isEmpty();
  }

  /**
   * {@code kubectl apply} of an edited file sends a strategic merge patch: containers merge by
   * name, ports by containerPort, env by name, a container another writer added stays, one the file
   * dropped goes, as on Kubernetes.
   */
  private void checkReapplyMergesByKey(Path k, Path kubeconfig) throws Exception {
    Path deployment = cluster.dir().resolve("deployment.yaml");
    String v1 =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: shopfront, namespace: shop}
        spec:
          replicas: 1
          selector: {matchLabels: {app: shopfront}}
          template:
            metadata: {labels: {app: shopfront}}
            spec:
              containers:
              - name: web
                image: nginx:1.25
                ports: [{containerPort: 80}, {containerPort: 81}]
                env: [{name: COLOUR, value: blue}]
              - name: old
                image: busybox
        """;
    Files.writeString(deployment, v1);
    Run first = kubectl(k, kubeconfig, "apply", "-f", deployment.toString());
    assertThat(first.code()).as(first.toString()).isZero();
    Run sidecar =
        kubectl(
            k,
            kubeconfig,
            "patch",
            "deployment",
            "shopfront",
            "-n",
            "shop",
            "-p",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\","
                + "\"image\":\"envoy\"}]}}}}");
    assertThat(sidecar.code()).as(sidecar.toString()).isZero();
    Files.writeString(
        deployment,
        v1.replace("{containerPort: 81}", "{containerPort: 8080}")
            .replace("nginx:1.25", "nginx:1.27")
            .replace(
                "[{name: COLOUR, value: blue}]",
                "[{name: COLOUR, value: blue}, {name: SIZE, value: m}]")
            .replace("      - name: old\n        image: busybox\n", ""));
    Run second = kubectl(k, kubeconfig, "apply", "-f", deployment.toString());
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(second.out()).contains("deployment.apps/shopfront configured");
    String containers =
        kubectl(
                k,
                kubeconfig,
                "get",
                "deployment",
                "shopfront",
                "-n",
                "shop",
                "-o",
                "jsonpath={range .spec.template.spec.containers[*]}{.name}={.image}"
                    + " ports={.ports[*].containerPort} env={.env[*].name};{end}")
            .out();
    assertThat(containers)
        .isEqualTo("web=nginx:1.27 ports=80 8080 env=COLOUR SIZE;sidecar=envoy ports= env=;");
  }

  /**
   * The networking guide's step on a cni cluster: {@code kubectl create -f weave.yaml} installs
   * weave's data plane on every node (NotReady to Ready), its DaemonSet shows one pod per node, and
   * kube-dns, absent before, runs.
   */
  @Test
  void kubectlCreateOfAProviderManifestInstallsItsDataPlane() throws Exception {
    List<Path> kubectls = kubectls();
    Assumptions.assumeTrue(
        !kubectls.isEmpty() || System.getenv("CI") != null, "no kubectl on this machine");
    assertThat(kubectls).as("no kubectl on this machine, and CI must run this test").isNotEmpty();
    Path k = kubectls.get(0);
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
    assertThat(kubectl(k, kubeconfig, "get", "nodes").out())
        .containsPattern("nodes-us-test-1a-1\\s+NotReady");
    assertThat(kubectl(k, kubeconfig, "get", "pods", "-A").out()).doesNotContain("kube-dns");

    Path weave = cluster.dir().resolve("weave.yaml");
    Files.writeString(
        weave,
        dev.jkops.model.NetworkPlanner.plan(
                dev.jkops.cloud.local.LocalTestClusters.twoZones("m.example.com", "weave"),
                dev.jkops.model.ipam.IpamState.empty())
            .addons()
            .stream()
            .map(dev.jkops.model.AddonManifest::manifest)
            .collect(java.util.stream.Collectors.joining("\n---\n")));
    Run install = kubectl(k, kubeconfig, "create", "-f", weave.toString());
    assertThat(install.code()).as(install.toString()).isZero();
    assertThat(install.out()).contains("daemonset.apps/weave-net created");

    Run nodes = kubectl(k, kubeconfig, "get", "nodes");
    assertThat(nodes.out())
        .containsPattern("nodes-us-test-1a-1\\s+Ready")
        .doesNotContain("NotReady");
    Run pods = kubectl(k, kubeconfig, "get", "pods", "-n", "kube-system", "-o", "wide");
    assertThat(
            pods.out()
                .lines()
                .filter(l -> l.startsWith("weave-net-") && l.contains(" Running "))
                .count())
        .as(pods.toString())
        .isEqualTo(2);
    assertThat(pods.out()).containsPattern("kube-dns-1\\s+1/1\\s+Running");
    assertThat(jkops.run("get", "networking", name).out()).containsPattern("Networking\\s+weave");
  }

  /**
   * With three masters, losing one etcd member leaves the API reading and writing (the other two
   * keep quorum).
   */
  @Test
  void withThreeMastersTheApiKeepsServingAfterAnEtcdMemberIsLost() throws Exception {
    List<Path> kubectls = kubectls();
    Assumptions.assumeTrue(
        !kubectls.isEmpty() || System.getenv("CI") != null, "no kubectl on this machine");
    assertThat(kubectls).as("no kubectl on this machine, and CI must run this test").isNotEmpty();
    Path k = kubectls.get(0);
    Cli jkops = cluster.cli();
    String name = cluster.name();
    Cli.Result created =
        jkops.run(
            "create",
            "cluster",
            name,
            "--zones",
            "us-test-1a,us-test-1b,us-test-1c",
            "--master-count",
            "3",
            "--cloud",
            "local",
            "--networking",
            "calico",
            "--yes");
    assertThat(created.code()).as(created.toString()).isZero();
    Path kubeconfig = cluster.dir().resolve("kubeconfig");
    assertThat(
            jkops
                .run("export", "kubecfg", name, "--admin", "--kubeconfig", kubeconfig.toString())
                .code())
        .isZero();
    cluster.awaitApiServer();
    assertThat(kubectl(k, kubeconfig, "run", "before", "--image=busybox").code()).isZero();

    var etcd =
        dev.jkops.cloud.local.etcd.EtcdControlPlane.existing(cluster.names().runtimeDir())
            .orElseThrow();
    assertThat(etcd.stop(etcd.requireMember("control-plane-us-test-1a-1"))).isTrue();

    Run pods = kubectl(k, kubeconfig, "get", "pods", "-o", "wide");
    assertThat(pods.code()).as(pods.toString()).isZero();
    assertThat(pods.out()).containsPattern("before\\s+1/1\\s+Running");
    Run after = kubectl(k, kubeconfig, "run", "after", "--image=busybox");
    assertThat(after.code()).as(after.toString()).isZero();
    assertThat(
            kubectl(k, kubeconfig, "get", "pod", "after", "-o", "jsonpath={.status.podIP}").out())
        .matches("100\\.96\\.\\d+\\.\\d+");
    assertThat(
            kubectl(k, kubeconfig, "get", "nodes")
                .out()
                .lines()
                .filter(l -> l.contains(" Ready "))
                .count())
        .isEqualTo(6);
  }

  /** fabric8's KubernetesClient, a client jkops did not write, through the same kubeconfig. */
  private void checkWithFabric8(Path kubeconfig) throws Exception {
    io.fabric8.kubernetes.client.Config config =
        io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(kubeconfig));
    try (io.fabric8.kubernetes.client.KubernetesClient client =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(client.nodes().list().getItems())
          .extracting(n -> n.getMetadata().getName())
          .contains("control-plane-us-test-1a-1", "nodes-us-test-1a-1");
      io.fabric8.kubernetes.api.model.Pod pod =
          new io.fabric8.kubernetes.api.model.PodBuilder()
              .withNewMetadata()
              .withName("from-java")
              .withNamespace("default")
              .addToLabels("app", "java")
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("c")
              .withImage("busybox")
              .endContainer()
              .endSpec()
              .build();
      io.fabric8.kubernetes.api.model.Pod made =
          client.pods().inNamespace("default").resource(pod).create();
      assertThat(made.getStatus().getPodIP()).matches("100\\.96\\.\\d+\\.\\d+");
      assertThat(cluster.cli().run("get", "pods", "--name", cluster.name()).out())
          .contains("from-java");
      client
          .configMaps()
          .inNamespace("default")
          .resource(
              new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("java-settings")
                  .endMetadata()
                  .addToData("k", "v")
                  .build())
          .create();
      assertThat(
              client.configMaps().inNamespace("default").withName("java-settings").get().getData())
          .containsEntry("k", "v");
      io.fabric8.kubernetes.client.KubernetesClientException conflict =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              () -> client.pods().inNamespace("default").resource(pod).create(),
              io.fabric8.kubernetes.client.KubernetesClientException.class);
      assertThat(conflict.getCode()).isEqualTo(409);
      client.pods().inNamespace("default").withName("from-java").delete();
      assertThat(client.pods().inNamespace("default").withName("from-java").get()).isNull();
    }
  }

  private boolean ping(String pod, String ip) {
    Cli.Result r =
        cluster
            .cli()
            .run("exec", pod, "--name", cluster.name(), "--", "ping", "-c", "1", "-W", "2", ip);
    return r.code() == 0 && r.out().contains("1 received");
  }
}
