package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KopsSpecExtrasTest {

  @Test
  void namesEtcdMembersByWhatTheirGroupNamesDoNotShare() {
    assertThat(KopsSpecExtras.memberNames(List.of("control-plane-us-test-1a")))
        .containsExactly("a");
    assertThat(
            KopsSpecExtras.memberNames(
                List.of(
                    "control-plane-us-test-1a",
                    "control-plane-us-test-1b",
                    "control-plane-us-test-1c")))
        .containsExactly("a", "b", "c");
    assertThat(
            KopsSpecExtras.memberNames(
                List.of(
                    "control-plane-us-test-1a-1",
                    "control-plane-us-test-1a-2",
                    "control-plane-us-test-1a-3")))
        .containsExactly("etcd-1", "etcd-2", "etcd-3");
  }

  @Test
  void writesMainAndEventsEtcdClustersWithOneMemberPerControlPlaneGroup() {
    InstanceGroup cp = InstanceGroup.of("c.example.com", "control-plane-us-test-1a", null);
    Map<String, Object> extra = KopsSpecExtras.forNewCluster(List.of(cp), true);
    assertThat(extra).containsKeys("authorization", "channel", "etcdClusters", "iam");
    String yaml = YamlCodec.toYaml(extra);
    assertThat(yaml)
        .contains("name: main")
        .contains("name: events")
        .contains("encryptedVolume: true")
        .contains("instanceGroup: control-plane-us-test-1a");
    assertThat(YamlCodec.toYaml(KopsSpecExtras.forNewCluster(List.of(cp), false)))
        .doesNotContain("encryptedVolume");
  }
}
