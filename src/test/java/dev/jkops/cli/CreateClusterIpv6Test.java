package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.api.YamlCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jkops create cluster --ipv6} as a user runs it: the preview ({@code --dry-run -o yaml}) of
 * kops' own IPv6 create case compared with what kops wrote, field by field over every document; a
 * provider kops refuses for IPv6 refused on the flag, nothing stored; a stored IPv6 cluster
 * completed as kops completes one.
 */
class CreateClusterIpv6Test {
  static final Path KOPS_CASE = kopsCase();

  /** kops' create_cluster/ipv6 case, in the test resources as kops wrote it (see their README). */
  static Path kopsCase() {
    try {
      return Path.of(
          CreateClusterIpv6Test.class.getResource("/kops-create-cluster/ipv6@HEAD").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Fields kops writes that jkops does not, each with why; every other field of kops' documents
   * must be in jkops' preview with kops' value, and jkops' preview may hold nothing kops' lacks.
   */
  static final Map<String, String> NOT_WRITTEN_BY_JKOPS =
      Map.of(
          "metadata.creationTimestamp",
          "kops' test pins the clock to 2017-01-01; jkops writes no timestamp in a preview",
          "spec.configBase",
          "kops' test store is memfs://tests; jkops' state store path is not part of the spec",
          "spec.image",
          "kops picks the newest Ubuntu image of its channel; jkops leaves the image to the cloud");

  @TempDir Path dir;
  Path state;
  Cli cli;

  @BeforeEach
  void store() {
    state = dir.resolve("state");
    cli = new Cli(dir, "file://" + state);
  }

  @Test
  void kopsIpv6CasePreviewedIsWhatKopsWroteFieldByField() throws Exception {
    JsonNode options =
        YamlCodec.readTrees(Files.readString(KOPS_CASE.resolve("options.yaml"))).get(0);
    // the flags below are options.yaml's, one for one: a key added there must be added here
    assertThat(fieldNames(options))
        .containsExactlyInAnyOrder(
            "ClusterName", "Zones", "CloudProvider", "Networking", "KubernetesVersion", "IPv6");
    assertThat(options.get("IPv6").asBoolean()).isTrue();
    Cli.Result r =
        cli.run(
            "create",
            "cluster",
            "--name",
            options.get("ClusterName").asText(),
            "--zones",
            options.get("Zones").get(0).asText(),
            "--cloud",
            options.get("CloudProvider").asText(),
            "--networking",
            options.get("Networking").asText(),
            "--kubernetes-version",
            options.get("KubernetesVersion").asText(),
            "--ipv6",
            "--dry-run",
            "-o",
            "yaml");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(state).doesNotExist();

    Map<String, String> jkops = documents(YamlCodec.readTrees(r.out()));
    Map<String, String> kops =
        documents(
            YamlCodec.readTrees(Files.readString(KOPS_CASE.resolve("expected-v1alpha2.yaml"))));
    Map<String, String> differences = new LinkedHashMap<>();
    TreeSet<String> fields = new TreeSet<>(jkops.keySet());
    fields.addAll(kops.keySet());
    for (String f : fields) {
      if (!Objects.equals(jkops.get(f), kops.get(f)) && !explained(f)) {
        differences.put(f, "jkops " + jkops.get(f) + " / kops " + kops.get(f));
      }
    }
    assertThat(differences).as("fields of the preview that differ from kops'").isEmpty();
    for (String field : NOT_WRITTEN_BY_JKOPS.keySet()) {
      assertThat(kops.keySet())
          .as("a named difference still has an effect: %s", field)
          .anyMatch(f -> f.endsWith("." + field));
    }
    // what makes it IPv6, as a reader of the preview sees it
    assertThat(jkops)
        .containsEntry("Cluster/ipv6.example.com.spec.nonMasqueradeCIDR", "::/0")
        .containsEntry("Cluster/ipv6.example.com.spec.subnets[0].ipv6CIDR", "/64#0")
        .containsEntry("Cluster/ipv6.example.com.spec.subnets[0].type", "Private")
        .containsEntry("Cluster/ipv6.example.com.spec.cloudControllerManager", "{}")
        .doesNotContainKey("Cluster/ipv6.example.com.spec.subnets[0].cidr")
        .containsEntry(
            "InstanceGroup/control-plane-us-test-1a.spec.subnets[0]", "dualstack-us-test-1a");
  }

  @Test
  void aProviderKopsRefusesForIpv6IsRefusedOnTheFlagAndNothingIsStored() {
    Cli.Result r =
        cli.run(
            "create",
            "cluster",
            "--name",
            "v6.example.com",
            "--zones",
            "us-east-1a",
            "--ipv6",
            "--networking",
            "flannel");
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "--networking flannel cannot run an IPv6 cluster (--ipv6): Flannel does not support"
                + " IPv6; IPv6 clusters run calico, cilium or kindnet");
    assertThat(state.resolve("v6.example.com")).doesNotExist();
  }

  @Test
  void aStoredIpv6ClusterIsCompletedAsKopsCompletesOne() throws Exception {
    Cli.Result r =
        cli.run("create", "cluster", "--name", "v6.example.com", "--zones", "us-east-1a", "--ipv6");
    assertThat(r.code()).as(r.toString()).isZero();
    String completed = Files.readString(state.resolve("v6.example.com/cluster-completed.spec"));
    assertThat(completed)
        .contains("nonMasqueradeCIDR: ::/0")
        .contains("serviceClusterIPRange: fd00:5e4f:ce::/108")
        .contains("ipv6CIDR: /64#0")
        .contains("cilium:")
        .doesNotContain("podCIDR");
    assertThat(cli.run("get", "cluster", "v6.example.com", "-o", "yaml").out())
        .contains("cloudControllerManager: {}")
        .contains("name: dualstack-us-east-1a");
  }

  @Test
  void helpSaysWhatIpv6Writes() {
    Cli.Result r = cli.run("create", "cluster", "--help");
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("--ipv6")
        .contains("nonMasqueradeCIDR ::/0")
        .contains("/64#N")
        .contains("on aws and on the local cloud alike")
        .contains("private (the default with --ipv6)");
  }

  /**
   * Every leaf of every document, keyed {@code Kind/name.path}, e.g. {@code ...spec.subnets[0]}.
   */
  static Map<String, String> documents(List<JsonNode> docs) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode d : docs) {
      String id = d.path("kind").asText() + "/" + d.path("metadata").path("name").asText();
      flatten(id, d, out);
    }
    return out;
  }

  private static void flatten(String path, JsonNode n, Map<String, String> out) {
    if (n.isObject() && n.size() > 0) {
      n.fields().forEachRemaining(e -> flatten(path + "." + e.getKey(), e.getValue(), out));
    } else if (n.isArray() && n.size() > 0) {
      for (int i = 0; i < n.size(); i++) {
        flatten(path + "[" + i + "]", n.get(i), out);
      }
    } else {
      out.put(path, n.isValueNode() ? n.asText() : n.toString());
    }
  }

  private static boolean explained(String field) {
    return NOT_WRITTEN_BY_JKOPS.keySet().stream().anyMatch(k -> field.endsWith("." + k));
  }

  private static Set<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = n.fieldNames();
    it.forEachRemaining(names::add);
    return new TreeSet<>(names);
  }
}
