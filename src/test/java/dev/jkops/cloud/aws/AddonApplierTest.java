package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.model.AddonManifest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Addons through the Kubernetes API (fabric8 mock server, CRUD mode), as kops' channels tool
 * applies them.
 */
@EnableKubernetesMockClient(crud = true)
class AddonApplierTest {
  KubernetesClient client;

  static List<AddonManifest> addons(String caseName) {
    return AwsCases.plan(AwsCases.bundle(caseName)).addons();
  }

  @Test
  void appliesTheNetworkingAddonOnceAndRecordsItsIdAndHash() {
    List<AddonManifest> flannel = addons("privateflannel@HEAD");
    AddonApplier applier = new AddonApplier(client);
    AddonApplier.Result first = applier.apply(flannel);
    assertThat(first.applied()).containsExactly(flannel.get(0).name());
    assertThat(client.apps().daemonSets().inAnyNamespace().list().getItems()).isNotEmpty();
    assertThat(applier.installed().get(flannel.get(0).name()))
        .containsEntry("id", flannel.get(0).id())
        .containsEntry("manifestHash", flannel.get(0).sha256());

    AddonApplier.Result second = applier.apply(flannel);
    assertThat(second.applied()).isEmpty();
    assertThat(second.unchanged()).containsExactly(flannel.get(0).name());
  }

  @Test
  void switchingProvidersRemovesTheOldProvidersObjects() {
    AddonApplier applier = new AddonApplier(client);
    List<AddonManifest> flannel = addons("privateflannel@HEAD");
    applier.apply(flannel);
    List<String> flannelSets =
        client.apps().daemonSets().inAnyNamespace().list().getItems().stream()
            .map(d -> d.getMetadata().getName())
            .toList();

    List<AddonManifest> calico = addons("privatecalico@HEAD");
    AddonApplier.Result r = applier.apply(calico);
    assertThat(r.removed()).isNotEmpty();
    List<String> now =
        client.apps().daemonSets().inAnyNamespace().list().getItems().stream()
            .map(d -> d.getMetadata().getName())
            .toList();
    assertThat(now).doesNotContainAnyElementsOf(flannelSets).isNotEmpty();
    assertThat(applier.installed()).containsOnlyKeys(calico.get(0).name());
  }
}
