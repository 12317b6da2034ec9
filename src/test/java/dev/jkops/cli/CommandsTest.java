package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.YamlCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Happy paths of get, create -f, replace, edit and delete, run in-process against a file store. */
class CommandsTest {
  static final String NAME = "c1.example.com";

  @TempDir Path dir;
  Path state;
  Cli cli;

  @BeforeEach
  void createOne() {
    state = dir.resolve("state");
    cli = new Cli(dir, "file://" + state);
    Cli.Result r =
        cli.run(
            "create",
            "cluster",
            "--name",
            NAME,
            "--zones",
            "us-east-1a,us-east-1b",
            "--master-zones",
            "us-east-1a");
    assertThat(r.code()).as(r.toString()).isZero();
  }

  @Test
  void getClustersPrintsKopsTable() {
    cli.run("create", "cluster", "--name", "local.example.com", "--zones", "zone-a");
    Cli.Result r = cli.run("get", "clusters");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().lines().map(l -> l.split("\t+")).toList())
        .satisfiesExactly(
            h -> assertThat(h).containsExactly("NAME", "CLOUD", "ZONES"),
            a -> assertThat(a).containsExactly(NAME, "aws", "us-east-1a,us-east-1b"),
            b -> assertThat(b).containsExactly("local.example.com", "local", "zone-a"));
    assertThat(r.out()).startsWith("NAME\t\t\tCLOUD\tZONES\n");
  }

  @Test
  void getClusterYamlAndJsonGiveBackTheStoredSpec() throws Exception {
    Cli.Result yaml = cli.run("get", "cluster", NAME, "-o", "yaml");
    assertThat(yaml.code()).as(yaml.toString()).isZero();
    assertThat(yaml.out()).isEqualTo(Files.readString(state.resolve(NAME + "/config")));
    Cli.Result json = cli.run("get", "clusters", NAME, "-o", "json");
    assertThat(json.code()).isZero();
    assertThat(YamlCodec.toTree(YamlCodec.read(json.out(), "json").clusters().get(0)))
        .isEqualTo(YamlCodec.toTree(YamlCodec.read(yaml.out(), "yaml").clusters().get(0)));
  }

  @Test
  void getInstanceGroupsPrintsKopsTableAndYaml() {
    Cli.Result r = cli.run("get", "instancegroups", "--name", NAME);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().lines().map(l -> l.split("\t+")).toList())
        .satisfiesExactly(
            h ->
                assertThat(h).containsExactly("NAME", "ROLE", "MACHINETYPE", "MIN", "MAX", "ZONES"),
            cp ->
                assertThat(cp)
                    .startsWith("control-plane-us-east-1a")
                    .endsWith("1", "1", "us-east-1a"),
            a -> assertThat(a).startsWith("nodes-us-east-1a", "Node"),
            b -> assertThat(b).startsWith("nodes-us-east-1b", "Node"));
    cli.env("KOPS_CLUSTER_NAME", NAME);
    Cli.Result y = cli.run("get", "ig", "nodes-us-east-1b", "-o", "yaml");
    assertThat(y.code()).as(y.toString()).isZero();
    assertThat(YamlCodec.read(y.out(), "y").instanceGroups())
        .extracting(ig -> ig.name())
        .containsExactly("nodes-us-east-1b");
  }

  @Test
  void replaceRefusesANetworkingChoiceTheProviderCannotCarryAndWritesNothing() throws Exception {
    String yaml = cli.run("get", "cluster", NAME, "-o", "yaml").out();
    String before = Files.readString(state.resolve(NAME + "/config"));
    // Two zones are two subnets: calico without encapsulation cannot route pods between them.
    String calicoNone =
        yaml.replaceFirst(
            "networking:\n    kubenet: \\{\\}",
            "networking:\n    calico:\n      encapsulationMode: none");
    assertThat(calicoNone).contains("encapsulationMode: none");
    Path file = Files.writeString(dir.resolve("none.yaml"), calicoNone);

    Cli.Result r = cli.run("replace", "-f", file.toString());

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("spec.networking.calico.encapsulationMode");
    assertThat(Files.readString(state.resolve(NAME + "/config"))).isEqualTo(before);
  }

  @Test
  void createStoresTheKopsCompletedSpecWithTheProvidersControllerSettings() throws Exception {
    String completed = Files.readString(state.resolve(NAME + "/cluster-completed.spec"));
    // kubenet: the controller manager hands out pod ranges and programs cloud routes.
    assertThat(completed)
        .contains("allocateNodeCIDRs: true")
        .contains("configureCloudRoutes: true")
        .contains("podCIDR: 100.96.0.0/11");
  }

  @Test
  void replaceKeepsFieldsJkopsDoesNotModelAndWarnsOnce() throws Exception {
    String yaml = cli.run("get", "cluster", NAME, "-o", "yaml").out();
    String withExtras =
        yaml.replace(
            "spec:\n",
            "spec:\n  kubeAPIServer:\n    auditLogMaxAge: 10\n  fileAssets:\n"
                + "    - name: x\n      content: hello\n");
    Path file = Files.writeString(dir.resolve("c.yaml"), withExtras);
    Cli.Result r = cli.run("replace", "-f", file.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Replaced cluster/" + NAME);
    assertThat(r.err())
        .containsOnlyOnce("W: jkops keeps but does not use: spec.fileAssets, spec.kubeAPIServer");
    Cli.Result back = cli.run("get", "cluster", NAME, "-o", "yaml");
    assertThat(back.out()).contains("auditLogMaxAge: 10").contains("content: hello");
    assertThat(YamlCodec.toTree(YamlCodec.read(back.out(), "b").clusters().get(0)))
        .isEqualTo(YamlCodec.toTree(YamlCodec.read(withExtras, "w").clusters().get(0)));
    assertThat(back.err()).containsOnlyOnce("W: jkops keeps but does not use:");
  }

  @Test
  void replaceOfAnInstanceGroupChangesOnlyThatGroup() throws Exception {
    String ig = cli.run("get", "ig", "--name", NAME, "nodes-us-east-1a", "-o", "yaml").out();
    byte[] otherBefore =
        Files.readAllBytes(state.resolve(NAME + "/instancegroup/nodes-us-east-1b"));
    Path file = Files.writeString(dir.resolve("ig.yaml"), ig.replace("maxSize: 1", "maxSize: 5"));
    Cli.Result r = cli.run("replace", "-f", file.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(cli.run("get", "ig", "--name", NAME).out())
        .containsPattern("nodes-us-east-1a\\s+Node\\s+\\S+\\s+1\\s+5");
    assertThat(Files.readAllBytes(state.resolve(NAME + "/instancegroup/nodes-us-east-1b")))
        .isEqualTo(otherBefore);
  }

  @Test
  void createFromFileStoresEveryDocument() throws Exception {
    String all =
        cli.run("create", "cluster", "--name", "f.example.com", "--zones", "zone-a", "--dry-run")
            .out();
    Path file = Files.writeString(dir.resolve("f.yaml"), all);
    Cli.Result r = cli.run("create", "-f", file.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Created cluster/f.example.com")
        .contains("Created instancegroup/nodes-zone-a")
        .contains("jkops update cluster --name f.example.com --yes");
    assertThat(state.resolve("f.example.com/instancegroup/control-plane-zone-a")).exists();
    assertThat(state.resolve("f.example.com/cluster-completed.spec")).exists();
  }

  @Test
  void editClusterWithAnEditorThatRewritesTheFileStoresTheChange() throws Exception {
    Path editor = script("edit.sh", "sed -i 's/kubenet: {}/calico: {}/' \"$1\"\n");
    cli.env("EDITOR", editor.toString());
    Cli.Result r = cli.run("edit", "cluster", NAME);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Cluster " + NAME + " updated");
    assertThat(Files.readString(state.resolve(NAME + "/config")))
        .contains("calico: {}")
        .doesNotContain("kubenet");
    assertThat(Files.readString(state.resolve(NAME + "/config"))).doesNotContain("# Please edit");
  }

  @Test
  void editThatChangesNothingIsCancelled() throws Exception {
    byte[] before = Files.readAllBytes(state.resolve(NAME + "/config"));
    cli.env("EDITOR", script("noop.sh", "true\n").toString());
    Cli.Result r = cli.run("edit", "cluster", "--name", NAME);
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Edit cancelled, no changes made.");
    assertThat(Files.readAllBytes(state.resolve(NAME + "/config"))).isEqualTo(before);
  }

  @Test
  void anInvalidEditIsRefusedWithTheErrorAndTheStoredSpecKeptByteForByte() throws Exception {
    var before = Cli.snapshot(state);
    cli.env(
        "EDITOR",
        script("break.sh", "sed -i 's/kubenet: {}/kubenet: {}\\n    weave: {}/' \"$1\"\n")
            .toString());
    Cli.Result r = cli.run("edit", "cluster", NAME);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("spec.networking")
        .contains("only one networking option permitted")
        .contains("The stored spec was not changed")
        .contains("jkops replace -f");
    assertThat(Cli.snapshot(state)).isEqualTo(before);
  }

  @Test
  void editInstanceGroupChangesItsSize() throws Exception {
    cli.env("EDITOR", script("ig.sh", "sed -i 's/maxSize: 1/maxSize: 4/' \"$1\"\n").toString());
    Cli.Result r = cli.run("edit", "instancegroup", "--name", NAME, "nodes-us-east-1b");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Files.readString(state.resolve(NAME + "/instancegroup/nodes-us-east-1b")))
        .contains("maxSize: 4");
  }

  @Test
  void deleteWithoutYesOnlySaysWhatWouldGo() throws Exception {
    var before = Cli.snapshot(state);
    Cli.Result r = cli.run("delete", "cluster", NAME);
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("Would delete cluster " + NAME)
        .contains(NAME + "/config")
        .contains(NAME + "/instancegroup/nodes-us-east-1a")
        .contains("Must specify --yes to delete cluster");
    assertThat(Cli.snapshot(state)).isEqualTo(before);
  }

  @Test
  void deleteWithYesRemovesEveryFileOfTheClusterOnly() {
    cli.run("create", "cluster", "--name", "keep.example.com", "--zones", "a");
    Cli.Result r = cli.run("delete", "cluster", NAME, "--yes");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Deleted cluster: \"" + NAME + "\"");
    // only the kept earlier versions stay (issue 8: nothing lost; 'jkops restore cluster' brings
    // them back)
    try (var left = java.nio.file.Files.list(state.resolve(NAME))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(".history");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(r.out()).contains("jkops restore cluster " + NAME + " --version");
    assertThat(state.resolve("keep.example.com/config")).exists();
    assertThat(cli.run("get", "clusters").out()).doesNotContain(NAME);
  }

  @Test
  void bashCompletionCoversTheCommandsAndNetworkingModes() {
    Cli.Result r = cli.run("completion", "bash");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("complete -F").contains("instancegroups").contains("kopeio-vxlan");
  }

  @Test
  void stateMayComeBeforeOrAfterTheVerbAndBeatsTheEnvironment() {
    Cli other = new Cli(dir, "file://" + dir.resolve("elsewhere"));
    String store = "file://" + state;
    assertThat(other.run("--state", store, "get", "clusters").out()).contains(NAME);
    assertThat(other.run("get", "clusters", "--state", store).out()).contains(NAME);
    assertThat(other.run("get", "clusters").err()).contains("No clusters found");
  }

  @Test
  void getListsNoClustersClearly() {
    Cli empty = new Cli(dir, "file://" + dir.resolve("empty"));
    Cli.Result r = empty.run("get", "clusters");
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("No clusters found in state store file://" + dir.resolve("empty"));
  }

  private Path script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\nset -e\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }
}
