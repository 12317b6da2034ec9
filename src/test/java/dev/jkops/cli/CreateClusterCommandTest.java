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
    Cli.Result r = cli.run("create", "cluster", "--name", "c1.example.com", "--zones", "us-east-1a",
        "--networking", "calico");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Cluster configuration has been created.")
        .contains(" * edit this cluster with: jkops edit cluster c1.example.com")
        .contains("jkops edit instancegroup --name c1.example.com nodes-us-east-1a")
        .contains("Finally configure your cluster with: jkops update cluster --name c1.example.com --yes");
    assertThat(state.resolve("c1.example.com/config")).exists();
    assertThat(state.resolve("c1.example.com/cluster-completed.spec")).exists();
    assertThat(state.resolve("c1.example.com/instancegroup/nodes-us-east-1a")).exists();
    assertThat(state.resolve("c1.example.com/instancegroup/control-plane-us-east-1a")).exists();
    var config = YamlCodec.read(Files.readString(state.resolve("c1.example.com/config")), "config").clusters().get(0);
    assertThat(config.spec().networking()).isInstanceOf(NetworkingSpec.Calico.class);
    var completed = YamlCodec.read(Files.readString(state.resolve("c1.example.com/cluster-completed.spec")), "c")
        .clusters().get(0);
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
    Cli.Result r = cli.run("create", "cluster", "--name", "d.example.com", "--zones", "us-east-1a,us-east-1b",
        "--master-zones", "us-east-1a", "--networking", "flannel-udp", "--dry-run", "-o", "yaml");
    assertThat(r.code()).as(r.toString()).isZero();
    var docs = YamlCodec.read(r.out(), "stdout");
    assertThat(docs.clusters()).hasSize(1);
    assertThat(((NetworkingSpec.Flannel) docs.clusters().get(0).spec().networking()).backend()).isEqualTo("udp");
    assertThat(docs.instanceGroups()).extracting(ig -> ig.name())
        .contains("control-plane-us-east-1a", "nodes-us-east-1a", "nodes-us-east-1b");
    assertThat(state).doesNotExist();
  }

  @Test
  void dryRunJsonIsAKopsListOfObjects() {
    Cli.Result r = cli.run("create", "cluster", "--name", "j.example.com", "--zones", "a", "--dry-run", "-o", "json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("[").contains("\"kind\" : \"Cluster\"").contains("\"kind\" : \"InstanceGroup\"");
    assertThat(state).doesNotExist();
  }

  @Test
  void controlPlaneAliasesAndPrivateTopologyWithBastion() {
    Cli.Result r = cli.run("create", "cluster", "--name", "p.example.com", "--zones", "us-east-1a,us-east-1b,us-east-1c",
        "--control-plane-zones", "us-east-1a,us-east-1b,us-east-1c", "--topology", "private", "--bastion",
        "--networking", "weave", "--control-plane-size", "m5.large", "--node-count", "3", "--dry-run");
    assertThat(r.code()).as(r.toString()).isZero();
    var docs = YamlCodec.read(r.out(), "stdout");
    assertThat(docs.instanceGroups()).extracting(ig -> ig.name())
        .contains("control-plane-us-east-1a", "control-plane-us-east-1b", "control-plane-us-east-1c", "bastions");
    assertThat(docs.instanceGroups()).filteredOn(ig -> ig.spec().isControlPlane())
        .allSatisfy(ig -> assertThat(ig.spec().machineType()).isEqualTo("m5.large"));
    assertThat(docs.clusters().get(0).spec().subnets()).extracting(s -> s.type()).contains("Private", "Utility");
  }

  @picocli.CommandLine.Command(name = "update", subcommands = FakeUpdateCluster.class)
  static final class FakeUpdate {}

  @picocli.CommandLine.Command(name = "cluster")
  static final class FakeUpdateCluster implements java.util.concurrent.Callable<Integer> {
    static java.util.List<String> seen;
    @picocli.CommandLine.Parameters java.util.List<String> args;
    @picocli.CommandLine.Option(names = "--yes") boolean yes;

    @Override
    public Integer call() {
      seen = new java.util.ArrayList<>(args);
      seen.add("yes=" + yes);
      return 0;
    }
  }

  private Cli.Result runWith(boolean withUpdate, String... args) {
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    var cl = Main.commandLine(new java.io.PrintWriter(out), new java.io.PrintWriter(err),
        java.util.Map.of("HOME", dir.toString(), "KOPS_STATE_STORE", "file://" + state));
    if (cl.getSubcommands().containsKey("update")) {
      cl.getCommandSpec().removeSubcommand("update");
    }
    if (withUpdate) {
      cl.addSubcommand(new FakeUpdate());
    }
    int code = cl.execute(args);
    return new Cli.Result(code, out.toString(), err.toString());
  }

  @Test
  void yesAppliesThroughTheUpdateClusterCommand() {
    FakeUpdateCluster.seen = null;
    Cli.Result r = runWith(true, "create", "cluster", "--name", "y.example.com", "--zones", "a", "--yes");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(FakeUpdateCluster.seen).containsExactly("y.example.com", "yes=true");
    assertThat(state.resolve("y.example.com/config")).exists();
  }

  @Test
  void yesSaysClearlyThatApplyingIsNotAvailableWithoutAnUpdateCommand() {
    Cli.Result r = runWith(false, "create", "cluster", "--name", "y.example.com", "--zones", "a", "--yes");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("the cluster spec is stored, but this jkops cannot apply it yet")
        .contains("jkops update cluster y.example.com --yes");
    assertThat(state.resolve("y.example.com/config")).exists();
  }
}
