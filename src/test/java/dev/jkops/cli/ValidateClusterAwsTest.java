package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.PeerData;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.aws.HealthyCluster;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.testing.S3Extension;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate cluster} on an AWS cluster through the CLI: state store on S3 (s3proxy), the
 * cloud the in-process fake, the cluster's API the fabric8 mock server in CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class ValidateClusterAwsTest {
  static final String NAME = "privateflannel.example.com";
  /** kops' privateflannel case; read when a test runs, so without kops' data the tests skip instead of failing. */
  static Path spec() {
    return PeerData.kops().resolve("update_cluster/privateflannel@HEAD/in-v1alpha2.yaml");
  }
  @RegisterExtension static final S3Extension s3 = new S3Extension();
  @RegisterExtension final FakeAwsSession session = new FakeAwsSession();
  final FakeAws aws = session.aws;
  @TempDir Path dir;
  KubernetesClient client;

  @AfterEach
  void realAwsAgain() {
    AwsSession.kubernetes = AwsSession::kubeconfigClient;
    AwsValidate.pause = ValidateClusterCommand::sleep;
  }

  /** A cluster created from kops' privateflannel case, applied to the fake and made healthy. */
  Cli appliedAndHealthy() throws Exception {
    String bucket = s3.newBucket("aws-validate");
    AwsSession.kubernetes = env -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    Cli cli = new Cli(Files.createDirectories(dir.resolve("home")), "s3://" + bucket + "/clusters").env(s3.env());
    assertThat(cli.run("create", "-f", spec().toString()).code()).isZero();
    Cli.Result applied = cli.run("update", "cluster", NAME, "--yes");
    assertThat(applied.code()).as(applied.toString()).isZero();
    YamlCodec.Documents docs = YamlCodec.read(Files.readString(spec()), spec().toString());
    ClusterBundle bundle = new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
    new HealthyCluster(aws, client, bundle, NetworkPlanner.plan(new ClusterBundle(ClusterCompletion.complete(bundle), bundle.instanceGroups()), IpamState.empty()));
    return cli;
  }

  @Test
  void aHealthyClusterPrintsKopsTablesAndExitsZero() throws Exception {
    Cli cli = appliedAndHealthy();
    Cli.Result r = cli.run("validate", "cluster", NAME);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("INSTANCE GROUPS\nNAME").contains("NODE STATUS\nNAME").contains("master-us-test-1a")
        .doesNotContain("VALIDATION ERRORS").endsWith("Your cluster " + NAME + " is ready\n");
    assertThat(r.out()).containsPattern("nodes\\s+Node\\s+t2.medium\\s+2\\s+2\\s+us-test-1a");

    Cli.Result json = cli.run("validate", "cluster", NAME, "-o", "json");
    assertThat(json.code()).isZero();
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.path("failures").isMissingNode()).isTrue();
    assertThat(doc.path("nodes")).hasSize(3);
    assertThat(doc.path("nodes").get(0).path("status").asText()).isEqualTo("True");
  }

  @Test
  void aBrokenClusterListsTheErrorsAndExitsNonZero() throws Exception {
    Cli cli = appliedAndHealthy();
    client.apps().deployments().inNamespace("kube-system").withName("coredns").delete();
    Cli.Result r = cli.run("validate", "cluster", NAME);
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).containsPattern("VALIDATION ERRORS\\nKIND\\s+NAME\\s+MESSAGE\\nDeployment\\s+kube-system/coredns\\s+no cluster DNS")
        .endsWith("Validation Failed\n");

    Cli.Result yaml = cli.run("validate", "cluster", NAME, "-o", "yaml");
    assertThat(yaml.code()).isEqualTo(1);
    assertThat(yaml.out()).contains("- type: Deployment").contains("name: kube-system/coredns");
  }

  @Test
  void waitValidatesAgainUntilTheClusterIsReadyAndSaysWhatStillFails() throws Exception {
    Cli cli = appliedAndHealthy();
    var coredns = client.apps().deployments().inNamespace("kube-system").withName("coredns").get();
    client.apps().deployments().inNamespace("kube-system").withName("coredns").delete();
    java.util.List<Duration> pauses = new java.util.ArrayList<>();
    AwsValidate.pause = d -> {
      pauses.add(d);
      if (pauses.size() == 2) { // CoreDNS comes up while validate waits for the second time
        coredns.getMetadata().setResourceVersion(null);
        client.apps().deployments().inNamespace("kube-system").resource(coredns).create();
      }
    };
    Cli.Result r = cli.run("validate", "cluster", NAME, "--wait", "10m");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(pauses).hasSize(2).allMatch(d -> d.equals(ValidateClusterCommand.RETRY_PAUSE));
    assertThat(r.err()).contains("Validation 1 failed with 1 error(s), e.g. Deployment kube-system/coredns")
        .contains("Validation 2 failed").doesNotContain("Validation 3").contains("retrying for up to");
    assertThat(r.out()).endsWith("Your cluster " + NAME + " is ready\n");
  }

  @Test
  void withoutAKubeconfigItSaysWhatToSet() throws Exception {
    Cli cli = appliedAndHealthy();
    AwsSession.kubernetes = AwsSession::kubeconfigClient;
    Cli.Result r = cli.env("KUBECONFIG", dir.resolve("no-such-kubeconfig").toString()).run("validate", "cluster", NAME);
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("KUBECONFIG=").contains("names no readable file");
    assertThat(r.out()).isEmpty();
  }
}
