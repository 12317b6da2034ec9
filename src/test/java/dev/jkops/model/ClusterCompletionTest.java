package dev.jkops.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.KubeControllerManagerConfig;
import dev.jkops.api.NetworkingSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterCompletionTest {
  @Test
  void kubenetOnOldKubernetesGetsCloudRoutesAndKubeletPluginWithAwsMtu() {
    Cluster c =
        ClusterCompletion.complete(
            TestClusters.oneZone("c.example.com", "kubenet", "1.14.0", 2, 2));
    assertThat(c.spec().kubeControllerManager().allocateNodeCIDRs()).isTrue();
    assertThat(c.spec().kubeControllerManager().configureCloudRoutes()).isTrue();
    assertThat(c.spec().kubeControllerManager().clusterCIDR()).isEqualTo("100.96.0.0/11");
    assertThat(c.spec().kubeProxy().clusterCIDR()).isEqualTo("100.96.0.0/11");
    assertThat(c.spec().kubelet().networkPluginName()).isEqualTo("kubenet");
    assertThat(c.spec().kubelet().networkPluginMTU()).isEqualTo(9001);
    assertThat(((Map<?, ?>) c.spec().extra().get("masterKubelet")).get("networkPluginName"))
        .isEqualTo("kubenet");
  }

  @Test
  void fromKubernetes124NoKubeletNetworkFieldsAreWritten() {
    Cluster c = ClusterCompletion.complete(TestClusters.oneZone("c.example.com", "calico"));
    assertThat(c.spec().kubelet()).isNull();
    assertThat(c.spec().kubeControllerManager().configureCloudRoutes()).isFalse();
    assertThat(((NetworkingSpec.Calico) c.spec().networking()).encapsulationMode())
        .isEqualTo("ipip");
  }

  @Test
  void keepsWhatTheUserSet() {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "kubenet");
    ClusterSpecBuilder s = b.cluster().spec().toBuilder();
    s.kubeControllerManager = new KubeControllerManagerConfig(null, false, null, 26, null);
    Cluster c =
        ClusterCompletion.complete(
            new ClusterBundle(b.cluster().withSpec(s.build()), b.instanceGroups()));
    assertThat(c.spec().kubeControllerManager().configureCloudRoutes()).isFalse();
    assertThat(c.spec().kubeControllerManager().nodeCIDRMaskSize()).isEqualTo(26);
    assertThat(c.spec().kubeControllerManager().allocateNodeCIDRs()).isTrue();
  }
}
