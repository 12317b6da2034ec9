package dev.jkops.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.PeerData;
import dev.jkops.api.YamlCodec;
import dev.jkops.model.addon.BootstrapChannel;
import dev.jkops.model.ipam.IpamState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * kops' privatecilium case at HEAD (kept in {@code shared/peer/kops-current} beside kops' older
 * cases): the completed spec's networking, the networking.cilium.io addon's objects, images and the
 * settings a spec option decides, and its bootstrap channel entry, as kops writes them. The
 * Terraform side is CiliumTerraformParityTest.
 */
class CiliumParityTest {
  static final String CASE = "privatecilium@HEAD";

  static Path dir() {
    return PeerData.kops().resolveSibling("kops-current").resolve("update_cluster").resolve(CASE);
  }

  static NetworkPlan plan() throws IOException {
    return NetworkPlanner.plan(KopsParityTest.bundle(dir()), IpamState.empty());
  }

  static Path kopsFile(String suffix) throws IOException {
    try (var files = Files.list(dir().resolve("data"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void completedSpecNetworkingMatchesKops() throws IOException {
    JsonNode kops =
        KopsParityTest.YAML
            .readTree(kopsFile("cluster-completed.spec_content").toFile())
            .path("spec");
    JsonNode ours =
        YamlCodec.toTree(ClusterCompletion.complete(KopsParityTest.bundle(dir()))).path("spec");
    assertThat(kops.at("/networking/cilium").size())
        .as("kops' completed cilium options")
        .isGreaterThan(30);
    for (String field :
        List.of(
            "/networking",
            "/kubeControllerManager/allocateNodeCIDRs",
            "/kubeControllerManager/clusterCIDR",
            "/kubeControllerManager/configureCloudRoutes",
            "/kubeProxy/clusterCIDR",
            "/podCIDR",
            "/nonMasqueradeCIDR",
            "/serviceClusterIPRange")) {
      assertThat(ours.at(field)).as(field).isEqualTo(kops.at(field));
    }
  }

  @Test
  void addonHasKopsObjectsImagesAndSettings() throws IOException {
    List<JsonNode> kops =
        KopsParityTest.docs(
            Files.readString(kopsFile("-addons-networking.cilium.io-k8s-1.16_content")));
    NetworkPlan plan = plan();
    AddonManifest addon = plan.addons().get(0);
    List<JsonNode> ours = KopsParityTest.docs(addon.manifest());

    assertThat(KopsParityTest.kindsAndNames(ours)).isEqualTo(KopsParityTest.kindsAndNames(kops));
    assertThat(KopsParityTest.images(ours))
        .containsExactly("quay.io/cilium/cilium:v1.18.12", "quay.io/cilium/operator:v1.18.12")
        .isEqualTo(KopsParityTest.images(kops));
    for (String key :
        List.of(
            "routing-mode",
            "tunnel-protocol",
            "ipam",
            "kube-proxy-replacement",
            "enable-node-port",
            "enable-policy",
            "identity-allocation-mode",
            "cluster-name",
            "cni-exclusive",
            "enable-ipv4-masquerade",
            "enable-bpf-masquerade",
            "enable-l7-proxy",
            "monitor-aggregation",
            "bpf-lb-map-max",
            "bpf-policy-map-max",
            "write-cni-conf-when-ready",
            "enable-endpoint-health-checking",
            "tofqdns-dns-reject-response-code")) {
      assertThat(KopsParityTest.configMap(ours, "cilium-config", key))
          .as(key)
          .isEqualTo(KopsParityTest.configMap(kops, "cilium-config", key));
    }
    for (String[] pod :
        List.of(
            new String[] {"DaemonSet", "cilium"}, new String[] {"Deployment", "cilium-operator"})) {
      assertThat(annotations(ours, pod))
          .as(pod[1] + " pod annotations")
          .isEqualTo(annotations(kops, pod));
    }
    assertThat(KopsParityTest.env(ours, "cilium-agent", "KUBERNETES_SERVICE_HOST"))
        .isEqualTo(KopsParityTest.env(kops, "cilium-agent", "KUBERNETES_SERVICE_HOST"));
  }

  @Test
  void bootstrapChannelListsCiliumAsKopsDoes() throws IOException {
    JsonNode kopsEntry = null;
    for (JsonNode a :
        KopsParityTest.YAML
            .readTree(kopsFile("-addons-bootstrap_content").toFile())
            .path("spec")
            .path("addons")) {
      if (a.path("name").asText().equals("networking.cilium.io")) {
        kopsEntry = a;
      }
    }
    NetworkPlan plan = plan();
    JsonNode ours =
        YamlCodec.toTree(BootstrapChannel.document(plan.addons()))
            .path("spec")
            .path("addons")
            .get(0);
    for (String f : List.of("name", "id", "manifest", "needsRollingUpdate", "selector")) {
      assertThat(ours.path(f)).as(f).isEqualTo(kopsEntry.path(f));
    }
  }

  private static Map<String, String> annotations(List<JsonNode> docs, String[] kindAndName) {
    Map<String, String> out = new TreeMap<>();
    docs.stream()
        .filter(
            d ->
                d.path("kind").asText().equals(kindAndName[0])
                    && d.path("metadata").path("name").asText().equals(kindAndName[1]))
        .findFirst()
        .orElseThrow()
        .path("spec")
        .path("template")
        .path("metadata")
        .path("annotations")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
