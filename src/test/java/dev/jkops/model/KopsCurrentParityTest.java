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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kops HEAD's cases for the providers kops has today (shared/peer/kops-current): the completed
 * spec's networking fields, the networking addon's objects, images and agent command line, and its
 * bootstrap channel entry, as {@link KopsParityTest} checks the older providers.
 */
class KopsCurrentParityTest {

  static Path dir(String kase) {
    return PeerData.kops().resolveSibling("kops-current").resolve("update_cluster").resolve(kase);
  }

  @ParameterizedTest
  @ValueSource(strings = {"privatekindnet@HEAD", "minimal-ipv6-calico@HEAD"})
  void completedSpecNetworkingFieldsMatchKops(String kase) throws IOException {
    Path dir = dir(kase);
    JsonNode kops =
        KopsParityTest.YAML
            .readTree(dir.resolve("data/aws_s3_object_cluster-completed.spec_content").toFile())
            .path("spec");
    JsonNode ours =
        YamlCodec.toTree(ClusterCompletion.complete(KopsParityTest.bundle(dir))).path("spec");
    for (String field :
        List.of(
            "/kubeControllerManager/allocateNodeCIDRs",
            "/kubeControllerManager/clusterCIDR",
            "/kubeControllerManager/configureCloudRoutes",
            "/kubeProxy/clusterCIDR",
            "/podCIDR",
            "/serviceClusterIPRange",
            "/nonMasqueradeCIDR",
            "/subnets",
            "/networking")) {
      assertThat(ours.at(field)).as("%s %s", kase, field).isEqualTo(kops.at(field));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"privatekindnet@HEAD"})
  void networkingAddonHasKopsObjectsImagesAndCommand(String kase) throws IOException {
    Path dir = dir(kase);
    Path kopsFile;
    try (Stream<Path> files = Files.list(dir.resolve("data"))) {
      kopsFile =
          files
              .filter(p -> p.getFileName().toString().contains("-addons-networking."))
              .findFirst()
              .orElseThrow();
    }
    List<JsonNode> kops = KopsParityTest.docs(Files.readString(kopsFile));
    NetworkPlan plan = NetworkPlanner.plan(KopsParityTest.bundle(dir), IpamState.empty());
    AddonManifest addon = plan.addons().get(0);
    List<JsonNode> ours = KopsParityTest.docs(addon.manifest());

    assertThat(KopsParityTest.kindsAndNames(ours))
        .as(kase + " objects")
        .isEqualTo(KopsParityTest.kindsAndNames(kops));
    assertThat(KopsParityTest.images(ours))
        .as(kase + " images")
        .isEqualTo(KopsParityTest.images(kops));
    assertThat(kopsFile.getFileName().toString())
        .endsWith(addon.name() + "-" + addon.id() + "_content");
    assertThat(containerField(ours, "command"))
        .as(kase + " agent command")
        .isEqualTo(containerField(kops, "command"));
    assertThat(containerField(ours, "env"))
        .as(kase + " agent env")
        .isEqualTo(containerField(kops, "env"));
    assertThat(rules(ours)).as(kase + " ClusterRole rules").isEqualTo(rules(kops));
  }

  @ParameterizedTest
  @ValueSource(strings = {"privatekindnet@HEAD"})
  void bootstrapChannelListsTheNetworkingAddonAsKopsDoes(String kase) throws IOException {
    Path dir = dir(kase);
    Path channel;
    try (Stream<Path> files = Files.list(dir.resolve("data"))) {
      channel =
          files
              .filter(p -> p.getFileName().toString().endsWith("-addons-bootstrap_content"))
              .findFirst()
              .orElseThrow();
    }
    JsonNode kopsEntry = null;
    for (JsonNode a : KopsParityTest.YAML.readTree(channel.toFile()).path("spec").path("addons")) {
      if (a.path("name").asText().startsWith("networking.")) {
        kopsEntry = a;
      }
    }
    NetworkPlan plan = NetworkPlanner.plan(KopsParityTest.bundle(dir), IpamState.empty());
    JsonNode ours =
        YamlCodec.toTree(BootstrapChannel.document(plan.addons()))
            .path("spec")
            .path("addons")
            .get(0);
    for (String f : List.of("name", "id", "manifest", "selector")) {
      assertThat(ours.path(f)).as(kase + " " + f).isEqualTo(kopsEntry.path(f));
    }
  }

  /**
   * An IPv6 cluster's calico as kops renders it: no IPv4 address or pool, the node's IPv6 address
   * found on its first interface, felix with IPv6, no BGP (the VPC routes each node's prefix), the
   * source/dest check left alone, and the CNI plugin's host-local IPAM over the node's IPv6 pod
   * prefix.
   */
  @ParameterizedTest
  @ValueSource(strings = {"minimal-ipv6-calico@HEAD"})
  void ipv6CalicoAddressesPodsAsKopsDoes(String kase) throws IOException {
    Path dir = dir(kase);
    Path kopsFile;
    try (Stream<Path> files = Files.list(dir.resolve("data"))) {
      kopsFile =
          files
              .filter(p -> p.getFileName().toString().contains("-addons-networking."))
              .findFirst()
              .orElseThrow();
    }
    List<JsonNode> kops = KopsParityTest.docs(Files.readString(kopsFile));
    NetworkPlan plan =
        NetworkPlanner.plan(
            new dev.jkops.api.ClusterBundle(
                ClusterCompletion.complete(KopsParityTest.bundle(dir)),
                KopsParityTest.bundle(dir).instanceGroups()),
            IpamState.empty());
    List<JsonNode> ours = KopsParityTest.docs(plan.addons().get(0).manifest());
    for (String name :
        List.of(
            "USE_POD_CIDR",
            "IP",
            "IP6",
            "IP_AUTODETECTION_METHOD",
            "IP6_AUTODETECTION_METHOD",
            "CALICO_IPV4POOL_IPIP",
            "CALICO_IPV4POOL_VXLAN",
            "CALICO_IPV6POOL_VXLAN",
            "NO_DEFAULT_POOLS",
            "FELIX_IPV6SUPPORT",
            "FELIX_AWSSRCDSTCHECK")) {
      assertThat(env(ours, name)).as("%s env %s", kase, name).isEqualTo(env(kops, name));
    }
    assertThat(env(ours, "CALICO_IPV4POOL_CIDR")).as("no IPv4 pool").isNull();
    JsonNode kopsConfig = configMap(kops, "calico-config");
    JsonNode ourConfig = configMap(ours, "calico-config");
    assertThat(ourConfig.path("calico_backend")).isEqualTo(kopsConfig.path("calico_backend"));
    assertThat(cniIpam(ourConfig)).isEqualTo(cniIpam(kopsConfig));
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal-ipv6-cilium@HEAD"})
  void ipv6CiliumCompletesAsKopsDoes(String kase) throws IOException {
    completedSpecNetworkingFieldsMatchKops(kase);
  }

  /**
   * An IPv6 cluster's cilium as kops renders it: IPv6 on and IPv4 off, neither family masqueraded,
   * native routing (the VPC routes each node's delegated prefix, so no tunnel keys at all), the
   * node's pod prefix from Kubernetes IPAM, and every health endpoint on the IPv6 loopback. Every
   * cilium-config key kops renders that jkops renders too must have kops' value; the keys that
   * decide the address family and routing must be there.
   */
  @ParameterizedTest
  @ValueSource(strings = {"minimal-ipv6-cilium@HEAD"})
  void ipv6CiliumAddressesAndRoutesPodsAsKopsDoes(String kase) throws IOException {
    Path dir = dir(kase);
    Path kopsFile;
    try (Stream<Path> files = Files.list(dir.resolve("data"))) {
      kopsFile =
          files
              .filter(p -> p.getFileName().toString().contains("-addons-networking."))
              .findFirst()
              .orElseThrow();
    }
    List<JsonNode> kops = KopsParityTest.docs(Files.readString(kopsFile));
    NetworkPlan plan =
        NetworkPlanner.plan(
            new dev.jkops.api.ClusterBundle(
                ClusterCompletion.complete(KopsParityTest.bundle(dir)),
                KopsParityTest.bundle(dir).instanceGroups()),
            IpamState.empty());
    List<JsonNode> ours = KopsParityTest.docs(plan.addons().get(0).manifest());
    JsonNode kopsConfig = configMap(kops, "cilium-config");
    JsonNode ourConfig = configMap(ours, "cilium-config");
    for (String key :
        List.of(
            "enable-ipv4",
            "enable-ipv6",
            "enable-ipv4-masquerade",
            "enable-ipv6-masquerade",
            "ipam",
            "routing-mode",
            "auto-direct-node-routes",
            "enable-bpf-masquerade",
            "operator-api-serve-addr")) {
      assertThat(ourConfig.has(key)).as("%s cilium-config has %s", kase, key).isTrue();
    }
    ourConfig
        .fieldNames()
        .forEachRemaining(
            key ->
                assertThat(ourConfig.path(key))
                    .as("%s cilium-config %s", kase, key)
                    .isEqualTo(kopsConfig.path(key)));
    assertThat(ourConfig.has("tunnel-protocol")).as("no tunnel").isFalse();
    assertThat(probeHosts(ours)).as("%s probe hosts", kase).isEqualTo(probeHosts(kops));
    assertThat(KopsParityTest.kindsAndNames(ours))
        .as(kase + " objects")
        .isEqualTo(KopsParityTest.kindsAndNames(kops));
  }

  /** Every HTTP probe's host in the DaemonSets' and Deployments' containers, in order. */
  private static List<String> probeHosts(List<JsonNode> docs) {
    List<String> out = new ArrayList<>();
    for (JsonNode d : docs) {
      String kind = d.path("kind").asText();
      if (!kind.equals("DaemonSet") && !kind.equals("Deployment")) {
        continue;
      }
      for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
          JsonNode host = c.path(probe).path("httpGet").path("host");
          if (!host.isMissingNode()) {
            out.add(d.path("metadata").path("name").asText() + " " + probe + " " + host.asText());
          }
        }
      }
    }
    return out;
  }

  private static JsonNode env(List<JsonNode> docs, String name) {
    for (JsonNode e : containerField(docs, "env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value");
      }
    }
    return null;
  }

  private static JsonNode configMap(List<JsonNode> docs, String name) {
    return docs.stream()
        .filter(
            d ->
                d.path("kind").asText().equals("ConfigMap")
                    && d.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow()
        .path("data");
  }

  private static JsonNode cniIpam(JsonNode config) throws IOException {
    String text = config.path("cni_network_config").asText().replace("__CNI_MTU__", "0");
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(text)
        .path("plugins")
        .path(0)
        .path("ipam");
  }

  /** The DaemonSet's main container's field (its first container). */
  private static JsonNode containerField(List<JsonNode> docs, String field) {
    for (JsonNode d : docs) {
      if (d.path("kind").asText().equals("DaemonSet")) {
        return d.path("spec").path("template").path("spec").path("containers").path(0).path(field);
      }
    }
    throw new AssertionError("no DaemonSet");
  }

  private static List<JsonNode> rules(List<JsonNode> docs) {
    List<JsonNode> out = new ArrayList<>();
    docs.stream()
        .filter(d -> d.path("kind").asText().equals("ClusterRole"))
        .forEach(d -> out.add(d.path("rules")));
    return out;
  }
}
