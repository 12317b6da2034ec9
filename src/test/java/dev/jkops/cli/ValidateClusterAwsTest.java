package dev.jkops.cli;

import static dev.jkops.cli.PrivateFlannelCase.NAME;
import static dev.jkops.cli.PrivateFlannelCase.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.cloud.aws.HealthyCluster;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.testing.S3Extension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
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
  @RegisterExtension static final S3Extension s3 = new S3Extension();
  @RegisterExtension final FakeAwsSession session = new FakeAwsSession();
  final FakeAws aws = session.aws;
  @TempDir Path dir;
  KubernetesClient client;

  @AfterEach
  void realAwsAgain() {
    AwsSession.kubernetes = AwsSession::kubeconfigClient;
    ValidateClusterCommand.pause = ValidateClusterCommand::sleep;
  }

  /** A cluster created from kops' privateflannel case, applied to the fake and made healthy. */
  Cli appliedAndHealthy() throws Exception {
    AwsSession.kubernetes =
        env -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    Cli cli = PrivateFlannelCase.createdAndApplied(dir, s3, "aws-validate");
    String yaml = Files.readString(spec());
    new HealthyCluster(aws, client, PrivateFlannelCase.bundle(yaml), PrivateFlannelCase.plan(yaml));
    return cli;
  }

  @Test
  void aHealthyClusterPrintsKopsTablesAndExitsZero() throws Exception {
    Cli cli = appliedAndHealthy();
    Cli.Result r = cli.run("validate", "cluster", NAME);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("INSTANCE GROUPS\nNAME")
        .contains("NODE STATUS\nNAME")
        .contains("master-us-test-1a")
        .doesNotContain("VALIDATION ERRORS")
        .endsWith("Your cluster " + NAME + " is ready\n");
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
    assertThat(r.code())
        .as("kops' exit code for a cluster that fails validation: " + r)
        .isEqualTo(2);
    assertThat(r.out())
        .containsPattern(
            "VALIDATION ERRORS\\nKIND\\s+NAME\\s+MESSAGE\\nDeployment\\s+kube-system/coredns\\s+no cluster DNS")
        .endsWith("Validation Failed\n");

    Cli.Result yaml = cli.run("validate", "cluster", NAME, "-o", "yaml");
    assertThat(yaml.code()).isEqualTo(2);
    assertThat(yaml.out()).contains("- type: Deployment").contains("name: kube-system/coredns");
  }

  @Test
  void waitValidatesAgainUntilTheClusterIsReadyAndSaysWhatStillFails() throws Exception {
    Cli cli = appliedAndHealthy();
    var coredns = client.apps().deployments().inNamespace("kube-system").withName("coredns").get();
    client.apps().deployments().inNamespace("kube-system").withName("coredns").delete();
    java.util.List<Duration> pauses = new java.util.ArrayList<>();
    ValidateClusterCommand.pause =
        d -> {
          pauses.add(d);
          if (pauses.size() == 2) { // CoreDNS comes up while validate waits for the second time
            coredns.getMetadata().setResourceVersion(null);
            client.apps().deployments().inNamespace("kube-system").resource(coredns).create();
          }
        };
    Cli.Result r = cli.run("validate", "cluster", NAME, "--wait", "10m");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(pauses).hasSize(2).allMatch(d -> d.equals(ValidateClusterCommand.RETRY_PAUSE));
    assertThat(r.err())
        .contains("Validation 1 failed with 1 error(s), e.g. Deployment kube-system/coredns")
        .contains("Validation 2 failed")
        .doesNotContain("Validation 3")
        .contains("retrying for up to");
    assertThat(r.out()).endsWith("Your cluster " + NAME + " is ready\n");
  }

  @Test
  void withoutAKubeconfigItSaysWhatToSet() throws Exception {
    Cli cli = appliedAndHealthy();
    AwsSession.kubernetes = AwsSession::kubeconfigClient;
    Cli.Result r =
        cli.env("KUBECONFIG", dir.resolve("no-such-kubeconfig").toString())
            .run("validate", "cluster", NAME);
    assertThat(r.code()).as("an error, not a failed validation: kops' 1").isEqualTo(1);
    assertThat(r.err()).contains("KUBECONFIG=").contains("names no readable file");
    assertThat(r.out()).isEmpty();
  }
}
