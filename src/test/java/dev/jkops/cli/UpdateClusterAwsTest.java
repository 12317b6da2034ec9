package dev.jkops.cli;

import static dev.jkops.testing.TerraformJson.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.PeerData;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.testing.S3Extension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code update cluster} and {@code delete cluster} on an AWS cluster, end to end in-process: the
 * state store is S3 (s3proxy), the cloud is the in-process fake of EC2, Auto Scaling and IAM.
 */
class UpdateClusterAwsTest {
  static final String NAME = "privatecalico.example.com";
  @RegisterExtension static final S3Extension s3 = new S3Extension();
  @RegisterExtension final FakeAwsSession session = new FakeAwsSession();
  final FakeAws aws = session.aws;
  @TempDir Path dir;

  /** A CLI whose state store is a fresh bucket. */
  Cli storeCli() throws Exception {
    return new Cli(
            Files.createDirectories(dir.resolve("home")),
            "s3://" + s3.newBucket("aws-update") + "/clusters")
        .env(s3.env());
  }

  Cli cli() throws Exception {
    Cli cli = storeCli();
    Path spec = PeerData.kops().resolve("update_cluster/privatecalico@HEAD/in-v1alpha2.yaml");
    assertThat(cli.run("create", "-f", spec.toString()).code()).isZero();
    return cli;
  }

  @Test
  void writesTerraformJsonWithKopsAddressesAndPublishesTheAddons() throws Exception {
    Cli cli = cli();
    Path out = dir.resolve("tf");
    Cli.Result r =
        cli.run(
            "update",
            "cluster",
            NAME,
            "--target",
            "terraform",
            "--out",
            out.toString(),
            "--terraform-format",
            "json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Terraform output is in " + out);
    assertThat(r.err())
        .as("offline, an image name is written as is, and the user is told")
        .contains("spec.image of instance group nodes is the image name")
        .contains("give an AMI id (ami-...)");
    var tf = new ObjectMapper().readTree(out.resolve("kubernetes.tf.json").toFile());
    assertThat(
            tf.path("resource")
                .path("aws_security_group_rule")
                .has(
                    "from-nodes-privatecalico-example-com-ingress-4-0to0-masters-privatecalico-example-com"))
        .isTrue();
    assertThat(out.resolve("kubernetes.tf")).doesNotExist();
    assertThat(out.resolve("data/aws_iam_role_masters.privatecalico.example.com_policy")).exists();
    assertThat(aws.calls).as("terraform output never calls AWS").isEmpty();
    Cli.Result hcl =
        cli.run("update", "cluster", NAME, "--target", "terraform", "--out", out.toString());
    assertThat(hcl.code()).isZero();
    assertThat(Files.readString(out.resolve("kubernetes.tf")))
        .contains("resource \"aws_vpc\" \"privatecalico-example-com\" {");
    assertThat(out.resolve("kubernetes.tf.json")).doesNotExist();
  }

  @Test
  void usesTheAdminKeyInTheStateStoreForTerraformAndTheDirectApply() throws Exception {
    Path state = dir.resolve("state");
    Cli cli = new Cli(Files.createDirectories(dir.resolve("home")), "file://" + state);
    Path spec = PeerData.kops().resolve("update_cluster/privatecalico@HEAD/in-v1alpha2.yaml");
    assertThat(cli.run("create", "-f", spec.toString()).code()).isZero();
    Path key = PeerData.kops().resolve("update_cluster/minimal-aws@HEAD/id_rsa.pub");
    Path stored = state.resolve(NAME + "/pki/ssh/public/admin/c4a6ed9aa889b9e2c39cd663eb9c7157");
    Files.createDirectories(stored.getParent());
    Files.copy(key, stored);
    String keyName = "kubernetes." + NAME + "-c4:a6:ed:9a:a8:89:b9:e2:c3:9c:d6:63:eb:9c:71:57";

    Path out = dir.resolve("tf");
    Cli.Result tf =
        cli.run("update", "cluster", NAME, "--target", "terraform", "--out", out.toString());
    assertThat(tf.code()).as(tf.toString()).isZero();
    assertThat(Files.readString(out.resolve("kubernetes.tf")))
        .contains(
            "resource \"aws_key_pair\" \"kubernetes-privatecalico-example-com-c4a6ed9aa889b9e2c39cd663eb9c7157\"")
        .contains("key_name   = \"" + keyName + "\"");

    Cli.Result applied = cli.run("update", "cluster", NAME, "--yes");
    assertThat(applied.code()).as(applied.toString()).isZero();
    assertThat(aws.ec2.keyPairs().values()).extracting(k -> k.keyName()).containsExactly(keyName);
    assertThat(aws.ec2.launchTemplateData("nodes." + NAME).keyName()).isEqualTo(keyName);
  }

  @Test
  void previewsAppliesReappliesAndDeletes() throws Exception {
    Cli cli = cli();
    Cli.Result preview = cli.run("update", "cluster", NAME);
    assertThat(preview.code()).as(preview.toString()).isZero();
    assertThat(preview.out())
        .contains("Will create resources:")
        .contains("  NatGateway/us-test-1a.privatecalico.example.com")
        .endsWith("Must specify --yes to apply changes\n");
    assertThat(aws.mutatingCalls()).isEmpty();

    Cli.Result applied = cli.run("update", "cluster", NAME, "--yes");
    assertThat(applied.code()).as(applied.toString()).isZero();
    assertThat(applied.out())
        .contains("created VPC/privatecalico.example.com")
        .contains("Cluster changes have been applied");

    Cli.Result again = cli.run("update", "cluster", NAME);
    assertThat(again.out()).as(again.toString()).isEqualTo("No changes need to be applied\n");

    Cli.Result deletePreview = cli.run("delete", "cluster", NAME);
    assertThat(deletePreview.out()).contains("VPC\tprivatecalico.example.com");
    Cli.Result deleted = cli.run("delete", "cluster", NAME, "--yes");
    assertThat(deleted.code()).as(deleted.toString()).isZero();
    assertThat(aws.ec2.vpcs()).isEmpty();
    assertThat(aws.autoscaling.groups).isEmpty();
  }

  @Test
  void failsClearlyAndChangesNothingWhenAwsRefuses() throws Exception {
    Cli cli = cli();
    aws.throttleNext(1000);
    Cli.Result r = cli.run("update", "cluster", NAME, "--yes");
    assertThat(r.code()).isNotZero();
    assertThat(r.err())
        .contains("RequestLimitExceeded")
        .contains("wait a minute")
        .doesNotContain("internal error");
    assertThat(aws.mutatingCalls()).isEmpty();
  }

  @Test
  void writesTerraformForAnExistingVpcWithItsInternetGatewayLookedUpAsKopsDoes() throws Exception {
    Cli cli = storeCli();
    String vpc = aws.ec2.existingVpc("172.20.0.0/16");
    String igw =
        aws.ec2.describeInternetGateways(r -> {}).internetGateways().get(0).internetGatewayId();
    Path spec = dir.resolve("shared-vpc-" + ".yaml");
    Files.writeString(
        spec,
        Files.readString(
                PeerData.kops().resolve("update_cluster/minimal-aws@HEAD/in-v1alpha2.yaml"))
            .replace(
                "  networkCIDR: 172.20.0.0/16\n",
                "  networkCIDR: 172.20.0.0/16\n  networkID: " + vpc + "\n"));
    assertThat(cli.run("create", "-f", spec.toString()).code()).isZero();

    Path out = dir.resolve("tf-shared");
    Cli.Result r =
        cli.run(
            "update",
            "cluster",
            "minimal-aws.example.com",
            "--target",
            "terraform",
            "--out",
            out.toString(),
            "--terraform-format",
            "json");
    assertThat(r.code()).as(r.toString()).isZero();
    var res =
        at(new ObjectMapper().readTree(out.resolve("kubernetes.tf.json").toFile()), "resource");
    assertThat(res.has("aws_vpc")).isFalse();
    assertThat(res.has("aws_internet_gateway")).isFalse();
    assertThat(at(res, "aws_route", "route-0-0-0-0--0", "gateway_id").asText()).isEqualTo(igw);
    assertThat(at(res, "aws_subnet", "us-test-1a-minimal-aws-example-com", "vpc_id").asText())
        .isEqualTo(vpc);
    assertThat(aws.mutatingCalls()).as("the lookup only reads").isEmpty();

    aws.ec2.vpcs().clear();
    Path other = dir.resolve("tf-shared-none");
    var fresh = new FakeAws();
    AwsSession.clients = region -> fresh.clients();
    Cli.Result none =
        cli.run(
            "update",
            "cluster",
            "minimal-aws.example.com",
            "--target",
            "terraform",
            "--out",
            other.toString());
    assertThat(none.code()).isNotZero();
    assertThat(none.err())
        .contains("the existing VPC " + vpc + " (spec.networkID) has no internet gateway attached");
    assertThat(other).doesNotExist();
  }

  /** Issue 19: a hosted zone name Route 53 does not have stops the apply before anything. */
  @Test
  void aDnsZoneNameRoute53DoesNotHaveFailsNamingTheFieldAndWritesNothing() throws Exception {
    Cli cli = storeCli();
    String spec =
        Files.readString(
                PeerData.kops().resolve("update_cluster/privatecalico@HEAD/in-v1alpha2.yaml"))
            .replaceFirst("\nspec:\n", "\nspec:\n  dnsZone: example.org\n");
    Path file = Files.writeString(dir.resolve("zone.yaml"), spec);
    assertThat(cli.run("create", "-f", file.toString()).code()).isZero();

    Cli.Result r = cli.run("update", "cluster", NAME, "--yes");
    assertThat(r.code()).as(r.toString()).isNotZero();
    assertThat(r.err())
        .contains("spec.dnsZone \"example.org\"")
        .contains("set spec.dnsZone to an existing zone's name or id")
        .doesNotContain("internal error");
    assertThat(aws.mutatingCalls()).isEmpty();

    // No apply marker either: delete finds nothing of the cluster in AWS to look for.
    aws.calls.clear();
    Cli.Result deleted = cli.run("delete", "cluster", NAME, "--yes");
    assertThat(deleted.code()).as(deleted.toString()).isZero();
    assertThat(aws.calls).isEmpty();
  }

  /** Issue 17 item 4 end to end: a Terraform expression in a spec field is refused, not written. */
  @Test
  void refusesATerraformExpressionInMachineTypeAndWritesNothing() throws Exception {
    Cli cli = storeCli();
    String spec =
        Files.readString(
                PeerData.kops().resolve("update_cluster/privatecalico@HEAD/in-v1alpha2.yaml"))
            .replaceFirst(
                "machineType: t3.medium", "machineType: t3.medium\\${file(\"/etc/hostname\")}");
    Path file = Files.writeString(dir.resolve("hostile.yaml"), spec);
    Cli.Result created = cli.run("create", "-f", file.toString());
    Path out = dir.resolve("tf-hostile");
    Cli.Result r =
        cli.run("update", "cluster", NAME, "--target", "terraform", "--out", out.toString());
    assertThat(created.code() != 0 || r.code() != 0).as("%s\n%s", created, r).isTrue();
    String err = created.code() != 0 ? created.err() : r.err();
    assertThat(err)
        .contains("spec.machineType")
        .contains("t3.medium${file(\"/etc/hostname\")}")
        .contains("t3.medium")
        .doesNotContain("internal error");
    assertThat(out).doesNotExist();
  }
}
