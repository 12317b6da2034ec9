package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.YamlCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateClusterCommandTest {
  @TempDir Path dir;
  Path state;
  Cli cli;

  @BeforeEach
  void setUp() {
    state = dir.resolve("state");
    cli = new Cli(dir, "file://" + state);
  }

  @Test
  void storesSpecInstanceGroupsAndCompletedSpecInKopsLayoutAndPrintsNextSteps() throws Exception {
    Cli.Result r =
        cli.run(
            "create",
            "cluster",
            "--name",
            "c1.example.com",
            "--zones",
            "us-east-1a",
            "--networking",
            "calico");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Cluster configuration has been created.")
        .contains(" * edit this cluster with: jkops edit cluster c1.example.com")
        .contains("jkops edit instancegroup --name c1.example.com nodes-us-east-1a")
        .contains(
            "Finally configure your cluster with: jkops update cluster --name c1.example.com --yes");
    assertThat(state.resolve("c1.example.com/config")).exists();
    assertThat(state.resolve("c1.example.com/cluster-completed.spec")).exists();
    assertThat(state.resolve("c1.example.com/instancegroup/nodes-us-east-1a")).exists();
    assertThat(state.resolve("c1.example.com/instancegroup/control-plane-us-east-1a")).exists();
    var config =
        YamlCodec.read(Files.readString(state.resolve("c1.example.com/config")), "config")
            .clusters()
            .get(0);
    assertThat(config.spec().networking()).isInstanceOf(NetworkingSpec.Calico.class);
    var completed =
        YamlCodec.read(
                Files.readString(state.resolve("c1.example.com/cluster-completed.spec")), "c")
            .clusters()
            .get(0);
    assertThat(completed.spec().podCIDR()).isEqualTo("100.96.0.0/11");
    assertThat(completed.spec().serviceClusterIPRange()).isEqualTo("100.64.0.0/13");
    // Specs jkops wrote itself draw no warning about the kops fields it fills in.
    assertThat(r.err()).doesNotContain("W:");
  }

  @Test
  void theNameCanComeFromThePositionalArgumentOrKopsClusterName() {
    assertThat(cli.run("create", "cluster", "pos.example.com", "--zones", "a").code()).isZero();
    assertThat(state.resolve("pos.example.com/config")).exists();
    cli.env("KOPS_CLUSTER_NAME", "env.example.com");
    assertThat(cli.run("create", "cluster", "--zones", "a").code()).isZero();
    assertThat(state.resolve("env.example.com/config")).exists();
  }

  @Test
  void dryRunPrintsClusterAndInstanceGroupsWithoutStoring() {
    Cli.Result r =
        cli.run(
            "create",
            "cluster",
            "--name",
            "d.example.com",
            "--zones",
            "us-east-1a,us-east-1b",
            "--master-zones",
            "us-east-1a",
            "--networking",
            "flannel-udp",
            "--dry-run",
            "-o",
            "yaml");
    assertThat(r.code()).as(r.toString()).isZero();
    var docs = YamlCodec.read(r.out(), "stdout");
    assertThat(docs.clusters()).hasSize(1);
    assertThat(((NetworkingSpec.Flannel) docs.clusters().get(0).spec().networking()).backend())
        .isEqualTo("udp");
    assertThat(docs.instanceGroups())
        .extracting(ig -> ig.name())
        .contains("control-plane-us-east-1a", "nodes-us-east-1a", "nodes-us-east-1b");
    assertThat(state).doesNotExist();
  }

  @Test
  void dryRunJsonIsAKopsListOfObjects() {
    Cli.Result r =
        cli.run(
            "create",
            "cluster",
            "--name",
            "j.example.com",
            "--zones",
            "a",
            "--dry-run",
            "-o",
            "json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .startsWith("[")
        .contains("\"kind\" : \"Cluster\"")
        .contains("\"kind\" : \"InstanceGroup\"");
    assertThat(state).doesNotExist();
  }

  @Test
  void controlPlaneAliasesAndPrivateTopologyWithBastion() {
    Cli.Result r =
        cli.run(
            "create",
            "cluster",
            "--name",
            "p.example.com",
            "--zones",
            "us-east-1a,us-east-1b,us-east-1c",
            "--control-plane-zones",
            "us-east-1a,us-east-1b,us-east-1c",
            "--topology",
            "private",
            "--bastion",
            "--networking",
            "weave",
            "--control-plane-size",
            "m5.large",
            "--node-count",
            "3",
            "--dry-run");
    assertThat(r.code()).as(r.toString()).isZero();
    var docs = YamlCodec.read(r.out(), "stdout");
    assertThat(docs.instanceGroups())
        .extracting(ig -> ig.name())
        .contains(
            "control-plane-us-east-1a",
            "control-plane-us-east-1b",
            "control-plane-us-east-1c",
            "bastions");
    assertThat(docs.instanceGroups())
        .filteredOn(ig -> ig.spec().isControlPlane())
        .allSatisfy(ig -> assertThat(ig.spec().machineType()).isEqualTo("m5.large"));
    assertThat(docs.clusters().get(0).spec().subnets())
        .extracting(s -> s.type())
        .contains("Private", "Utility");
  }

  /**
   * The networking guide's {@code kops create cluster --networking kopeio-vxlan}: no zones, the
   * name from the environment.
   */
  @Test
  void withoutZonesALocalClusterGetsOneZoneAndSaysSo() throws Exception {
    Cli.Result r =
        cli.env("KOPS_CLUSTER_NAME", "guide.example.com")
            .run("create", "cluster", "--networking", "kopeio-vxlan");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("No --zones given: the local cloud cluster gets one zone, zone-a");
    var config =
        YamlCodec.read(Files.readString(state.resolve("guide.example.com/config")), "config")
            .clusters()
            .get(0);
    assertThat(config.spec().cloudProvider()).isEqualTo("local");
    assertThat(config.spec().subnets()).extracting(s -> s.zone()).containsExactly("zone-a");
    assertThat(state.resolve("guide.example.com/instancegroup/nodes-zone-a")).exists();
  }

  @Test
  void withoutZonesAnAwsClusterIsRefusedWithNothingWritten() {
    for (String[] args :
        java.util.List.of(
            new String[] {"create", "cluster", "z.example.com", "--cloud", "aws"},
            new String[] {"create", "cluster", "z.example.com", "--master-zones", "zone-a"})) {
      Cli.Result r = cli.run(args);
      assertThat(r.code()).as("a usage error: " + r).isEqualTo(2);
      assertThat(r.err()).contains("no zones given; name the nodes' zones with --zones");
    }
    assertThat(state.resolve("z.example.com")).doesNotExist();
  }

  @org.junit.jupiter.api.extension.RegisterExtension
  final FakeAwsSession session = new FakeAwsSession();

  /**
   * create's {@code --yes} runs the real {@code update cluster}, although jkops builds only the
   * verb it is given at start-up (Cli builds the tree as main does); the cloud is the in-process
   * fake of AWS.
   */
  @Test
  void yesAppliesThroughTheRealUpdateClusterCommand() {
    assertThat(Main.verbsFor(new String[] {"create", "cluster", "--yes"}))
        .containsExactly(CreateCommand.class);
    Cli.Result r =
        cli.run("create", "cluster", "--name", "y.example.com", "--zones", "us-test-1a", "--yes");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Cluster configuration has been created.")
        .contains("created VPC/y.example.com")
        .contains("Cluster changes have been applied");
    assertThat(session.aws.mutatingCalls()).isNotEmpty();

    Cli.Result again = cli.run("update", "cluster", "y.example.com");
    assertThat(again.out())
        .as("--yes applied everything update would: " + again)
        .isEqualTo("No changes need to be applied\n");
    assertThat(cli.run("delete", "cluster", "y.example.com", "--yes").code()).isZero();
  }
}
