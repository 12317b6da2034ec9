package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.PeerData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ClusterDefaults#complete} against the completed specs kops wrote for its update_cluster
 * cases: the api-level ranges (network, non-masquerade, pod, service, subnets) and the cluster CIDR
 * that kube-proxy and kube-controller-manager are given must be the same.
 */
class CompletedSpecParityTest {

  static Stream<Path> casesWithACompletedSpec() throws IOException {
    try (Stream<Path> dirs = Files.list(PeerData.kops().resolve("update_cluster"))) {
      return dirs.filter(d -> Files.exists(completed(d))).sorted().toList().stream();
    }
  }

  private static Path completed(Path dir) {
    return dir.resolve("data/aws_s3_object_cluster-completed.spec_content");
  }

  private static Map<String, String> ranges(ClusterSpec s) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("networkCIDR", s.networkCIDR());
    f.put("nonMasqueradeCIDR", s.nonMasqueradeCIDR());
    f.put("podCIDR", s.podCIDR());
    f.put("serviceClusterIPRange", s.serviceClusterIPRange());
    f.put("kubeProxy.clusterCIDR", s.kubeProxy() == null ? null : s.kubeProxy().clusterCIDR());
    f.put(
        "kubeControllerManager.clusterCIDR",
        s.kubeControllerManager() == null ? null : s.kubeControllerManager().clusterCIDR());
    s.subnetsOrEmpty().forEach(sub -> f.put("subnet[" + sub.name() + "].cidr", sub.cidr()));
    return f;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("casesWithACompletedSpec")
  void completesTheRangesAsKopsDoes(Path dir) throws IOException {
    Path in = dir.resolve("in-v1alpha2.yaml");
    Cluster user = YamlCodec.read(Files.readString(in), in.toString()).clusters().get(0);
    Cluster kops =
        YamlCodec.read(Files.readString(completed(dir)), completed(dir).toString())
            .clusters()
            .get(0);

    Map<String, String> ours = ranges(ClusterDefaults.complete(user).spec());
    Map<String, String> theirs = ranges(kops.spec());
    System.out.printf(
        "completed %-24s %d range fields compared%n", dir.getFileName(), theirs.size());
    assertThat(ours).isEqualTo(theirs);
    assertThat(theirs).containsEntry("podCIDR", "100.96.0.0/11");
  }
}
