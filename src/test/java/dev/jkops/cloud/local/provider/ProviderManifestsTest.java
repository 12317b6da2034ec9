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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which provider a manifest installs, from its DaemonSet images, as apply -f decides it. */
class ProviderManifestsTest {

  /** The manifest jkops renders for a provider, as a user would save it from the state store. */
  static String rendered(String mode) {
    return NetworkPlanner.plan(LocalTestClusters.twoZones("m.example.com", mode), IpamState.empty())
        .addons()
        .stream()
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
    "romana,romana"
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
        .hasMessageContaining("kopeio/networking-agent");
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
