package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.PeerData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class YamlCodecTest {

  @Test
  void readsKopsCreateClusterOutputAndKeepsUnmodelledFields() throws Exception {
    Path file = PeerData.kops().resolve("create_cluster/ha@HEAD/expected-v1alpha2.yaml");
    YamlCodec.Documents docs = YamlCodec.read(Files.readString(file), file.toString());

    assertThat(docs.clusters()).hasSize(1);
    Cluster c = docs.clusters().get(0);
    assertThat(c.name()).isEqualTo("ha.example.com");
    assertThat(c.spec().networking()).isInstanceOf(NetworkingSpec.Cni.class);
    assertThat(c.spec().subnets())
        .extracting(ClusterSubnet::cidr)
        .containsExactly("172.20.0.0/18", "172.20.64.0/18", "172.20.128.0/18");
    assertThat(docs.instanceGroups())
        .extracting(InstanceGroup::name)
        .contains("control-plane-us-test-1a", "nodes-us-test-1c");
    assertThat(docs.unmodelledFields())
        .contains("spec.etcdClusters", "spec.iam", "spec.authorization");

    // Reading what we wrote gives the same trees: nothing the user had is lost.
    String again = YamlCodec.toYaml(docs.clusters().get(0));
    Cluster back = YamlCodec.read(again, "round-trip").clusters().get(0);
    assertThat(YamlCodec.toTree(back)).isEqualTo(YamlCodec.toTree(c));
    assertThat(again).contains("etcdClusters:").contains("networking:\n    cni: {}");
  }

  @Test
  void readsThe2017ApiVersionAndKopeio() throws Exception {
    Path file = PeerData.kops().resolve("create_cluster/private@1.8.0/expected-v1alpha2.yaml");
    YamlCodec.Documents docs = YamlCodec.read(Files.readString(file), file.toString());
    assertThat(docs.clusters().get(0).spec().networking())
        .isInstanceOf(NetworkingSpec.Kopeio.class);
    assertThat(docs.clusters().get(0).spec().topology().masters()).isEqualTo("private");
  }

  @Test
  void refusesTwoNetworkingOptionsNamingTheField() {
    String yaml =
        """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata: {name: a.example.com}
        spec:
          networking:
            weave: {}
            calico: {}
        """;
    assertThatThrownBy(() -> YamlCodec.read(yaml, "two.yaml"))
        .isInstanceOf(SpecFormatException.class)
        .hasMessageContaining("two.yaml")
        .hasMessageContaining("spec.networking")
        .hasMessageContaining("only one networking option permitted");
  }

  @Test
  void calicoOptionsRoundTrip() {
    String yaml =
        """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata: {name: a.example.com}
        spec:
          networking:
            calico: {mtu: 8981, encapsulationMode: vxlan, crossSubnet: true, datastore: etcd, typhaReplicas: 3}
        """;
    Cluster c = YamlCodec.read(yaml, "c.yaml").clusters().get(0);
    NetworkingSpec.Calico calico = (NetworkingSpec.Calico) c.spec().networking();
    assertThat(calico.mtu()).isEqualTo(8981);
    assertThat(calico.datastoreOrDefault()).isEqualTo("etcd");
    assertThat(calico.extra()).containsEntry("typhaReplicas", 3);
    assertThat(YamlCodec.toYaml(c))
        .contains("typhaReplicas: 3")
        .contains("encapsulationMode: vxlan");
  }

  @Test
  void wrongTypeNamesTheFieldPath() {
    String yaml =
        """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata: {name: a.example.com}
        spec:
          networking:
            weave: {mtu: lots}
        """;
    assertThatThrownBy(() -> YamlCodec.read(yaml, "w.yaml"))
        .hasMessageContaining("spec.networking.weave.mtu")
        .hasMessageContaining("whole number");
  }
}
