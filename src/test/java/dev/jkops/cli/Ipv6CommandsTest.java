package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPv6 clusters through the commands: stored on AWS and on the local cloud (IPv6-only subnets too),
 * refused as a switch.
 */
class Ipv6CommandsTest {
  static final String NAME = "v6.example.com";

  /** kops' minimal-ipv6 shape on CLOUD in ZONE. */
  static String ipv6Cluster(String cloud, String zone) {
    return """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata:
          name: v6.example.com
        spec:
          cloudProvider: CLOUD
          kubernetesVersion: v1.32.0
          networkCIDR: 172.20.0.0/16
          networking:
            calico: {}
          nonMasqueradeCIDR: "::/0"
          subnets:
          - {name: ZONE, zone: ZONE, type: Private, ipv6CIDR: "/64#1"}
          - {name: dualstack-ZONE, zone: ZONE, type: DualStack, cidr: 172.20.32.0/19, ipv6CIDR: "/64#2"}
          - {name: utility-ZONE, zone: ZONE, type: Utility, cidr: 172.20.0.0/22, ipv6CIDR: "/64#3"}
        ---
        apiVersion: kops.k8s.io/v1alpha2
        kind: InstanceGroup
        metadata:
          name: nodes
          labels: {kops.k8s.io/cluster: v6.example.com}
        spec: {role: Node, machineType: t3.medium, minSize: 1, maxSize: 1, subnets: [ZONE]}
        ---
        apiVersion: kops.k8s.io/v1alpha2
        kind: InstanceGroup
        metadata:
          name: control-plane-ZONE
          labels: {kops.k8s.io/cluster: v6.example.com}
        spec: {role: ControlPlane, machineType: m3.medium, minSize: 1, maxSize: 1, subnets: [dualstack-ZONE]}
        """
        .replace("CLOUD", cloud)
        .replace("ZONE", zone);
  }

  @TempDir Path dir;
  Path state;
  Cli cli;

  @BeforeEach
  void store() {
    state = dir.resolve("state");
    cli = new Cli(dir, "file://" + state);
  }

  @Test
  void anAwsIpv6ClusterIsStoredWithKopsCompletion() throws Exception {
    Path file = Files.writeString(dir.resolve("v6.yaml"), ipv6Cluster("aws", "us-east-1a"));
    Cli.Result r = cli.run("create", "-f", file.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    String completed = Files.readString(state.resolve(NAME + "/cluster-completed.spec"));
    assertThat(completed)
        .contains("serviceClusterIPRange: fd00:5e4f:ce::/108")
        .contains("encapsulationMode: none")
        .contains("allocateNodeCIDRs: false")
        .contains("ipv6CIDR: /64#1")
        .doesNotContain("podCIDR");
  }

  @Test
  void anIpv6OnlySubnetOnTheLocalCloudIsStoredWithNoIpv4Cidr() throws Exception {
    Path file = Files.writeString(dir.resolve("v6.yaml"), ipv6Cluster("local", "zone-a"));
    Cli.Result r = cli.run("create", "-f", file.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    String completed = Files.readString(state.resolve(NAME + "/cluster-completed.spec"));
    // kops carves no IPv4 block for an IPv6-only subnet, and neither does the local cloud
    assertThat(completed)
        .contains(
            "- ipv6CIDR: /64#1\n      name: zone-a\n      type: Private\n      zone: zone-a\n")
        .doesNotContain("podCIDR");
  }

  @Test
  void switchingAnIpv4ClusterToIpv6IsRefusedAndNothingIsWritten() throws Exception {
    Cli.Result created =
        cli.run(
            "create", "cluster", "--name", NAME, "--zones", "us-east-1a", "--networking", "calico");
    assertThat(created.code()).as(created.toString()).isZero();
    String before = Files.readString(state.resolve(NAME + "/config"));
    String yaml = cli.run("get", "cluster", NAME, "-o", "yaml").out();
    assertThat(yaml).contains("nonMasqueradeCIDR: 100.64.0.0/10");
    Path file =
        Files.writeString(
            dir.resolve("switch.yaml"),
            yaml.replace("nonMasqueradeCIDR: 100.64.0.0/10", "nonMasqueradeCIDR: '::/0'"));

    Cli.Result r = cli.run("replace", "-f", file.toString());

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "spec.nonMasqueradeCIDR: Forbidden: switching an existing cluster from IPv4 to IPv6 is"
                + " not supported by kops");
    assertThat(Files.readString(state.resolve(NAME + "/config"))).isEqualTo(before);
  }

  /**
   * Issue 23's path on the local cloud: {@code edit cluster}, nonMasqueradeCIDR to {@code ::/0}, is
   * refused with kops' reason, the stored spec (and the completed one {@code update} reads) is
   * unchanged, and the way back from IPv6 to IPv4 is refused alike.
   */
  @Test
  void editingALocalClusterBetweenIpv4AndIpv6IsRefusedEitherWayAndNothingIsWritten()
      throws Exception {
    String v4 = "v4.jkops.local";
    Cli.Result created =
        cli.run("create", "cluster", "--name", v4, "--zones", "zone-a", "--networking", "calico");
    assertThat(created.code()).as(created.toString()).isZero();
    String config = Files.readString(state.resolve(v4 + "/config"));
    String completed = Files.readString(state.resolve(v4 + "/cluster-completed.spec"));
    assertThat(config).contains("nonMasqueradeCIDR: 100.64.0.0/10");

    Cli.Result toV6 =
        cli.env(
                java.util.Map.of(
                    "EDITOR",
                    "sed -i -e 's|nonMasqueradeCIDR: 100.64.0.0/10|nonMasqueradeCIDR: \"::/0\"|'"))
            .run("edit", "cluster", v4);

    assertThat(toV6.code()).as(toV6.toString()).isEqualTo(1);
    assertThat(toV6.err())
        .contains(
            "spec.nonMasqueradeCIDR: Forbidden: switching an existing cluster from IPv4 to IPv6 is"
                + " not supported by kops; put back nonMasqueradeCIDR: 100.64.0.0/10, or create a"
                + " new IPv6 cluster and move the workloads");
    assertThat(Files.readString(state.resolve(v4 + "/config"))).isEqualTo(config);
    assertThat(Files.readString(state.resolve(v4 + "/cluster-completed.spec")))
        .isEqualTo(completed);

    Path file = Files.writeString(dir.resolve("v6.yaml"), ipv6Cluster("local", "zone-a"));
    // the local cloud builds DualStack subnets only: give the Private one an IPv4 block
    Files.writeString(
        file,
        Files.readString(file)
            .replace(
                "type: Private, ipv6CIDR: \"/64#1\"",
                "type: Private, cidr: 172.20.64.0/19, ipv6CIDR: \"/64#1\""));
    Cli.Result v6 = cli.run("create", "-f", file.toString());
    assertThat(v6.code()).as(v6.toString()).isZero();
    String v6Config = Files.readString(state.resolve(NAME + "/config"));
    Cli.Result toV4 =
        cli.env(
                java.util.Map.of(
                    "EDITOR",
                    "sed -i -e 's|nonMasqueradeCIDR: .*|nonMasqueradeCIDR: 100.64.0.0/10|'"))
            .run("edit", "cluster", NAME);
    assertThat(toV4.code()).as(toV4.toString()).isEqualTo(1);
    assertThat(toV4.err())
        .contains(
            "spec.nonMasqueradeCIDR: Forbidden: switching an existing cluster from IPv6 to IPv4 is"
                + " not supported by kops; put back nonMasqueradeCIDR: ::/0");
    assertThat(Files.readString(state.resolve(NAME + "/config"))).isEqualTo(v6Config);
  }

  /**
   * {@code get networking} of a local IPv6 cluster plans with the local cloud's facts, as update
   * does: the VPC's unique local /56 comes from the cluster id, so the plan (no kernel needed) has
   * IPv6 node ranges from that block, where it used to refuse the cluster as one jkops cannot plan.
   */
  @Test
  void getNetworkingOfALocalIpv6ClusterShowsItsIpv6Plan() throws Exception {
    Path file = Files.writeString(dir.resolve("v6.yaml"), ipv6Cluster("local", "zone-a"));
    Files.writeString(
        file,
        Files.readString(file)
            .replace(
                "type: Private, ipv6CIDR: \"/64#1\"",
                "type: Private, cidr: 172.20.64.0/19, ipv6CIDR: \"/64#1\""));
    Cli.Result created = cli.run("create", "-f", file.toString());
    assertThat(created.code()).as(created.toString()).isZero();

    Cli.Result r = cli.run("get", "networking", NAME, "-o", "yaml");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).doesNotContain("whose network jkops plans");
    assertThat(r.out()).containsPattern("fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{0,4}");
    assertThat(r.out()).doesNotContain("100.96.").contains("ipv6PodPrefix: ");

    Cli.Result table = cli.run("get", "networking", NAME);
    assertThat(table.code()).as(table.toString()).isZero();
    assertThat(table.out())
        .contains("fd00:5e4f:ce::/108")
        .contains("an /80 per node")
        .containsPattern("Non-masquerade CIDR\\s+::/0")
        .doesNotContain("no kubelet (bastion)");
  }
}
