package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetNetworkingCommandTest {
  @TempDir Path dir;
  Path state;
  Cli cli;

  @BeforeEach
  void store() {
    state = dir.resolve("state");
    cli = new Cli(dir, "file://" + state);
  }

  @Test
  void printsTheKubenetPlanAsTablesWithRangesRoutesQuotaRulesAndSettings() {
    assertThat(
            cli.run(
                    "create",
                    "cluster",
                    "--name",
                    "k.example.com",
                    "--zones",
                    "us-east-1a",
                    "--networking",
                    "kubenet")
                .code())
        .isZero();
    Cli.Result r = cli.run("get", "networking", "k.example.com");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "kubenet",
            "100.96.0.0/11",
            "100.64.0.0/13",
            "100.96.0.0/24",
            "100.96.1.0/24",
            "of quota 50 in use",
            "from-nodes-k-example-com-ingress-tcp-1to2379-masters-k-example-com",
            "--configure-cloud-routes=true",
            "ADDONS: none",
            "cni:/etc/cni/net.d/10-kubenet.conflist",
            "not enforced");
  }

  @Test
  void printsCalicosPlanAsYamlWithAddonIdAndHash() throws Exception {
    cli.run(
        "create",
        "cluster",
        "--name",
        "c.example.com",
        "--zones",
        "us-east-1a,us-east-1b,us-east-1c",
        "--networking",
        "calico");
    Cli.Result r = cli.run("get", "networking", "--name", "c.example.com", "-o", "yaml");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(r.out());
    assertThat(doc.path("mode").asText()).isEqualTo("calico");
    assertThat(doc.path("networkPolicy").asText()).isEqualTo("enforced");
    assertThat(doc.path("addons").get(0).path("name").asText())
        .isEqualTo("networking.projectcalico.org");
    assertThat(doc.path("addons").get(0).path("manifestHash").asText()).hasSize(64);
    assertThat(doc.path("routes").path("entries")).isEmpty();
    assertThat(doc.path("firewallRules").findValuesAsText("name"))
        .contains("from-nodes-c-example-com-ingress-4-0to0-masters-c-example-com");
  }

  @Test
  void printsJsonAndWritesNothingToTheStateStore() throws Exception {
    cli.run(
        "create",
        "cluster",
        "--name",
        "f.example.com",
        "--zones",
        "us-east-1a",
        "--networking",
        "flannel");
    var before = Cli.snapshot(state);
    Cli.Result r = cli.run("get", "networking", "f.example.com", "-o", "json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).path("mtu").asInt()).isEqualTo(8951);
    assertThat(Cli.snapshot(state)).isEqualTo(before);
  }

  @Test
  void aPlanOverTheRouteQuotaIsTheUsersErrorWithTheNumbers() throws Exception {
    cli.run(
        "create",
        "cluster",
        "--name",
        "big.example.com",
        "--zones",
        "us-east-1a",
        "--networking",
        "kubenet");
    Path ig = state.resolve("big.example.com/instancegroup");
    try (var files = java.nio.file.Files.list(ig)) {
      for (Path f : files.toList()) {
        String y = java.nio.file.Files.readString(f);
        if (y.contains("role: Node")) {
          java.nio.file.Files.writeString(f, y.replaceAll("maxSize: \\d+", "maxSize: 80"));
        }
      }
    }
    Cli.Result r = cli.run("get", "networking", "big.example.com");
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("quota is 50", "routeTableQuota").doesNotContain("internal error");
  }

  @Test
  void anUnknownClusterIsAClearErrorWithExitOne() {
    Cli.Result r = cli.run("get", "networking", "missing.example.com");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("missing.example.com");
  }

  @Test
  void dotDrawsAnAwsClusterFromItsPlanAndSaysSo() {
    cli.run(
        "create",
        "cluster",
        "--name",
        "d.example.com",
        "--zones",
        "us-east-1a,us-east-1b",
        "--networking",
        "flannel");
    Cli.Result r = cli.run("get", "networking", "d.example.com", "-o", "dot");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .startsWith("digraph \"network\" {")
        .contains(
            "label=\"d.example.com: flannel-vxlan on AWS, as planned (from the spec, not read from AWS)\"")
        .contains(
            "\"instance:nodes-us-east-1a-1\" -> \"instance:nodes-us-east-1b-1\" [label=\"vxlan flannel.1\"")
        .contains("\"table:d.example.com\" -> \"gateway:igw\" [label=\"0.0.0.0/0\"]");
  }

  @Test
  void anUnknownOutputFormatNamesTheFormatsIncludingDot() throws Exception {
    cli.run("create", "cluster", "--name", "o.example.com", "--zones", "us-east-1a");
    var before = Cli.snapshot(state);
    Cli.Result r = cli.run("get", "networking", "o.example.com", "-o", "svg");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("\"svg\"", "table, yaml, json or dot");
    assertThat(r.out()).isEmpty();
    assertThat(Cli.snapshot(state)).isEqualTo(before);
  }
}
