package dev.jkops.model.addon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.store.FileStateStore;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.TestClusters;
import dev.jkops.model.ipam.IpamState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterArtifactsWriterTest {
  @TempDir Path dir;

  static String read(FileStateStore s, String path) {
    return new String(s.read(path).orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void writesTheCompletedSpecChannelAndManifestInKopsLayout() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    ClusterBundle b = TestClusters.oneZone("c.example.com", "flannel");
    Cluster completed = ClusterCompletion.complete(b);
    NetworkPlan plan =
        NetworkPlanner.plan(new ClusterBundle(completed, b.instanceGroups()), IpamState.empty());
    new ClusterArtifactsWriter(store).write(completed, plan.addons());

    assertThat(store.list("c.example.com/"))
        .containsExactly(
            "c.example.com/addons/bootstrap-channel.yaml",
            "c.example.com/addons/networking.flannel/k8s-1.25.yaml",
            "c.example.com/cluster-completed.spec");
    AddonManifest addon = plan.addons().get(0);
    assertThat(read(store, "c.example.com/addons/networking.flannel/k8s-1.25.yaml"))
        .isEqualTo(addon.manifest());
    JsonNode channel =
        new ObjectMapper(new YAMLFactory())
            .readTree(read(store, "c.example.com/addons/bootstrap-channel.yaml"));
    assertThat(channel.path("kind").asText()).isEqualTo("Addons");
    assertThat(channel.path("metadata").path("name").asText()).isEqualTo("bootstrap");
    JsonNode entry = channel.path("spec").path("addons").get(0);
    assertThat(entry.path("manifest").asText()).isEqualTo("networking.flannel/k8s-1.25.yaml");
    assertThat(entry.path("manifestHash").asText()).isEqualTo(addon.sha256());
    assertThat(entry.path("selector").path("role.kubernetes.io/networking").asText())
        .isEqualTo("1");
    assertThat(read(store, "c.example.com/cluster-completed.spec"))
        .contains("configureCloudRoutes: false");
  }

  @Test
  void switchingProviderRemovesTheOldManifestAndARerunChangesNothing() {
    FileStateStore store = new FileStateStore(dir);
    ClusterArtifactsWriter writer = new ClusterArtifactsWriter(store);
    for (String mode : new String[] {"weave", "calico"}) {
      ClusterBundle b = TestClusters.oneZone("c.example.com", mode);
      Cluster completed = ClusterCompletion.complete(b);
      writer.write(
          completed,
          NetworkPlanner.plan(new ClusterBundle(completed, b.instanceGroups()), IpamState.empty())
              .addons());
    }
    assertThat(store.list("c.example.com/addons/"))
        .containsExactly(
            "c.example.com/addons/bootstrap-channel.yaml",
            "c.example.com/addons/networking.projectcalico.org/k8s-1.25.yaml");
    ClusterBundle b = TestClusters.oneZone("c.example.com", "calico");
    Cluster completed = ClusterCompletion.complete(b);
    assertThat(
            writer.write(
                completed,
                NetworkPlanner.plan(
                        new ClusterBundle(completed, b.instanceGroups()), IpamState.empty())
                    .addons()))
        .isEmpty();
  }

  @Test
  void aModeWithoutAddonWritesAnEmptyChannel() {
    FileStateStore store = new FileStateStore(dir);
    ClusterBundle b = TestClusters.oneZone("c.example.com", "kubenet");
    new ClusterArtifactsWriter(store).write(ClusterCompletion.complete(b), java.util.List.of());
    assertThat(read(store, "c.example.com/addons/bootstrap-channel.yaml")).contains("addons: []");
  }
}
