package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.testing.S3TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input across commands. Every case must fail with a non-zero exit, one clear message naming
 * the field or file and the fix, no stack trace, and a state store whose bytes are exactly as they
 * were. The whole corpus runs against a file store; the cases marked for S3 run against a real S3
 * server (s3proxy) as well.
 */
class BadInputCorpusTest {
  static final String EXISTING = "c1.example.com";
  static final String NEW = "new.example.com";

  static Path dir;
  static Path fileState;
  static Path s3Dir;
  static S3TestServer s3;
  static int closedPort;
  static String newYaml;
  static String existingYaml;

  /**
   * One bad input: the command line ({dir} is the test directory), the exit code and what the error
   * must say.
   */
  record Case(String name, List<String> args, int exit, List<String> expect, boolean onS3) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void setUp() throws Exception {
    dir = Files.createTempDirectory("jkops-corpus");
    fileState = dir.resolve("state");
    s3Dir = Files.createDirectories(dir.resolve("s3"));
    s3 = S3TestServer.start(s3Dir);
    s3.createBucket("corpus");
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    for (Cli cli : List.of(fileCli(), s3Cli())) {
      Cli.Result r =
          cli.run(
              "create",
              "cluster",
              "--name",
              EXISTING,
              "--zones",
              "us-east-1a,us-east-1b",
              "--master-zones",
              "us-east-1a");
      assertThat(r.code()).as(r.toString()).isZero();
    }
    newYaml =
        fileCli()
            .run("create", "cluster", "--name", NEW, "--zones", "us-east-1a", "--dry-run")
            .out();
    existingYaml = fileCli().run("get", "cluster", EXISTING, "-o", "yaml").out();
    writeFiles();
  }

  @AfterAll
  static void tearDown() throws Exception {
    s3.close();
  }

  static Cli fileCli() {
    return new Cli(dir, "file://" + fileState);
  }

  static Cli s3Cli() {
    return new Cli(dir, "s3://corpus/state").env(s3.env());
  }

  static void writeFiles() throws Exception {
    String clusterOnly = newYaml.substring(0, newYaml.indexOf("\n---"));
    file(
        "malformed.yaml",
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: [unclosed\n");
    file("wrong-kind.yaml", clusterOnly.replace("kind: Cluster", "kind: Pod"));
    file("no-kind.yaml", clusterOnly.replace("kind: Cluster\n", ""));
    file(
        "wrong-api.yaml",
        clusterOnly.replace("apiVersion: kops.k8s.io/v1alpha2", "apiVersion: v1"));
    file("no-name.yaml", clusterOnly.replace("  name: " + NEW + "\n", "  labels: {}\n"));
    file(
        "two-networking.yaml",
        newYaml.replace("    kubenet: {}", "    kubenet: {}\n    weave: {}"));
    file("unknown-networking.yaml", newYaml.replace("    kubenet: {}", "    bogus: {}"));
    file("kops-only-networking.yaml", newYaml.replace("    kubenet: {}", "    gce: {}"));
    file(
        "bad-flannel-backend.yaml",
        newYaml.replace("    kubenet: {}", "    flannel:\n      backend: gre"));
    file(
        "subnet-outside-vpc.yaml", newYaml.replace("- cidr: 172.20.0.0/16", "- cidr: 10.1.0.0/24"));
    file(
        "malformed-subnet-cidr.yaml",
        newYaml.replace("- cidr: 172.20.0.0/16", "- cidr: 172.20.0.0/33"));
    file(
        "subnet-host-bits.yaml", newYaml.replace("- cidr: 172.20.0.0/16", "- cidr: 172.20.0.1/16"));
    file(
        "overlapping-subnets.yaml",
        newYaml.replace(
            "- cidr: 172.20.0.0/16\n      name: us-east-1a\n",
            "- cidr: 172.20.0.0/17\n      name: us-east-1a\n      type: Public\n      zone: us-east-1a\n"
                + "    - cidr: 172.20.0.0/18\n      name: second\n"));
    file(
        "duplicate-subnets.yaml",
        newYaml.replace(
            "- cidr: 172.20.0.0/16\n      name: us-east-1a\n",
            "- cidr: 172.20.0.0/17\n      name: us-east-1a\n      type: Public\n      zone: us-east-1a\n"
                + "    - cidr: 172.20.128.0/17\n      name: us-east-1a\n"));
    file(
        "vpc-overlaps-nonmasq.yaml",
        newYaml
            .replace("networkCIDR: 172.20.0.0/16", "networkCIDR: 100.64.0.0/16")
            .replace("- cidr: 172.20.0.0/16", "- cidr: 100.64.0.0/16"));
    file(
        "pod-outside-nonmasq.yaml",
        newYaml.replace(
            "nonMasqueradeCIDR: 100.64.0.0/10",
            "nonMasqueradeCIDR: 100.64.0.0/10\n  podCIDR: 10.200.0.0/16"));
    file(
        "egress-on-public.yaml",
        newYaml.replace("      type: Public\n", "      type: Public\n      egress: nat-0123\n"));
    file("wrong-type.yaml", newYaml.replace("networkCIDR: 172.20.0.0/16", "networkCIDR: [1, 2]"));
    file("bad-subnet-type.yaml", newYaml.replace("      type: Public\n", "      type: Sideways\n"));
    file("slash-name.yaml", newYaml.replace("name: " + NEW, "name: a/b.example.com"));
    file("empty.yaml", "# nothing here\n");
    file("existing.yaml", existingYaml);
    file(
        "ig-no-cluster.yaml",
        "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata:\n  name: extra\n"
            + "spec:\n  role: Node\n  minSize: 1\n  maxSize: 1\n  subnets: [us-east-1a]\n");
    file(
        "ig-for-missing-cluster.yaml",
        "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata:\n"
            + "  name: extra\n  labels:\n    kops.k8s.io/cluster: ghost.example.com\nspec:\n  role: Node\n");
    file(
        "ig-bad-role.yaml",
        "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata:\n  name: extra\n"
            + "  labels:\n    kops.k8s.io/cluster: "
            + EXISTING
            + "\nspec:\n  role: Wizard\n  minSize: 1\n  maxSize: 1\n"
            + "  subnets: [us-east-1a]\n");
    file(
        "ig-min-above-max.yaml",
        "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata:\n  name: extra\n"
            + "  labels:\n    kops.k8s.io/cluster: "
            + EXISTING
            + "\nspec:\n  role: Node\n  minSize: 5\n  maxSize: 2\n"
            + "  subnets: [us-east-1a]\n");
    file(
        "ig-unknown-subnet.yaml",
        "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata:\n  name: extra\n"
            + "  labels:\n    kops.k8s.io/cluster: "
            + EXISTING
            + "\nspec:\n  role: Node\n  minSize: 1\n  maxSize: 1\n"
            + "  subnets: [us-west-9z]\n");
    // A valid new cluster followed by a broken one: nothing at all may be written.
    file(
        "second-doc-bad.yaml",
        newYaml
            + "\n---\n"
            + newYaml
                .substring(0, newYaml.indexOf("\n---"))
                .replace(NEW, "second.example.com")
                .replace("    kubenet: {}", "    kubenet: {}\n    calico: {}"));
    file(
        "replace-two-networking.yaml",
        existingYaml.replace("    kubenet: {}", "    kubenet: {}\n    canal: {}"));
    file(
        "replace-missing-ig.yaml",
        "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata:\n  name: ghost\n"
            + "  labels:\n    kops.k8s.io/cluster: "
            + EXISTING
            + "\nspec:\n  role: Node\n  subnets: [us-east-1a]\n");
    file("calico-bad-mtu.yaml", newYaml.replace("    kubenet: {}", "    calico:\n      mtu: lots"));
    Files.writeString(dir.resolve("not-a-dir"), "a file where a store directory should be");
    script("rename.sh", "sed -i 's/name: " + EXISTING + "/name: other.example.com/' \"$1\"");
    script("fail.sh", "exit 3");
    script("garble.sh", "printf 'spec:\\n  - [\\n' >> \"$1\"");
    script("two-networking.sh", "sed -i 's/kubenet: {}/kubenet: {}\\n    romana: {}/' \"$1\"");
    script("bad-cidr.sh", "sed -i 's/networkCIDR: .*/networkCIDR: 172.20.0.0\\/99/' \"$1\"");
    script("ig-bad.sh", "sed -i 's/maxSize: 1/maxSize: -4/' \"$1\"");
  }

  static void file(String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text);
  }

  static void script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
  }

  static Case c(String name, int exit, String args, String... expect) {
    return new Case(name, Arrays.asList(args.split(" ")), exit, List.of(expect), false);
  }

  static Case s3(Case c) {
    return new Case(c.name(), c.args(), c.exit(), c.expect(), true);
  }

  static Stream<Case> corpus() {
    List<Case> all = new ArrayList<>();
    String cc = "create cluster --name " + NEW + " --zones us-east-1a ";
    // create cluster: flags
    all.add(
        s3(
            c(
                "unknown networking mode",
                1,
                cc + "--networking bogus",
                "unknown networking mode",
                "kubenet",
                "calico")));
    all.add(c("kubenet with private topology", 1, cc + "--topology private", "kubenet", "private"));
    all.add(
        c(
            "even number of master zones",
            1,
            "create cluster --name "
                + NEW
                + " --zones us-east-1a,us-east-1b --master-zones us-east-1a,us-east-1b",
            "odd"));
    all.add(
        c(
            "malformed network cidr",
            1,
            cc + "--network-cidr 10.0.0/16",
            "--network-cidr",
            "10.0.0/16"));
    all.add(
        c(
            "network cidr with host bits",
            1,
            cc + "--network-cidr 10.0.0.5/8",
            "--network-cidr",
            "10.0.0.0/8"));
    all.add(
        c(
            "network cidr overlapping the non-masquerade range",
            1,
            cc + "--network-cidr 100.64.0.0/16",
            "nonMasqueradeCIDR"));
    all.add(
        c(
            "additional cidr overlapping the vpc",
            1,
            cc + "--network-cidr 10.0.0.0/16,10.0.1.0/24",
            "10.0.1.0/24"));
    all.add(c("unknown cloud", 1, cc + "--cloud gce", "--cloud", "gce"));
    all.add(
        c("unknown topology", 1, cc + "--topology sideways", "--topology", "public or private"));
    all.add(c("bastion without private topology", 1, cc + "--bastion", "--bastion", "private"));
    all.add(c("existing vpc without its cidr", 1, cc + "--network-id vpc-123", "--network-cidr"));
    all.add(
        c(
            "aws cloud with a zone that is not an aws zone",
            1,
            "create cluster --name " + NEW + " --cloud aws --zones zone-b",
            "--zones",
            "zone-b",
            "us-east-1a"));
    all.add(
        c(
            "aws zones of two regions",
            1,
            "create cluster --name " + NEW + " --zones us-east-1a,us-west-2a",
            "--zones",
            "us-west-2",
            "one region"));
    all.add(c("negative node count", 1, cc + "--node-count -2", "--node-count", "-2"));
    all.add(
        s3(
            c(
                "missing cluster name",
                2,
                "create cluster --zones us-east-1a",
                "--name",
                "KOPS_CLUSTER_NAME")));
    // the local cloud defaults to one zone (the networking guide names none); AWS must name them,
    // as kops
    all.add(
        c(
            "missing zones on aws",
            2,
            "create cluster --name " + NEW + " --cloud aws",
            "no zones given",
            "--zones"));
    all.add(
        s3(
            c(
                "cluster name with a slash",
                1,
                "create cluster --name a/b.example.com --zones us-east-1a",
                "a/b.example.com",
                "DNS")));
    all.add(
        c(
            "cluster name with dot-dot",
            1,
            "create cluster --name ../escape --zones us-east-1a",
            "../escape",
            "DNS"));
    all.add(
        c(
            "cluster name with shell metacharacters",
            1,
            "create cluster --name a;rm$(x) --zones us-east-1a",
            "a;rm$(x)",
            "DNS"));
    all.add(
        c(
            "cluster name in upper case",
            1,
            "create cluster --name Big.Example.com --zones us-east-1a",
            "Big.Example.com",
            "lower-case"));
    all.add(
        s3(
            c(
                "duplicate cluster on create",
                1,
                "create cluster --name " + EXISTING + " --zones us-east-1a",
                "already exists",
                EXISTING,
                "jkops delete cluster")));
    all.add(c("output without dry-run", 2, cc + "-o yaml", "--dry-run"));
    all.add(c("unknown output format", 2, cc + "--dry-run -o xml", "xml", "yaml or json"));
    // create -f
    all.add(
        c("file that does not exist", 1, "create -f {dir}/nope.yaml", "nope.yaml", "no such file"));
    all.add(
        s3(
            c(
                "malformed yaml",
                1,
                "create -f {dir}/malformed.yaml",
                "malformed.yaml",
                "not valid YAML",
                "line")));
    all.add(
        c(
            "wrong kind",
            1,
            "create -f {dir}/wrong-kind.yaml",
            "wrong-kind.yaml",
            "kind",
            "Pod",
            "kind: Cluster"));
    all.add(
        c("missing kind", 1, "create -f {dir}/no-kind.yaml", "no-kind.yaml", "kind", "missing"));
    all.add(
        c(
            "wrong apiVersion",
            1,
            "create -f {dir}/wrong-api.yaml",
            "wrong-api.yaml",
            "apiVersion",
            "kops.k8s.io/v1alpha2"));
    all.add(
        c(
            "missing metadata.name",
            1,
            "create -f {dir}/no-name.yaml",
            "no-name.yaml",
            "metadata.name"));
    all.add(
        s3(
            c(
                "two networking keys",
                1,
                "create -f {dir}/two-networking.yaml",
                "two-networking.yaml",
                "spec.networking",
                "only one networking option permitted")));
    all.add(
        c(
            "unknown networking key",
            1,
            "create -f {dir}/unknown-networking.yaml",
            "spec.networking.bogus",
            "supported options"));
    all.add(
        c(
            "networking kops has but jkops does not",
            1,
            "create -f {dir}/kops-only-networking.yaml",
            "spec.networking.gce",
            "does not implement"));
    all.add(
        c(
            "flannel backend not udp or vxlan",
            1,
            "create -f {dir}/bad-flannel-backend.yaml",
            "spec.networking.flannel.backend",
            "vxlan"));
    all.add(
        c(
            "calico mtu not a number",
            1,
            "create -f {dir}/calico-bad-mtu.yaml",
            "spec.networking.calico.mtu",
            "whole number"));
    all.add(
        s3(
            c(
                "subnet outside the vpc",
                1,
                "create -f {dir}/subnet-outside-vpc.yaml",
                "spec.subnets",
                "10.1.0.0/24",
                "172.20.0.0/16")));
    all.add(
        c(
            "malformed subnet cidr",
            1,
            "create -f {dir}/malformed-subnet-cidr.yaml",
            "spec.subnets",
            "172.20.0.0/33"));
    all.add(
        c(
            "subnet cidr with host bits",
            1,
            "create -f {dir}/subnet-host-bits.yaml",
            "spec.subnets",
            "172.20.0.1/16"));
    all.add(
        c(
            "overlapping subnets",
            1,
            "create -f {dir}/overlapping-subnets.yaml",
            "spec.subnets",
            "overlap"));
    all.add(
        c(
            "duplicate subnet names",
            1,
            "create -f {dir}/duplicate-subnets.yaml",
            "spec.subnets",
            "us-east-1a"));
    all.add(
        c(
            "vpc overlapping non-masquerade range",
            1,
            "create -f {dir}/vpc-overlaps-nonmasq.yaml",
            "nonMasqueradeCIDR"));
    all.add(
        c(
            "pod cidr outside non-masquerade range",
            1,
            "create -f {dir}/pod-outside-nonmasq.yaml",
            "spec.podCIDR",
            "nonMasqueradeCIDR"));
    all.add(
        c(
            "egress on a public subnet",
            1,
            "create -f {dir}/egress-on-public.yaml",
            "egress",
            "Private"));
    all.add(
        c(
            "field of the wrong type",
            1,
            "create -f {dir}/wrong-type.yaml",
            "wrong-type.yaml",
            "networkCIDR"));
    all.add(
        c("unknown subnet type", 1, "create -f {dir}/bad-subnet-type.yaml", "type", "Sideways"));
    all.add(
        c(
            "cluster name with a slash in a file",
            1,
            "create -f {dir}/slash-name.yaml",
            "a/b.example.com"));
    all.add(c("empty file", 1, "create -f {dir}/empty.yaml", "empty.yaml", "no documents"));
    all.add(
        s3(
            c(
                "duplicate cluster from a file",
                1,
                "create -f {dir}/existing.yaml",
                "existing.yaml",
                "already exists",
                "jkops replace -f")));
    all.add(
        c(
            "instance group without a cluster",
            1,
            "create -f {dir}/ig-no-cluster.yaml",
            "ig-no-cluster.yaml",
            "kops.k8s.io/cluster",
            "--name"));
    all.add(
        c(
            "instance group of a missing cluster",
            1,
            "create -f {dir}/ig-for-missing-cluster.yaml",
            "ghost.example.com",
            "not in state store"));
    all.add(
        c(
            "instance group with an unknown role",
            1,
            "create -f {dir}/ig-bad-role.yaml",
            "role",
            "Wizard"));
    all.add(
        c(
            "instance group with min above max",
            1,
            "create -f {dir}/ig-min-above-max.yaml",
            "minSize"));
    all.add(
        c(
            "instance group in an unknown subnet",
            1,
            "create -f {dir}/ig-unknown-subnet.yaml",
            "us-west-9z"));
    all.add(
        s3(
            c(
                "second document bad: nothing written",
                1,
                "create -f {dir}/second-doc-bad.yaml",
                "second-doc-bad.yaml",
                "only one networking option permitted")));
    // replace
    all.add(
        s3(
            c(
                "replace of a missing cluster",
                1,
                "replace -f {dir}/two-networking.yaml",
                "two-networking.yaml")));
    all.add(
        c(
            "replace of a missing cluster from a valid file",
            1,
            "replace -f {dir}/second-doc-bad.yaml",
            "second-doc-bad.yaml"));
    all.add(
        s3(
            c(
                "replace with an invalid spec",
                1,
                "replace -f {dir}/replace-two-networking.yaml",
                "spec.networking",
                "only one networking option permitted")));
    all.add(
        c(
            "replace of a missing instance group",
            1,
            "replace -f {dir}/replace-missing-ig.yaml",
            "ghost",
            "not found",
            "--force"));
    all.add(c("replace without -f", 2, "replace", "--filename"));
    // get
    all.add(
        s3(
            c(
                "get of a missing cluster",
                1,
                "get cluster ghost.example.com -o yaml",
                "ghost.example.com",
                "was not found",
                "jkops get clusters")));
    all.add(
        c("get with an unknown format", 2, "get clusters -o xml", "xml", "table, yaml or json"));
    all.add(c("get instancegroups without a cluster name", 2, "get instancegroups", "--name"));
    all.add(
        c(
            "get of a missing instance group",
            1,
            "get ig --name " + EXISTING + " ghost",
            "ghost",
            "not found"));
    // edit
    all.add(
        s3(
            c(
                "edit of a missing cluster",
                1,
                "edit cluster ghost.example.com",
                "ghost.example.com",
                "was not found")));
    all.add(
        s3(
            c(
                "edit that renames the cluster",
                1,
                "edit cluster " + EXISTING + " EDITOR={dir}/rename.sh",
                "metadata.name",
                "cannot be renamed",
                "The stored spec was not changed")));
    all.add(
        c(
            "edit whose editor fails",
            1,
            "edit cluster " + EXISTING + " EDITOR={dir}/fail.sh",
            "exited with code 3",
            "nothing was changed"));
    all.add(
        c(
            "edit with an editor that is not installed",
            1,
            "edit cluster " + EXISTING + " EDITOR=/nonexistent/jkops-editor",
            "was not found",
            "set EDITOR"));
    all.add(
        c(
            "edit that breaks the yaml",
            1,
            "edit cluster " + EXISTING + " EDITOR={dir}/garble.sh",
            "not valid YAML",
            "jkops replace -f"));
    all.add(
        s3(
            c(
                "edit that adds a second networking key",
                1,
                "edit cluster " + EXISTING + " EDITOR={dir}/two-networking.sh",
                "only one networking option permitted")));
    all.add(
        c(
            "edit that breaks a cidr",
            1,
            "edit cluster " + EXISTING + " EDITOR={dir}/bad-cidr.sh",
            "networkCIDR",
            "172.20.0.0/99"));
    all.add(
        c(
            "edit of a missing instance group",
            1,
            "edit ig --name " + EXISTING + " ghost",
            "ghost",
            "not found"));
    all.add(
        c(
            "edit that makes an instance group negative",
            1,
            "edit ig --name " + EXISTING + " nodes-us-east-1a EDITOR={dir}/ig-bad.sh",
            "maxSize"));
    // delete
    all.add(
        s3(
            c(
                "delete of a missing cluster",
                1,
                "delete cluster ghost.example.com --yes",
                "ghost.example.com",
                "was not found")));
    all.add(
        c("delete with a path in the name", 1, "delete cluster ../state --yes", "../state", "DNS"));
    all.add(c("delete without a name", 2, "delete cluster --yes", "--name"));
    // state stores
    all.add(
        c(
            "state store that is a file",
            1,
            "get clusters --state {dir}/not-a-dir",
            "not-a-dir",
            "not a directory"));
    all.add(
        c(
            "s3 store without a bucket",
            1,
            "get clusters --state s3://",
            "names no bucket",
            "s3://BUCKET"));
    all.add(
        c(
            "s3 store with an invalid bucket",
            1,
            "get clusters --state s3://Bad_Bucket",
            "Bad_Bucket",
            "bucket"));
    all.add(
        c(
            "unreachable s3 store",
            1,
            "get clusters --state s3://corpus/x S3ENV=1 AWS_ENDPOINT_URL=http://127.0.0.1:{port}",
            "cannot reach state store s3://corpus/x",
            "127.0.0.1:{port}",
            "AWS_ENDPOINT_URL"));
    all.add(
        c(
            "s3 bucket that does not exist",
            1,
            "create cluster --name "
                + NEW
                + " --zones us-east-1a --state s3://missing-bucket/x S3ENV=1",
            "missing-bucket",
            "does not exist",
            "aws s3 mb"));
    all.add(
        c(
            "s3 store with wrong credentials",
            1,
            "get clusters --state s3://corpus/state S3ENV=1" + " AWS_SECRET_ACCESS_KEY=wrong",
            "access denied",
            "AWS_SECRET_ACCESS_KEY"));
    all.add(
        c(
            "zero control-plane instances",
            1,
            cc + "--control-plane-count 0",
            "--control-plane-count",
            "1, 3 or 5"));
    all.add(
        c(
            "unsupported store scheme",
            1,
            "get clusters --state gs://bucket",
            "gs",
            "s3://bucket/prefix"));
    return all.stream();
  }

  static Stream<Case> s3Corpus() {
    return corpus().filter(Case::onS3);
  }

  @ParameterizedTest(name = "file store: {0}")
  @MethodSource("corpus")
  void isRefusedClearlyAndChangesNothing(Case c) throws Exception {
    check(c, fileCli(), fileState);
  }

  @ParameterizedTest(name = "s3 store: {0}")
  @MethodSource("s3Corpus")
  void isRefusedClearlyAndChangesNothingOnS3(Case c) throws Exception {
    check(c, s3Cli(), s3Dir);
  }

  private void check(Case c, Cli cli, Path storeBytes) throws Exception {
    List<String> args = new ArrayList<>();
    for (String a : c.args()) {
      String v = a.replace("{dir}", dir.toString()).replace("{port}", String.valueOf(closedPort));
      int eq = v.indexOf('=');
      if (v.equals("S3ENV=1")) {
        cli.env(s3.env());
      } else if (eq > 0 && v.substring(0, eq).matches("[A-Z_]+")) {
        cli.env(v.substring(0, eq), v.substring(eq + 1));
      } else {
        args.add(v);
      }
    }
    Map<String, String> before = Cli.snapshot(storeBytes);
    Cli.Result r = cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.toString()).isEqualTo(c.exit());
    for (String e : c.expect()) {
      String want = e.replace("{port}", String.valueOf(closedPort));
      assertThat(r.err()).as(r.toString()).contains(want);
    }
    assertThat(r.err())
        .as(r.toString())
        .doesNotContain("\tat ")
        .doesNotContain("Caused by")
        .doesNotContain("internal error");
    if (c.exit() == 1) {
      assertThat(r.err()).as(r.toString()).startsWith("Error: ");
    }
    assertThat(Cli.snapshot(storeBytes)).as("store bytes after " + c.name()).isEqualTo(before);
  }
}
