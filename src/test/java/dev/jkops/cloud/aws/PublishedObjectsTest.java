package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.terraform.TerraformConfig;
import dev.jkops.cloud.terraform.TerraformHclWriter;
import dev.jkops.cloud.terraform.TerraformJsonWriter;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What jkops publishes in an S3 state store is in its Terraform as kops writes it: the {@code
 * aws_s3_object} blocks jkops writes are byte-identical to kops' blocks of the same name (bucket,
 * key, the {@code aws.files} provider, SSE-S3, content from {@code data/}).
 */
class PublishedObjectsTest {
  private static final Pattern BLOCK =
      Pattern.compile("(?ms)^resource \"aws_s3_object\" \"(\\S+)\" \\{\\n.*?^\\}\\n");

  static TerraformConfig config(String caseName, String store) {
    ClusterBundle stored = AwsCases.bundle(caseName);
    ClusterBundle bundle =
        new ClusterBundle(ClusterCompletion.complete(stored), stored.instanceGroups());
    NetworkPlan plan = NetworkPlanner.plan(bundle, IpamState.empty());
    AwsCluster cluster = AwsCluster.of(bundle);
    return AwsTerraform.config(
        cluster,
        AwsResources.build(cluster, plan),
        Optional.empty(),
        PublishedObjects.of(store, bundle.cluster(), plan.addons()));
  }

  @Test
  void s3ObjectsAreKopsBlocksByteForByte() throws Exception {
    String ours =
        TerraformHclWriter.write(
            config("privatecalico@HEAD", "s3://testingBucket/clusters.example.com"));
    String theirs = AwsCases.expectedHcl("privatecalico@HEAD");
    Matcher m = BLOCK.matcher(ours);
    int compared = 0;
    while (m.find()) {
      Matcher k =
          Pattern.compile(
                  "(?ms)^resource \"aws_s3_object\" \""
                      + Pattern.quote(m.group(1))
                      + "\" \\{\\n.*?^\\}\\n")
              .matcher(theirs);
      assertThat(k.find()).as("kops writes %s too", m.group(1)).isTrue();
      assertThat(m.group()).isEqualTo(k.group());
      compared++;
    }
    assertThat(ours)
        .contains("resource \"aws_s3_object\" \"cluster-completed-spec\"")
        .contains("resource \"aws_s3_object\" \"privatecalico-example-com-addons-bootstrap\"")
        .contains(
            "resource \"aws_s3_object\" \"privatecalico-example-com-addons-networking-projectcalico-org-k8s-1-25\"");
    System.out.printf("published objects: %d aws_s3_object blocks identical to kops%n", compared);

    var json =
        new ObjectMapper()
            .readTree(TerraformJsonWriter.write(config("privatecalico@HEAD", "s3://b")));
    assertThat(
            json.path("resource")
                .path("aws_s3_object")
                .path("cluster-completed-spec")
                .path(0)
                .path("provider")
                .asText())
        .as("Terraform's JSON syntax takes the provider as a bare reference")
        .isEqualTo("aws.files");
    assertThat(
            json.path("resource")
                .path("aws_s3_object")
                .path("cluster-completed-spec")
                .path(0)
                .path("key")
                .asText())
        .isEqualTo("privatecalico.example.com/cluster-completed.spec");
  }

  @Test
  void aStoreThatIsNotS3PublishesNothingThroughTerraform() {
    assertThat(config("privatecalico@HEAD", "file:///var/lib/jkops").resources())
        .noneMatch(r -> r.type().equals("aws_s3_object"));
  }
}
