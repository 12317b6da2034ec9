package dev.jkops.cloud.local.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.cloud.local.LocalTestClusters;
import dev.jkops.cloud.local.policy.ManifestException;
import dev.jkops.cloud.local.policy.ManifestReader;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which provider a manifest installs, from its DaemonSet images, as apply -f decides it. */
class ProviderManifestsTest {

  /** The manifest jkops renders for a provider, as a user would save it from the state store. */
  static String rendered(String mode) {
    var bundle = LocalTestClusters.twoZones("m.example.com", mode);
    if (mode.equals("cilium")) {
      // as create cluster --networking cilium sets: cilium's node port replaces kube-proxy
      var spec = bundle.cluster().spec().toBuilder();
      spec.kubeProxy = new dev.jkops.api.KubeProxyConfig(null, false, null);
      bundle =
          new dev.jkops.api.ClusterBundle(
              bundle.cluster().withSpec(spec.build()), bundle.instanceGroups());
    }
    return NetworkPlanner.plan(bundle, IpamState.empty()).addons().stream()
        .map(AddonManifest::manifest)
        .collect(Collectors.joining("\n---\n"));
  }

  static NetworkingSpec recognise(String yaml) {
    return ProviderManifests.recognise(ManifestReader.read(yaml, "provider.yaml"), "provider.yaml");
  }

  @ParameterizedTest
  @CsvSource({
    "flannel,flannel",
    "flannel-udp,flannel",
    "weave,weave",
    "calico,calico",
    "canal,canal",
    "kopeio-vxlan,kopeio",
    "romana,romana",
    "cilium,cilium",
    "kindnet,kindnet",
    "kube-router,kuberouter"
  })
  void theManifestsJkopsRendersAreRecognised(String mode, String key) {
    NetworkingSpec found = recognise(rendered(mode));
    assertThat(found.key()).isEqualTo(key);
    if (mode.startsWith("flannel")) {
      assertThat(((NetworkingSpec.Flannel) found).backendOrDefault())
          .isEqualTo(mode.equals("flannel-udp") ? "udp" : "vxlan");
    }
  }

  @Test
  void calicosEtcdManifestInstallsCalicoOnTheEtcdDatastore() {
    var bundle = LocalTestClusters.twoZones("m.example.com", "calico");
    var spec = bundle.cluster().spec().toBuilder();
    spec.networking =
        new NetworkingSpec.Calico(
            null, null, null, null, NetworkingSpec.Calico.DATASTORE_ETCD, null);
    var etcdBundle =
        new dev.jkops.api.ClusterBundle(
            bundle.cluster().withSpec(spec.build()), bundle.instanceGroups());
    String etcdManifest =
        NetworkPlanner.plan(etcdBundle, IpamState.empty()).addons().stream()
            .map(AddonManifest::manifest)
            .collect(Collectors.joining("\n---\n"));
    assertThat(etcdManifest).contains("etcd_endpoints");
    assertThat(((NetworkingSpec.Calico) recognise(etcdManifest)).datastoreOrDefault())
        .isEqualTo("etcd");
    assertThat(((NetworkingSpec.Calico) recognise(rendered("calico"))).datastoreOrDefault())
        .isEqualTo("kubernetes");
  }

  static String daemonSet(String... images) {
    StringBuilder containers = new StringBuilder();
    for (int i = 0; i < images.length; i++) {
      containers
          .append("      - {name: c")
          .append(i)
          .append(", image: \"")
          .append(images[i])
          .append("\"}\n");
    }
    return "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds, namespace: kube-system}\nspec:\n  template:\n"
        + "    spec:\n      containers:\n"
        + containers.toString().replace("      - ", "      - ");
  }

  @Test
  void upstreamManifestsAreRecognisedByTheirImages() {
    String flannelConf =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-flannel-cfg}\ndata:\n  net-conf.json: |\n"
            + "    {\"Network\": \"10.244.0.0/16\", \"Backend\": {\"Type\": \"udp\"}}\n---\n";
    assertThat(recognise(flannelConf + daemonSet("docker.io/flannel/flannel:v0.25.1")))
        .isEqualTo(new NetworkingSpec.Flannel("udp", null));
    assertThat(recognise(daemonSet("ghcr.io/flannel-io/flannel:v0.26.0@sha256:abc")))
        .as("no net-conf.json: flannel's default backend")
        .isEqualTo(new NetworkingSpec.Flannel("vxlan", null));
    assertThat(recognise(daemonSet("quay.io/coreos/flannel:v0.7.1")))
        .isInstanceOf(NetworkingSpec.Flannel.class);
    assertThat(
            recognise(daemonSet("docker.io/calico/cni:v3.28.0", "docker.io/calico/node:v3.28.0")))
        .isInstanceOf(NetworkingSpec.Calico.class);
    assertThat(recognise(daemonSet("calico/node:v3.28.0", "flannel/flannel:v0.25.1")))
        .as("calico policy with flannel is canal")
        .isInstanceOf(NetworkingSpec.Canal.class);
    assertThat(recognise(daemonSet("weaveworks/weave-kube:2.8.1", "weaveworks/weave-npc:2.8.1")))
        .isInstanceOf(NetworkingSpec.Weave.class);
    assertThat(recognise(daemonSet("kopeio/networking-agent:1.0.20181028")))
        .isInstanceOf(NetworkingSpec.Kopeio.class);
    assertThat(recognise(daemonSet("quay.io/romana/agent:v2.0.2")))
        .isInstanceOf(NetworkingSpec.Romana.class);
  }

  @Test
  void upstreamCiliumKindnetAndKubeRouterManifestsAreRecognisedByTheirImages() {
    // cilium's helm chart: agent and its init containers run quay.io/cilium/cilium; no
    // cilium-config says otherwise, so cilium's default VXLAN tunnel
    NetworkingSpec cilium =
        recognise(daemonSet("quay.io/cilium/cilium:v1.16.7@sha256:abc", "quay.io/cilium/cilium"));
    assertThat(cilium).isInstanceOf(NetworkingSpec.Cilium.class);
    assertThat(((NetworkingSpec.Cilium) cilium).tunnelOrDefault()).isEqualTo("vxlan");
    String nativeRouting =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\n"
            + "data:\n  routing-mode: native\n  ipv4-native-routing-cidr: 100.96.0.0/11\n---\n";
    assertThat(
            ((NetworkingSpec.Cilium)
                    recognise(nativeRouting + daemonSet("quay.io/cilium/cilium:v1.16.7")))
                .tunnelOrDefault())
        .as("routing-mode: native is cilium without a tunnel")
        .isEqualTo("disabled");
    String legacyTunnelOff =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config}\ndata:\n  tunnel: disabled\n---\n";
    assertThat(
            ((NetworkingSpec.Cilium)
                    recognise(legacyTunnelOff + daemonSet("cilium/cilium:v1.13.4")))
                .tunnelOrDefault())
        .isEqualTo("disabled");
    // a Deployment's images do not count: cilium's operator alone is no data plane
    String operatorOnly =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cilium-operator}\nspec:\n"
            + "  template:\n    spec:\n      containers:\n"
            + "      - {name: op, image: quay.io/cilium/operator-generic:v1.16.7}\n";
    assertThatThrownBy(() -> recognise(operatorOnly)).isInstanceOf(ManifestException.class);

    for (String kindnet :
        List.of(
            "registry.k8s.io/networking/kindnet:v1.8.5",
            "docker.io/kindest/kindnetd:v20240513-cd2ac642",
            "ghcr.io/aojea/kindnetd:v1.8.0")) {
      assertThat(recognise(daemonSet(kindnet)))
          .as(kindnet)
          .isInstanceOf(NetworkingSpec.Kindnet.class);
    }
    assertThat(
            recognise(
                daemonSet(
                    "docker.io/cloudnativelabs/kube-router", "cloudnativelabs/kube-router:v2.4.1")))
        .isInstanceOf(NetworkingSpec.KubeRouter.class);
  }

  @Test
  void anUnrecognisedManifestNamesItsImagesAndTheOnesJkopsKnows() {
    String deployment =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n"
            + daemonSet("nginx:1.27");
    assertThatThrownBy(() -> recognise(deployment))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining(
            "provider.yaml: no networking provider recognised (DaemonSet images: nginx)")
        .hasMessageContaining("weaveworks/weave-kube")
        .hasMessageContaining("flannel/flannel")
        .hasMessageContaining("calico/node")
        .hasMessageContaining("kopeio/networking-agent")
        .hasMessageContaining("cilium/cilium")
        .hasMessageContaining("kindnetd")
        .hasMessageContaining("cloudnativelabs/kube-router");
  }

  @Test
  void anUnknownFlannelBackendIsRefused() {
    String conf =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-flannel-cfg}\ndata:\n  net-conf.json: |\n"
            + "    {\"Backend\": {\"Type\": \"host-gw\"}}\n---\n";
    assertThatThrownBy(() -> recognise(conf + daemonSet("flannel/flannel:v0.25.1")))
        .hasMessageContaining("Backend.Type \"host-gw\"")
        .hasMessageContaining("use vxlan or udp");
  }
}
