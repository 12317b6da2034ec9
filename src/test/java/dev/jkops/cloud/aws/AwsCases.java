package dev.jkops.cloud.aws;

import dev.jkops.PeerData;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Loads kops' update_cluster cases and the AWS resources jkops derives from them. */
final class AwsCases {
  private AwsCases() {}

  static Path dir() {
    return PeerData.kops().resolve("update_cluster");
  }

  /**
   * A case's folder: kops' cases, or kops HEAD's cases for today's providers beside them
   * (kops-current).
   */
  static Path caseDir(String caseName) {
    Path own = dir().resolve(caseName);
    return Files.isDirectory(own)
        ? own
        : dir()
            .getParent()
            .resolveSibling("kops-current")
            .resolve("update_cluster")
            .resolve(caseName);
  }

  static List<String> names() {
    try (Stream<Path> s = Files.list(dir())) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The hosted zone kops' integration tests find for {@code example.com}: their mock Route 53 holds
   * it, and kops looks the zone up by the cluster's name. jkops does no lookup (Terraform output is
   * written offline), so each case names the zone by id in {@code spec.dnsZone}, as a user would.
   */
  static final String KOPS_TEST_ZONE_ID = "Z1AFAKE1ZON3YO";

  static ClusterBundle bundle(String caseName) {
    Path file = caseDir(caseName).resolve("in-v1alpha2.yaml");
    try {
      String yaml = Files.readString(file);
      if (!yaml.contains("dnsZone:")) {
        yaml = yaml.replaceFirst("\nspec:\n", "\nspec:\n  dnsZone: " + KOPS_TEST_ZONE_ID + "\n");
      }
      YamlCodec.Documents docs = YamlCodec.read(yaml, file.toString());
      return new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String expectedJson(String caseName) {
    try {
      return Files.readString(caseDir(caseName).resolve("kubernetes.tf.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String expectedHcl(String caseName) {
    try {
      return Files.readString(caseDir(caseName).resolve("kubernetes.tf"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static NetworkPlan plan(ClusterBundle bundle) {
    return NetworkPlanner.plan(bundle, IpamState.empty());
  }

  static List<AwsResource> resources(ClusterBundle bundle) {
    return AwsResources.build(AwsCluster.of(bundle), plan(bundle));
  }

  /**
   * kops' harness gives every case the same admin SSH key ({@code id_rsa.pub}; the older cases do
   * not keep the file but name the same fingerprint), so a case without one uses minimal-aws's.
   */
  static SshPublicKey sshKey(String caseName) {
    Path own = dir().resolve(caseName).resolve("id_rsa.pub");
    Path file = Files.exists(own) ? own : dir().resolve("minimal-aws@HEAD").resolve("id_rsa.pub");
    try {
      return SshPublicKey.of(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
