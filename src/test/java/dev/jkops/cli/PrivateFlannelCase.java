package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.PeerData;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.testing.S3Extension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * kops' privateflannel case as the CLI's AWS tests use it: an AWS cluster created from kops' own
 * file with {@code create -f} and applied to the in-process fake with {@code update cluster --yes},
 * on an S3 state store.
 */
final class PrivateFlannelCase {
  static final String NAME = "privateflannel.example.com";

  private PrivateFlannelCase() {}

  /** kops' file; read when a test runs, so without kops' data the tests skip instead of failing. */
  static Path spec() {
    return PeerData.kops().resolve("update_cluster/privateflannel@HEAD/in-v1alpha2.yaml");
  }

  /** The cluster and instance groups of {@code yaml} (kops' file, or an edit of it). */
  static ClusterBundle bundle(String yaml) {
    YamlCodec.Documents docs = YamlCodec.read(yaml, spec().toString());
    return new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
  }

  /**
   * The network plan of {@code yaml}'s cluster, completed as {@code update cluster} completes it,
   * with no pod ranges yet.
   */
  static NetworkPlan plan(String yaml) {
    ClusterBundle b = bundle(yaml);
    return NetworkPlanner.plan(
        new ClusterBundle(ClusterCompletion.complete(b), b.instanceGroups()), IpamState.empty());
  }

  /**
   * A Cli with HOME under {@code dir} and a new bucket as its store, where the case is created and
   * applied.
   */
  static Cli createdAndApplied(Path dir, S3Extension s3, String bucketPrefix) throws IOException {
    Cli cli =
        new Cli(
                Files.createDirectories(dir.resolve("home")),
                "s3://" + s3.newBucket(bucketPrefix) + "/clusters")
            .env(s3.env());
    assertThat(cli.run("create", "-f", spec().toString()).code()).isZero();
    Cli.Result applied = cli.run("update", "cluster", NAME, "--yes");
    assertThat(applied.code()).as(applied.toString()).isZero();
    return cli;
  }
}
