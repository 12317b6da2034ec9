package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.StateStores;
import dev.jkops.cloud.local.LocalClusterUpdate;
import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import dev.jkops.cloud.local.etcd.EtcdMember;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ProgressListener;
import dev.jkops.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local control plane as a user sees it: an HA cluster (three masters, an etcd member on each)
 * comes up and validates; losing one master keeps it working and update brings the master back with
 * its data; losing two refuses writes cleanly; a master is replaced without losing data. Every etcd
 * process of the cluster is gone after each test. Keys are checked with etcdctl, not with jkops'
 * own client.
 */
@RequiresRoot
class ControlPlaneHaTest {
  static final String POLICY =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web-only-from-client, namespace: default}
      spec:
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{podSelector: {matchLabels: {role: client}}}]
      """;

  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("ha");
  final String name = cluster.name();
  final Cli cli = cluster.cli().env("KOPS_CLUSTER_NAME", name);
  final ClusterNames names = cluster.names();
  final Path dir = cluster.dir();

  /** Runs before the fixture deletes the cluster and checks that no etcd process is left. */
  @AfterEach
  void printEtcdLogs() throws IOException {
    Path etcdDir = EtcdControlPlane.dirOf(names.runtimeDir());
    if (Files.isDirectory(etcdDir)) { // the members' last words, for a failed test's report
      try (var logs = Files.walk(etcdDir)) {
        for (Path log : logs.filter(f -> f.getFileName().toString().equals("etcd.log")).toList()) {
          List<String> lines = Files.readAllLines(log);
          System.out.println(
              "== "
                  + log
                  + "\n"
                  + String.join("\n", lines.subList(Math.max(0, lines.size() - 6), lines.size())));
        }
      }
    }
  }

  private void createHa(String networking) throws IOException {
    boolean calicoEtcd = networking.equals("calico-etcd");
    Cli.Result c =
        cli.run(
            "create",
            "cluster",
            name,
            "--zones",
            "zone-a,zone-b,zone-c",
            "--master-zones",
            "zone-a,zone-b,zone-c",
            "--node-count",
            "2",
            "--networking",
            calicoEtcd ? "calico" : networking);
    assertThat(c.code()).as(c.toString()).isZero();
    if (calicoEtcd) { // calico's etcd datastore, as a user picks it: edit cluster
      Path editor = dir.resolve("datastore.sh");
      Files.writeString(
          editor, "#!/bin/sh\nsed -i 's/calico: {}/calico: {datastore: etcd}/' \"$1\"\n");
      editor.toFile().setExecutable(true);
      Cli.Result edit = cli.env("EDITOR", editor.toString()).run("edit", "cluster", name);
      assertThat(edit.code()).as(edit.toString()).isZero();
    }
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();
    assertThat(up.out())
        .contains(
            "etcd: started member control-plane-zone-a-1",
            "etcd: started member control-plane-zone-b-1",
            "etcd: started member control-plane-zone-c-1");
  }

  private EtcdControlPlane etcd() {
    return EtcdControlPlane.existing(names.runtimeDir()).orElseThrow();
  }

  private EtcdMember member(String instance) {
    return etcd().requireMember(instance);
  }

  /** Stops a master as a failed machine would go: its etcd member and its namespace. */
  private void loseMaster(String instance) {
    EtcdControlPlane cp = etcd();
    assertThat(cp.stop(cp.requireMember(instance))).isTrue();
    LocalClusterUpdate.deleteInstanceNamespace(Kernel.system(), names, instance);
  }

  /** etcdctl against one member's socket, serializable, so it answers even without a quorum. */
  static String etcdctl(EtcdMember m, String... args) throws IOException, InterruptedException {
    return etcdctl("unix://" + m.socket(), args);
  }

  static String etcdctl(String endpoints, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoints, "--command-timeout=5s"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  static String keys(EtcdMember m, String prefix) throws IOException, InterruptedException {
    return etcdctl(m, "get", "--prefix", "--keys-only", "--consistency=s", prefix);
  }

  private Path policyFile() throws IOException {
    Path f = dir.resolve("policy.yaml");
    Files.writeString(f, POLICY);
    return f;
  }

  @Test
  void anHaClusterWithCalicoOnEtcdKeepsWorkingWithoutOneMasterAndTheMasterRejoinsWithItsData()
      throws Exception {
    createHa("calico-etcd");
    EtcdMember a = member("control-plane-zone-a-1");
    String nodeIp =
        etcdctl(a, "get", "--print-value-only", "/calico/bgp/v1/host/nodes-zone-a-1/ip_addr_v4")
            .trim();
    assertThat(nodeIp)
        .isEqualTo(
            cli.run("get", "nodes", "-o", "wide")
                .out()
                .lines()
                .filter(l -> l.startsWith("nodes-zone-a-1"))
                .findFirst()
                .orElseThrow()
                .split("\\s+")[3]);
    String blocks = keys(a, "/calico/ipam/v2/");
    assertThat(blocks)
        .containsPattern("/calico/ipam/v2/host/nodes-zone-a-1/ipv4/block/100\\.96\\.\\d+\\.0-24")
        .containsPattern("/calico/ipam/v2/assignment/ipv4/block/100\\.96\\.\\d+\\.0-24");
    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();
    assertThat(valid.out())
        .containsPattern(
            "ETCD \\(3 of 3 members healthy \\(quorum 2\\), leader control-plane-zone-.-1\\)")
        .containsPattern("control-plane-zone-b-1\\s+172\\.20\\.\\d+\\.\\d+\\s+True\\s+True");
    String endpoints =
        String.join(",", etcd().members().stream().map(m -> "unix://" + m.socket()).toList());
    String status = etcdctl(endpoints, "endpoint", "status", "-w", "json");
    var statuses =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(status.substring(status.indexOf('[')));
    assertThat(statuses).as(status).hasSize(3);
    long leaders = 0;
    for (var st : statuses) {
      if (st.path("Status")
          .path("leader")
          .asText()
          .equals(st.path("Status").path("header").path("member_id").asText())) {
        leaders++;
      }
    }
    assertThat(leaders).as("exactly one member leads: " + status).isEqualTo(1);
    // clients reach etcd only by its unix socket: nothing of etcd listens in the host's network
    // namespace
    Process ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
    assertThat(new String(ss.getInputStream().readAllBytes())).doesNotContain("\"etcd\"");

    loseMaster("control-plane-zone-b-1");
    Cli.Result pod = cli.run("create", "pod", "web", "--labels", "app=web");
    assertThat(pod.code()).as(pod.toString()).isZero();
    Cli.Result apply = cli.run("apply", "-f", policyFile().toString(), "--name", name);
    assertThat(apply.code()).as(apply.toString()).isZero();
    Cli.Result degraded = cli.run("validate", "cluster", name);
    assertThat(degraded.code()).as(degraded.toString()).isZero();
    assertThat(degraded.out())
        .contains("ETCD (2 of 3 members healthy (quorum 2)", "VALIDATION WARNINGS")
        .containsPattern(
            "Etcd\\s+control-plane-zone-b-1\\s+etcd member control-plane-zone-b-1 is down")
        .contains("Your cluster " + name + " is ready");

    Cli.Result back = cli.run("update", "cluster", name, "--yes");
    assertThat(back.code()).as(back.toString()).isZero();
    assertThat(back.out())
        .contains("etcd: started member control-plane-zone-b-1")
        .doesNotContain("started member control-plane-zone-a-1");
    assertThat(etcd().health().healthyCount()).isEqualTo(3);
    // the member rejoined with its data and caught up on what was written while it was away
    assertThat(keys(member("control-plane-zone-b-1"), "/registry/"))
        .contains(
            "/registry/pods/default/web",
            "/registry/networkpolicies/default/web-only-from-client",
            "/registry/minions/nodes-zone-a-1");
    // calico's copy: the pod's workload endpoint (with its address) and the policy, in calico's
    // layout
    String calico = keys(member("control-plane-zone-b-1"), "/calico/v1/");
    assertThat(calico)
        .containsPattern("/calico/v1/host/nodes-zone-.-1/workload/k8s/default\\.web/endpoint/eth0")
        .contains("/calico/v1/policy/tier/default/policy/knp.default.default.web-only-from-client");
    String webIp =
        cli.run("get", "pods", "-o", "wide")
            .out()
            .lines()
            .filter(l -> l.contains(" web ") || l.contains("\tweb\t"))
            .findFirst()
            .orElseThrow()
            .split("\\s+")[5];
    assertThat(
            etcdctl(
                member("control-plane-zone-b-1"),
                "get",
                "--print-value-only",
                "--prefix",
                "--consistency=s",
                "/calico/v1/host/"))
        .contains("\"ipv4_nets\":[\"" + webIp + "/32\"]");
    assertThat(cli.run("validate", "cluster", name).out())
        .contains("ETCD (3 of 3 members healthy")
        .doesNotContain("VALIDATION WARNINGS");
  }

  /**
   * The leader's instance namespace deleted behind jkops' back ({@code ip netns delete}): its etcd
   * member keeps the namespace alive, detached, and with it the instance's veth, whose VPC end
   * keeps its name for as long as the member runs. validate warns and names the leader; update
   * remakes the instance (clearing that stale end; it failed with "File exists" every time), stops
   * the orphaned member by its pid and starts the member in the new namespace with its data.
   */
  @Test
  void aMasterNamespaceDeletedUnderItsRunningEtcdMemberIsRebuiltByUpdate() throws Exception {
    createHa("calico");
    assertThat(cli.run("create", "pod", "web", "--labels", "app=web").code()).isZero();
    String leader = etcd().health().leader().orElseThrow();
    EtcdMember m = member(leader);
    long orphan = etcd().pid(m).orElseThrow();
    long orphanStart = dev.jkops.cloud.local.etcd.EtcdProcesses.startTime(orphan).orElseThrow();
    // deleted by hand, as 'ip netns delete' does: jkops' own Netns.delete kills what runs inside
    // first
    Process ipDelete =
        new ProcessBuilder("ip", "netns", "delete", m.namespace())
            .redirectErrorStream(true)
            .start();
    assertThat(ipDelete.waitFor())
        .as(new String(ipDelete.getInputStream().readAllBytes()))
        .isZero();
    assertThat(
            Kernel.system()
                .ip(names.vpcNamespace())
                .link(dev.jkops.cloud.local.resources.LocalInstance.vpcPortOf(leader)))
        .as("the member keeps the deleted namespace, and its veth, alive")
        .isPresent();

    Cli.Result degraded = cli.run("validate", "cluster", name);
    assertThat(degraded.out() + degraded.err())
        .as(degraded.toString())
        .contains(
            "etcd member " + leader + " is down", "'jkops update cluster --yes' brings it back")
        .contains("leader " + leader + ")")
        .doesNotContainPattern("member \\d{6,}");
    Cli.Result back = cli.run("update", "cluster", name, "--yes");
    assertThat(back.code()).as(back.toString()).isZero();
    assertThat(back.out()).contains("created Instance/" + leader, "etcd: started member " + leader);
    assertThat(dev.jkops.cloud.local.etcd.EtcdProcesses.exited(orphan, orphanStart))
        .as("the orphaned member")
        .isTrue();
    assertThat(etcd().running(m)).as("the member runs in the new namespace").isTrue();
    assertThat(etcd().health().healthyCount()).isEqualTo(3);
    assertThat(keys(m, "/registry/pods/"))
        .as("it came back with its data")
        .contains("/registry/pods/default/web");
    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();
    assertThat(valid.out())
        .contains("ETCD (3 of 3 members healthy")
        .doesNotContain("VALIDATION WARNINGS");
    assertThat(cli.run("update", "cluster", name).out())
        .startsWith("No changes need to be applied");
  }

  /**
   * delete returns only once every etcd member it stopped has exited: right after it, no thread of
   * any of them runs (they were seen alive a moment after it returned, holding their namespaces).
   */
  @Test
  void deleteReturnsOnlyOnceEveryEtcdMemberHasExited() throws Exception {
    createHa("kubenet");
    Map<Long, Long> startTimes = new java.util.HashMap<>();
    for (EtcdMember m : etcd().members()) {
      long pid = etcd().pid(m).orElseThrow();
      startTimes.put(pid, dev.jkops.cloud.local.etcd.EtcdProcesses.startTime(pid).orElseThrow());
    }
    assertThat(startTimes).hasSize(3);
    Cli.Result deleted = cli.run("delete", "cluster", name, "--yes");
    startTimes.forEach(
        (pid, start) ->
            assertThat(dev.jkops.cloud.local.etcd.EtcdProcesses.exited(pid, start))
                .as("etcd process " + pid + " when delete returned")
                .isTrue());
    assertThat(deleted.code()).as(deleted.toString()).isZero();
    for (long pid : startTimes.keySet()) {
      assertThat(deleted.out())
          .containsPattern("Deleted etcd member control-plane-zone-.-1 \\(pid " + pid + "\\)");
    }
  }

  @Test
  void losingQuorumRefusesWritesAndWritesNothing() throws Exception {
    createHa("kubenet");
    loseMaster("control-plane-zone-b-1");
    loseMaster("control-plane-zone-c-1");

    Cli.Result pod = cli.run("create", "pod", "web", "--labels", "app=web");
    assertThat(pod.code()).isNotZero();
    assertThat(pod.err())
        .contains(
            "etcd has lost quorum",
            "of 3 members healthy (quorum 2)",
            "Nothing was written",
            "jkops update cluster --yes");
    assertThat(Kernel.system().netns().exists(names.podNamespace("default", "web")))
        .as("no pod network half-made")
        .isFalse();
    Cli.Result apply = cli.run("apply", "-f", policyFile().toString(), "--name", name);
    assertThat(apply.code()).isNotZero();
    assertThat(apply.err()).contains("etcd has lost quorum");
    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).isNotZero();
    assertThat(valid.out()).contains("etcd has lost quorum", "Validation Failed");
    Cli.Result list = cli.run("get", "pods");
    assertThat(list.code()).as("reads still answer from the surviving member").isZero();

    Cli.Result back = cli.run("update", "cluster", name, "--yes");
    assertThat(back.code()).as(back.toString()).isZero();
    assertThat(etcd().health().hasQuorum()).isTrue();
    assertThat(keys(member("control-plane-zone-a-1"), "/registry/"))
        .contains("/registry/minions/")
        .doesNotContain("/registry/pods/default/web", "/registry/networkpolicies/");
    assertThat(cli.run("create", "pod", "web", "--labels", "app=web").code()).isZero();
  }

  @Test
  void aMasterIsReplacedWithoutLosingQuorumOrData() throws Exception {
    createHa("kubenet");
    assertThat(cli.run("create", "pod", "web", "--labels", "app=web").code()).isZero();
    EtcdMember a = member("control-plane-zone-a-1");
    long pidBefore = etcd().pid(a).orElseThrow();
    // marks the old namespace (an inode number would not do: the kernel reuses a freed namespace's)
    Kernel.system().ip(a.namespace()).sysctl("net.ipv4.ip_default_ttl", "42");

    var store = new ClusterStore(StateStores.open("file://" + cluster.state()));
    var update =
        new LocalClusterUpdate(
            Kernel.system(),
            store.stateStore(),
            Map.of(ClusterNames.RUNTIME_DIR_ENV, cluster.runtime().toString()));
    update.replaceControlPlaneInstance(
        store.require(name).bundle(), a.name(), ProgressListener.NONE);

    String ttl =
        Kernel.system()
            .runner()
            .check(
                dev.jkops.cloud.local.kernel.Command.of(
                    "read the default TTL",
                    java.util.List.of(
                        "ip",
                        "netns",
                        "exec",
                        a.namespace(),
                        "sysctl",
                        "-n",
                        "net.ipv4.ip_default_ttl")))
            .stdout()
            .trim();
    assertThat(ttl).as("a new namespace, without the old one's mark").isEqualTo("64");
    assertThat(etcd().pid(a).orElseThrow()).isNotEqualTo(pidBefore);
    assertThat(etcd().running(a)).isTrue();
    assertThat(etcd().health().healthyCount()).isEqualTo(3);
    assertThat(keys(a, "/registry/pods/")).contains("/registry/pods/default/web");
    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();

    // with one master down, replacing another would lose the quorum: refused, nothing stopped
    loseMaster("control-plane-zone-b-1");
    long pidC = etcd().pid(member("control-plane-zone-c-1")).orElseThrow();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                update.replaceControlPlaneInstance(
                    store.require(name).bundle(), "control-plane-zone-c-1", ProgressListener.NONE))
        .hasMessageContaining("would lose etcd's quorum");
    assertThat(etcd().pid(member("control-plane-zone-c-1"))).contains(pidC);
  }
}
