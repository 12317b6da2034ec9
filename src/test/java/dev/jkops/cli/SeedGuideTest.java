package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.apiserver.ApiServerProcess;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.LocalNodes;
import dev.jkops.cloud.local.pods.NodeNetwork;
import dev.jkops.testing.RequiresRoot;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed, executed: every command sequence of the networking guide
 * (../shared/seed/kops-networking-guide.md), as written, with {@code kops} replaced by {@code
 * jkops} and local zones where the guide has AWS ones (its {@code $ZONES} is "mylistofzones":
 * three, so the HA clusters get one control plane per zone; node counts are kops' default, one per
 * zone). Each cluster is then validated and deleted as a user would, and its fixture fails the test
 * if anything of it is left on the machine.
 *
 * <p>The guide's {@code kubectl} lines run with the real kubectl (the one on PATH; CI installs
 * Debian's kubernetes-client where there is none) against the cluster's API, through the context
 * {@code create cluster --yes} made current, as kops' does: {@code kubectl cluster-info} as
 * written, and {@code kubectl create -f} of weave's manifest. One deviation: the manifest is a
 * local file, not {@code https://git.io/weave-kube} (the test has no network), and it is weave's
 * manifest for Kubernetes 1.11+: the guide's 2017 one (an extensions/v1beta1 DaemonSet) is refused
 * by kubectl against this 1.32 API, as by any Kubernetes since 1.16, which the test checks too.
 * Without a kubectl, and CI unset, those steps are skipped with the reason printed and weave is
 * installed with {@code jkops apply -f}.
 */
@RequiresRoot
class SeedGuideTest {
  /** The guide's {@code $ZONES}, local. */
  static final String ZONES = "zone-a,zone-b,zone-c";

  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("seed");
  final Cli cli = cluster.cli();
  final String name = cluster.name();

  /**
   * "to install kopeio-vxlan execute the following: {@code kops create cluster --networking
   * kopeio-vxlan}". No name (KOPS_CLUSTER_NAME) and no zones (the local cloud's default zone); the
   * guide stops there, so the cluster is brought up as create's next steps say.
   */
  @Test
  void kopeioVxlan() {
    cluster.env(ClusterNameOption.ENV, name);
    Cli.Result create = ok("create", "cluster", "--networking", "kopeio-vxlan");
    assertThat(create.out())
        .contains(
            "Finally configure your cluster with: jkops update cluster --name " + name + " --yes");
    ok("update", "cluster", "--name", name, "--yes");
    validatedAndDeleted("kopeio");
  }

  /**
   * "Installation Weave on a new Cluster": the HA {@code --networking cni --yes} cluster, which the
   * guide says is not usable until a provider is installed ({@code validate} exits 2, kops' code
   * for a cluster that fails validation), then weave from its manifest.
   */
  @Test
  void cniThenWeave() throws Exception {
    Cli.Result create =
        ok(
            "create",
            "cluster",
            "--zones",
            ZONES,
            "--master-zones",
            ZONES,
            "--master-size",
            "m4.large",
            "--node-size",
            "m4.large",
            "--networking",
            "cni",
            "--yes",
            "--name",
            name);
    // as kops: the new cluster's context, with an admin credential, is kubectl's current one
    assertThat(create.out()).contains("jkops has set your kubectl context to " + name);
    assertThat(create.err()).doesNotContain("no user authentication");
    assertHa();
    Cli.Result before = timed("validate", "cluster", name);
    assertThat(before.code()).as("no pod network yet: " + before).isEqualTo(2);
    assertThat(before.out()).endsWith("Validation Failed\n");

    Optional<Path> kubectl = kubectlOnPath();
    if (kubectl.isPresent()) {
      weaveWithKubectl(kubectl.get());
    } else {
      String reason = "no kubectl on PATH (scripts/setup installs Debian's kubernetes-client)";
      if (System.getenv("CI") != null) {
        throw new AssertionError(reason + ", and CI must run the guide's kubectl steps");
      }
      System.out.println(
          "SKIPPED SeedGuideTest's kubectl steps (cluster-info, create -f weave): "
              + reason
              + "; weave is installed with jkops apply -f instead");
      Path weave = cluster.dir().resolve("weave-kube.yaml");
      Files.writeString(weave, WEAVE_KUBE);
      ok("apply", "-f", weave.toString(), "--name", name);
    }
    assertThat(nodeNetworks())
        .as("every node's kubelet now has weave's network")
        .containsOnly("weave")
        .hasSize(6);
    // 'get networking' still says cni after the install: issue 21 (item 4) makes it name the
    // running provider
    validatedAndDeleted(null);
  }

  /** "Installing Calico on a new Cluster": HA, {@code --networking calico --yes}. */
  @Test
  void calicoHa() {
    ok(
        "create",
        "cluster",
        "--zones",
        ZONES,
        "--master-zones",
        ZONES,
        "--master-size",
        "m4.large",
        "--node-size",
        "m4.large",
        "--networking",
        "calico",
        "--yes",
        "--name",
        name);
    assertHa();
    validatedAndDeleted("calico");
  }

  /**
   * "Installing Canal on a new Cluster": HA, {@code --networking canal --yes}, run as its own
   * process through {@code Main.main}, which builds only the verb named at start-up, as the
   * installed jkops does.
   */
  @Test
  void canalHaAsItsOwnProcess() {
    long t0 = System.nanoTime();
    JkopsProcess.Result create =
        new JkopsProcess(cluster.env(), cluster.dir().resolve("logs"))
            .run(
                null,
                "create",
                "cluster",
                "--zones",
                ZONES,
                "--master-zones",
                ZONES,
                "--master-size",
                "m4.large",
                "--node-size",
                "m4.large",
                "--networking",
                "canal",
                "--yes",
                "--name",
                name);
    report("jkops create cluster ... --networking canal --yes (own process)", t0);
    assertThat(create.code()).as(create.toString()).isZero();
    assertThat(create.out())
        .contains("Cluster configuration has been created.", "Cluster changes have been applied");
    assertHa();
    validatedAndDeleted("canal");
  }

  /**
   * "Switching between networking providers": a running classic cluster (classic needs Kubernetes
   * 1.4, as kops), {@code edit cluster} changing the word classic to kubenet, then the guide's four
   * commands, all with no name: as in kops, each takes the cluster from kubectl's current context,
   * which {@code create cluster --yes} set. Every node, control plane included, then runs kubenet.
   */
  @Test
  void classicToKubenet() throws IOException {
    ok(
        "create",
        "cluster",
        "--name",
        name,
        "--networking",
        "classic",
        "--kubernetes-version",
        "v1.4.8",
        "--yes");
    assertThat(nodeNetworks()).as("before the switch").containsOnly("classic");

    String config = Files.readString(cluster.state().resolve(name).resolve("config"));
    assertThat(config).as("kops edit cluster shows").contains("  networking:\n    classic: {}\n");
    cluster.env("EDITOR", "sed -i 's/^    classic: {}$/    kubenet: {}/'");
    ok("edit", "cluster");
    assertThat(Files.readString(cluster.state().resolve(name).resolve("config")))
        .contains("  networking:\n    kubenet: {}\n");

    Cli.Result preview = ok("update", "cluster"); // to preview
    assertThat(preview.out()).contains("switch classic -> kubenet", "2 of 2 instances need update");
    ok("update", "cluster", "--yes"); // to apply
    Cli.Result table = ok("rolling-update", "cluster"); // to preview the rolling-update
    assertThat(table.out())
        .contains("NeedsUpdate")
        .contains("Must specify --yes to rolling-update.");
    Cli.Result roll = ok("rolling-update", "cluster", "--yes"); // to roll all your instances
    assertThat(roll.out()).contains("(2 instances replaced)");
    for (Cli.Result r : List.of(preview, table, roll)) {
      assertThat(r.err()).contains("Using cluster from kubectl context: " + name);
    }

    // the guide: "SSH to the master and verify that kubelet has been run with
    // --network-plugin=kubenet"; a local
    // node's kubelet is the CNI config jkops gives it, so read it on every node, the master
    // included
    assertThat(nodeNetworks()).as("after the roll").containsOnly("kubenet").hasSize(2);
    assertThat(cluster.leftovers()).as("nothing of classic left").isEmpty();
    validatedAndDeleted("kubenet");
  }

  /**
   * The guide's kubectl lines, with the real kubectl and the kubectl context {@code create cluster
   * --yes} made current, with an admin credential, as kops' does: "Once the cluster is stable,
   * which you can check with a {@code kubectl cluster-info} command", then "weave will install with
   * the following command: {@code kubectl create -f https://git.io/weave-kube}", the manifest from
   * a local file (no network). A user then sees weave's DaemonSet with a Running pod on each of the
   * six nodes and kube-dns Running.
   */
  private void weaveWithKubectl(Path kubectl) throws Exception {
    cluster.awaitApiServer();
    int port = ApiServerProcess.port(cluster.names().runtimeDir()).orElseThrow();

    KubectlRun info = kubectl(kubectl, "cluster-info");
    assertThat(info.code()).as(info.toString()).isZero();
    assertThat(info.out())
        .as("cluster-info names the cluster's API")
        .containsPattern("is running at https://127\\.0\\.0\\.1:" + port + "\\b");

    // weave's manifest of the guide's time is an extensions/v1beta1 DaemonSet, which Kubernetes
    // stopped serving in 1.16: against this 1.32 cluster kubectl refuses it as it would against
    // any, and nothing is installed
    Path old = cluster.dir().resolve("weave-kube-1.5.yaml");
    Files.writeString(old, WEAVE_KUBE);
    KubectlRun refused = kubectl(kubectl, "create", "-f", old.toString());
    assertThat(refused.code()).as(refused.toString()).isNotZero();
    assertThat(refused.err())
        .contains("no matches for kind \"DaemonSet\" in version \"extensions/v1beta1\"");
    assertThat(kubectl(kubectl, "get", "daemonsets", "-A").out())
        .as("the refused manifest left no DaemonSet")
        .doesNotContain("weave-net");

    // the one deviation from the guide: the manifest is a local file, not
    // https://git.io/weave-kube (no network here); it is weave's manifest for Kubernetes 1.11+
    Path weave = cluster.dir().resolve("weave-kube.yaml");
    Files.writeString(weave, WEAVE_KUBE_APPS_V1);
    KubectlRun create = kubectl(kubectl, "create", "-f", weave.toString());
    assertThat(create.code()).as(create.toString()).isZero();
    assertThat(create.out())
        .contains("serviceaccount/weave-net created", "daemonset.apps/weave-net created");

    KubectlRun nodes = kubectl(kubectl, "get", "nodes");
    assertThat(nodes.code()).as(nodes.toString()).isZero();
    assertThat(nodes.out().lines().skip(1).filter(l -> l.contains(" Ready ")).count())
        .as("every node Ready once weave runs\n" + nodes.out())
        .isEqualTo(6);
    KubectlRun pods = kubectl(kubectl, "get", "pods", "-n", "kube-system", "-o", "wide");
    assertThat(pods.code()).as(pods.toString()).isZero();
    assertThat(
            pods.out()
                .lines()
                .filter(l -> l.startsWith("weave-net-") && l.contains(" Running "))
                .count())
        .as("a Running weave pod on each node\n" + pods.out())
        .isEqualTo(6);
    assertThat(pods.out()).as("kube-dns starts").containsPattern("kube-dns-\\S+\\s+1/1\\s+Running");
  }

  /** A kubectl run's exit code and output, colour codes removed. */
  record KubectlRun(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /**
   * {@code kubectl ARGS} as a user types it after {@code jkops create cluster --yes}: HOME is the
   * test's dir, as it is jkops', so kubectl reads the {@code ~/.kube/config} jkops wrote (and keeps
   * its cache there); {@code KUBECONFIG} is unset.
   */
  private KubectlRun kubectl(Path kubectl, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(kubectl.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("HOME", cluster.dir().toString());
    pb.environment().remove("KUBECONFIG");
    Path out = Files.createTempFile(cluster.dir(), "kubectl", ".out");
    Path err = Files.createTempFile(cluster.dir(), "kubectl", ".err");
    long t0 = System.nanoTime();
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within 180s");
    }
    report("kubectl " + String.join(" ", args), t0);
    // kubectl before 1.21 colours cluster-info's output even into a file
    return new KubectlRun(
        p.exitValue(),
        Files.readString(out).replaceAll("\u001B\\[[;\\d]*m", ""),
        Files.readString(err).replaceAll("\u001B\\[[;\\d]*m", ""));
  }

  /** The kubectl a user's shell runs: the first on PATH. */
  private static Optional<Path> kubectlOnPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
        return Optional.of(Path.of(dir, "kubectl"));
      }
    }
    return Optional.empty();
  }

  /**
   * HA as the guide's $ZONES makes it: a control plane in each of the three zones, and kops' one
   * node per zone.
   */
  private void assertHa() {
    List<String> roles =
        ok("get", "nodes", "--name", name)
            .out()
            .lines()
            .skip(1)
            .map(l -> l.trim().split("\\s+")[2])
            .sorted()
            .toList();
    assertThat(roles)
        .containsExactly("control-plane", "control-plane", "control-plane", "node", "node", "node");
  }

  /**
   * The network each node's kubelet configures, from the CNI config the node has: one entry per
   * node.
   */
  private List<String> nodeNetworks() throws IOException {
    List<String> networks = new ArrayList<>();
    for (NodeNetwork node : new LocalNodes(Kernel.system(), cluster.names()).list()) {
      assertThat(node.cniConfFile()).as(node.instance() + " has a pod network").isPresent();
      networks.add(
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(node.cniConfFile().get().toFile())
              .path("name")
              .asText());
    }
    return networks;
  }

  /**
   * {@code jkops validate cluster} passes, {@code get networking} names {@code provider} (unless
   * null), then {@code delete cluster --yes}.
   */
  private void validatedAndDeleted(String provider) {
    Cli.Result valid = ok("validate", "cluster", "--name", name);
    assertThat(valid.out()).endsWith("Your cluster " + name + " is ready\n");
    if (provider != null) {
      Cli.Result networking = ok("get", "networking", "--name", name);
      assertThat(networking.out())
          .as("get networking names the running provider")
          .containsPattern("(?m)^Networking\\s+" + provider);
    }
    ok("delete", "cluster", "--name", name, "--yes");
    assertThat(cluster.cli().run("get", "clusters").out()).doesNotContain(name);
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = timed(args);
    assertThat(r.code()).as("jkops " + String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  private Cli.Result timed(String... args) {
    long t0 = System.nanoTime();
    Cli.Result r = cli.run(args);
    report("jkops " + String.join(" ", args), t0);
    return r;
  }

  private static void report(String what, long t0) {
    System.out.printf("SeedGuideTest: %.1fs %s%n", (System.nanoTime() - t0) / 1e9, what);
  }

  /**
   * Weave's DaemonSet as https://git.io/weave-kube served it for Kubernetes 1.4-1.5 (weave 1.9):
   * the router and the network policy controller; jkops recognises weave by the weave-kube image,
   * as docs/apply-provider.md says. kubectl refuses it against a 1.32 API (no extensions/v1beta1);
   * {@code jkops apply -f} installs it where no kubectl is.
   */
  static final String WEAVE_KUBE =
      """
      apiVersion: extensions/v1beta1
      kind: DaemonSet
      metadata:
        name: weave-net
        namespace: kube-system
      spec:
        template:
          metadata:
            labels:
              name: weave-net
          spec:
            hostNetwork: true
            hostPID: true
            containers:
              - name: weave
                image: weaveworks/weave-kube:1.9.4
                command:
                  - /home/weave/launch.sh
                securityContext:
                  privileged: true
              - name: weave-npc
                image: weaveworks/weave-npc:1.9.4
                securityContext:
                  privileged: true
            restartPolicy: Always
      """;

  /**
   * Weave's manifest for Kubernetes 1.11 and later (weave 2.8.1, its last release): the service
   * account and RBAC weave's router and policy controller use, and the apps/v1 DaemonSet on every
   * node's host network.
   */
  static final String WEAVE_KUBE_APPS_V1 =
      """
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: weave-net
        namespace: kube-system
        labels:
          name: weave-net
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: weave-net
        labels:
          name: weave-net
      rules:
        - apiGroups: [""]
          resources: [pods, namespaces, nodes]
          verbs: [get, list, watch]
        - apiGroups: [networking.k8s.io]
          resources: [networkpolicies]
          verbs: [get, list, watch]
        - apiGroups: [""]
          resources: [nodes/status]
          verbs: [patch, update]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata:
        name: weave-net
        labels:
          name: weave-net
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: ClusterRole
        name: weave-net
      subjects:
        - kind: ServiceAccount
          name: weave-net
          namespace: kube-system
      ---
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: weave-net
        namespace: kube-system
        labels:
          name: weave-net
      spec:
        selector:
          matchLabels:
            name: weave-net
        updateStrategy:
          type: RollingUpdate
        template:
          metadata:
            labels:
              name: weave-net
          spec:
            serviceAccountName: weave-net
            hostNetwork: true
            hostPID: false
            dnsPolicy: ClusterFirstWithHostNet
            priorityClassName: system-node-critical
            tolerations:
              - effect: NoSchedule
                operator: Exists
              - effect: NoExecute
                operator: Exists
            containers:
              - name: weave
                image: weaveworks/weave-kube:2.8.1
                command: [/home/weave/launch.sh]
                env:
                  - name: HOSTNAME
                    valueFrom:
                      fieldRef:
                        apiVersion: v1
                        fieldPath: spec.nodeName
                securityContext:
                  privileged: true
              - name: weave-npc
                image: weaveworks/weave-npc:2.8.1
                securityContext:
                  privileged: true
            restartPolicy: Always
      """;
}
