package dev.jkops.api.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterDefaults;
import dev.jkops.api.CreateClusterOptions;
import dev.jkops.api.YamlCodec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterStoreTest {
  @TempDir Path dir;
  FileStateStore files;
  ClusterStore clusters;
  ClusterBundle bundle;

  @BeforeEach
  void setUp() {
    files = new FileStateStore(dir);
    clusters = new ClusterStore(files);
    bundle =
        ClusterDefaults.create(
            CreateClusterOptions.minimal("a.example.com", List.of("us-east-1a")));
  }

  @Test
  void putWritesKopsLayoutAndGetReadsItBack() {
    clusters.put(bundle, ClusterDefaults.complete(bundle.cluster()));
    assertThat(files.list(""))
        .containsExactly(
            "a.example.com/cluster-completed.spec",
            "a.example.com/config",
            "a.example.com/instancegroup/control-plane-us-east-1a",
            "a.example.com/instancegroup/nodes-us-east-1a");
    ClusterStore.Stored s = clusters.require("a.example.com");
    assertThat(YamlCodec.toTree(s.cluster())).isEqualTo(YamlCodec.toTree(bundle.cluster()));
    assertThat(s.bundle().instanceGroups()).hasSize(2);
    assertThat(new String(s.configBytes(), UTF_8)).isEqualTo(YamlCodec.toYaml(bundle.cluster()));
    assertThat(clusters.completed("a.example.com"))
        .hasValueSatisfying(c -> assertThat(c.spec().podCIDR()).isEqualTo("100.96.0.0/11"));
  }

  @Test
  void listShowsOnlyClustersWhoseConfigIsWritten() {
    clusters.put(bundle, bundle.cluster());
    files.write("half.example.com/instancegroup/nodes", "x".getBytes(UTF_8));
    assertThat(clusters.list()).containsExactly("a.example.com");
  }

  @Test
  void deleteRemovesEveryFileOfOneClusterOnly() {
    clusters.put(bundle, bundle.cluster());
    ClusterBundle other =
        ClusterDefaults.create(CreateClusterOptions.minimal("b.example.com", List.of("zone-a")));
    clusters.put(other, other.cluster());
    clusters.delete("a.example.com");
    assertThat(clusters.get("a.example.com")).isEmpty();
    assertThat(files.list("")).allMatch(p -> p.startsWith("b.example.com/"));
  }

  @Test
  void aMissingClusterNamesTheStoreAndHowToFindClusters() {
    assertThatThrownBy(() -> clusters.require("ghost.example.com"))
        .hasMessageContaining("ghost.example.com")
        .hasMessageContaining(files.location())
        .hasMessageContaining("jkops get clusters");
  }

  @Test
  void reportsFieldsJkopsKeepsButDoesNotModel() {
    Cluster c =
        YamlCodec.read(
                """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata: {name: a.example.com}
        spec:
          networking: {kubenet: {}}
          kubeAPIServer: {auditLogMaxAge: 10}
        """,
                "x")
            .clusters()
            .get(0);
    clusters.put(new ClusterBundle(c, List.of()), c);
    assertThat(clusters.require("a.example.com").unmodelledFields())
        .containsExactly("spec.kubeAPIServer");
  }

  @Test
  void aConfigWithTwoDocumentsIsReportedWithItsPath() {
    files.write(
        "x.example.com/config",
        (YamlCodec.toYaml(bundle.cluster())
                + "\n---\n"
                + YamlCodec.toYaml(bundle.instanceGroups().get(0)))
            .getBytes(UTF_8));
    assertThatThrownBy(() -> clusters.get("x.example.com"))
        .hasMessageContaining("x.example.com/config")
        .hasMessageContaining("exactly one Cluster");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a/b",
        "..",
        "a..b",
        "../x",
        "x;rm -rf",
        "$(id)",
        "Upper.example.com",
        "-lead",
        "trail-",
        "sp ace",
        ""
      })
  void refusesNamesThatAreNotDnsNamesBeforeTheyBecomePaths(String name) {
    assertThatThrownBy(() -> clusters.get(name))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("name");
    assertThat(files.list("")).isEmpty();
  }
}
