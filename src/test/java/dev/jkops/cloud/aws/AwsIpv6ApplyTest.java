package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.EgressOnlyInternetGateway;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * The direct apply of an IPv6 cluster, judged by kops' own Terraform for its minimal-ipv6-calico
 * case (read from kops' golden {@code kubernetes.tf}, not from jkops' output), against jkops'
 * in-process fake AWS: the VPC's Amazon-provided block, each subnet's IPv6 block and settings, the
 * egress-only gateway, every route with its target, the IPv6 security group rules, the launch
 * templates' IPv6 settings and the dualstack API load balancer. Then: a second run changes nothing,
 * a run cut short is finished by the next, {@code /64#N} blocks are carved from the block AWS gave,
 * and {@code delete cluster} leaves nothing.
 */
class AwsIpv6ApplyTest {
  static final String CASE = "minimal-ipv6-calico@HEAD";
  static final String CLUSTER = "minimal-ipv6.example.com";

  /** The /56 holding kops' literal blocks (2001:db8:0:111::/64 ...), as AWS would assign it. */
  static final String KOPS_BLOCKS_VPC = "2001:db8:0:100::/56";

  final FakeAws aws = fake();
  final ClusterBundle bundle = AwsCases.bundle(CASE);

  static FakeAws fake() {
    FakeAws f = new FakeAws();
    f.ec2.amazonIpv6Blocks(KOPS_BLOCKS_VPC);
    return f;
  }

  static AwsClusterResources cloud(FakeAws f) {
    return new AwsClusterResources(f.clients(), new AwsRetry(8, 1, 8, ms -> {}));
  }

  static Plan<AwsResource> apply(FakeAws f, ClusterBundle b) {
    AwsClusterResources c = cloud(f);
    return c.apply(b, c.networkPlan(b, IpamState.empty()), Optional.empty(), ProgressListener.NONE);
  }

  static Plan<AwsResource> plan(FakeAws f, ClusterBundle b) {
    AwsClusterResources c = cloud(f);
    return c.plan(b, c.networkPlan(b, IpamState.empty()), Optional.empty());
  }

  // ---- kops' kubernetes.tf, read as attribute maps ----

  private static final Pattern RESOURCE =
      Pattern.compile("(?ms)^resource \"(\\S+)\" \"(\\S+)\" \\{\\n(.*?)^\\}\\n");
  private static final Pattern ATTRIBUTE =
      Pattern.compile("^(\\s*)(\"?[^\\s\"]+\"?)\\s+=\\s+(.*)$");

  /**
   * Each resource of one type: its Terraform name to its attributes, nested blocks' as {@code
   * block.key}, each with every value it has (a repeated block repeats them), tags as {@code
   * tags.<key>}.
   */
  static Map<String, Map<String, List<String>>> kops(String type) throws Exception {
    String tf = Files.readString(AwsCases.caseDir(CASE).resolve("kubernetes.tf"));
    Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
    Matcher m = RESOURCE.matcher(tf);
    while (m.find()) {
      if (!m.group(1).equals(type)) {
        continue;
      }
      Map<String, List<String>> attrs = new TreeMap<>();
      List<String> path = new ArrayList<>();
      for (String line : m.group(3).split("\n")) {
        String t = line.strip();
        int depth = (line.length() - line.stripLeading().length()) / 2 - 1;
        while (path.size() > depth) {
          path.remove(path.size() - 1);
        }
        if (t.endsWith("{")) {
          path.add(t.substring(0, t.indexOf(' ')).replace("=", "").strip());
          continue;
        }
        Matcher a = ATTRIBUTE.matcher(line);
        if (a.matches()) {
          List<String> key = new ArrayList<>(path);
          key.add(a.group(2).replace("\"", ""));
          attrs
              .computeIfAbsent(String.join(".", key), k -> new ArrayList<>())
              .add(unquote(a.group(3).strip()));
        }
      }
      out.put(m.group(2), attrs);
    }
    assertThat(out).as("kops writes " + type).isNotEmpty();
    return out;
  }

  static String unquote(String v) {
    return v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  static String one(Map<String, List<String>> attrs, String key) {
    List<String> v = attrs.get(key);
    return v == null ? null : v.get(0);
  }

  static boolean flag(Map<String, List<String>> attrs, String key) {
    return "true".equals(one(attrs, key));
  }

  /** The Terraform name a reference like {@code aws_subnet.x.id} points at. */
  static String refName(String ref) {
    return ref.substring(ref.indexOf('.') + 1, ref.lastIndexOf('.'));
  }

  static Map<String, String> tagsOf(Map<String, List<String>> attrs) {
    Map<String, String> m = new TreeMap<>();
    attrs.forEach(
        (k, v) -> {
          if (k.startsWith("tags.")) {
            m.put(k.substring("tags.".length()), v.get(0));
          }
        });
    return m;
  }

  static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> m = new TreeMap<>();
    tags.forEach(t -> m.put(t.key(), t.value()));
    return m;
  }

  static String name(List<Tag> tags) {
    return tags(tags).get("Name");
  }

  /** kops' Terraform name of a resource named {@code name}: its Name tag, sanitized. */
  static String tf(String name) {
    return AwsCluster.tfSanitize(name);
  }

  @Test
  void makesKopsIpv6NetworkAsKopsTerraformDescribesIt() throws Exception {
    apply(aws, bundle);

    // The VPC: its CIDR and an Amazon-provided IPv6 block.
    var wantVpc = kops("aws_vpc").values().iterator().next();
    assertThat(aws.ec2.vpcs()).hasSize(1);
    Vpc vpc = aws.ec2.vpcs().values().iterator().next();
    assertThat(vpc.cidrBlock()).isEqualTo(one(wantVpc, "cidr_block"));
    assertThat(flag(wantVpc, "assign_generated_ipv6_cidr_block")).isTrue();
    assertThat(vpc.ipv6CidrBlockAssociationSet())
        .singleElement()
        .satisfies(a -> assertThat(a.ipv6CidrBlock()).isEqualTo(KOPS_BLOCKS_VPC));
    assertThat(tags(vpc.tags())).isEqualTo(tagsOf(wantVpc));

    // Every subnet: IPv4 and IPv6 blocks, each IPv6 and naming setting, tags.
    var wantSubnets = kops("aws_subnet");
    assertThat(aws.ec2.subnets()).hasSize(wantSubnets.size());
    Map<String, Subnet> byTf = new TreeMap<>();
    aws.ec2.subnets().values().forEach(s -> byTf.put(tf(name(s.tags())), s));
    wantSubnets.forEach(
        (tfName, want) -> {
          Subnet s = byTf.get(tfName);
          assertThat(s).as(tfName).isNotNull();
          var names = s.privateDnsNameOptionsOnLaunch();
          assertThat(s.availabilityZone()).isEqualTo(one(want, "availability_zone"));
          assertThat(s.cidrBlock()).as(tfName).isEqualTo(one(want, "cidr_block"));
          assertThat(s.ipv6CidrBlockAssociationSet())
              .as(tfName)
              .singleElement()
              .satisfies(
                  a -> assertThat(a.ipv6CidrBlock()).isEqualTo(one(want, "ipv6_cidr_block")));
          assertThat(Boolean.TRUE.equals(s.ipv6Native()))
              .as(tfName)
              .isEqualTo(flag(want, "ipv6_native"));
          assertThat(Boolean.TRUE.equals(s.assignIpv6AddressOnCreation()))
              .as(tfName)
              .isEqualTo(flag(want, "assign_ipv6_address_on_creation"));
          assertThat(Boolean.TRUE.equals(s.enableDns64()))
              .as(tfName)
              .isEqualTo(flag(want, "enable_dns64"));
          assertThat(names.hostnameTypeAsString())
              .isEqualTo(one(want, "private_dns_hostname_type_on_launch"));
          assertThat(Boolean.TRUE.equals(names.enableResourceNameDnsARecord()))
              .as(tfName)
              .isEqualTo(flag(want, "enable_resource_name_dns_a_record_on_launch"));
          assertThat(Boolean.TRUE.equals(names.enableResourceNameDnsAAAARecord()))
              .as(tfName)
              .isEqualTo(flag(want, "enable_resource_name_dns_aaaa_record_on_launch"));
          assertThat(tags(s.tags())).as(tfName).isEqualTo(tagsOf(want));
        });

    // The egress-only gateway, attached to the VPC.
    var wantEigw = kops("aws_egress_only_internet_gateway").values().iterator().next();
    assertThat(aws.ec2.egressOnlyGateways()).hasSize(1);
    EgressOnlyInternetGateway eigw = aws.ec2.egressOnlyGateways().values().iterator().next();
    assertThat(tags(eigw.tags())).isEqualTo(tagsOf(wantEigw));
    assertThat(eigw.attachments())
        .singleElement()
        .satisfies(a -> assertThat(a.vpcId()).isEqualTo(vpc.vpcId()));

    // Every route kops writes, in its table, to its target; and no other (beyond AWS' local ones).
    var tables = kops("aws_route_table");
    var nats = kops("aws_nat_gateway");
    List<String> want = new ArrayList<>();
    kops("aws_route")
        .values()
        .forEach(
            r -> {
              String table = tagsOf(tables.get(refName(one(r, "route_table_id")))).get("Name");
              String dest =
                  one(r, "destination_cidr_block") != null
                      ? one(r, "destination_cidr_block")
                      : one(r, "destination_ipv6_cidr_block");
              String target =
                  one(r, "gateway_id") != null
                      ? "igw"
                      : one(r, "egress_only_gateway_id") != null
                          ? "eigw"
                          : "nat "
                              + tagsOf(nats.get(refName(one(r, "nat_gateway_id")))).get("Name");
              want.add(table + " " + dest + " -> " + target);
            });
    List<String> got = new ArrayList<>();
    for (RouteTable t : aws.ec2.routeTables().values()) {
      for (var r : t.routes()) {
        if ("local".equals(r.gatewayId())) {
          continue;
        }
        String dest =
            r.destinationCidrBlock() != null
                ? r.destinationCidrBlock()
                : r.destinationIpv6CidrBlock();
        String target =
            r.gatewayId() != null
                ? "igw"
                : r.egressOnlyInternetGatewayId() != null
                    ? "eigw"
                    : "nat " + name(aws.ec2.natGateways().get(r.natGatewayId()).tags());
        if (r.egressOnlyInternetGatewayId() != null) {
          assertThat(r.egressOnlyInternetGatewayId()).isEqualTo(eigw.egressOnlyInternetGatewayId());
        }
        got.add(name(t.tags()) + " " + dest + " -> " + target);
      }
    }
    assertThat(want)
        .anyMatch(l -> l.contains("64:ff9b::/96 -> nat"))
        .anyMatch(l -> l.contains("::/0 -> eigw"));
    assertThat(got).containsExactlyInAnyOrderElementsOf(want);

    // The security group rules kops writes with an IPv6 range.
    var groups = kops("aws_security_group");
    List<String> wantRules = new ArrayList<>();
    kops("aws_security_group_rule")
        .values()
        .forEach(
            r -> {
              if (r.containsKey("ipv6_cidr_blocks")) {
                wantRules.add(
                    one(groups.get(refName(one(r, "security_group_id"))), "name")
                        + " "
                        + one(r, "type")
                        + " "
                        + one(r, "protocol")
                        + " "
                        + (one(r, "protocol").equals("-1")
                            ? "0-0"
                            : one(r, "from_port") + "-" + one(r, "to_port"))
                        + " "
                        + one(r, "ipv6_cidr_blocks").replaceAll("[\\[\\]\"]", ""));
              }
            });
    List<String> gotRules = new ArrayList<>();
    for (SecurityGroupRule r : aws.ec2.securityGroupRules()) {
      if (r.cidrIpv6() != null) {
        String protocol = "58".equals(r.ipProtocol()) ? "icmpv6" : r.ipProtocol();
        gotRules.add(
            aws.ec2.securityGroups().get(r.groupId()).groupName()
                + " "
                + (Boolean.TRUE.equals(r.isEgress()) ? "egress" : "ingress")
                + " "
                + protocol
                + " "
                + (protocol.equals("-1") ? "0-0" : r.fromPort() + "-" + r.toPort())
                + " "
                + r.cidrIpv6());
      }
    }
    assertThat(wantRules).hasSizeGreaterThanOrEqualTo(5);
    assertThat(gotRules).containsExactlyInAnyOrderElementsOf(wantRules);

    // Launch templates: one IPv6 address, metadata over IPv6, no public IPv4.
    kops("aws_launch_template")
        .values()
        .forEach(
            lt -> {
              var data = aws.ec2.launchTemplateData(one(lt, "name"));
              var nic = data.networkInterfaces().get(0);
              assertThat(nic.ipv6AddressCount())
                  .as(one(lt, "name"))
                  .isEqualTo(Integer.parseInt(one(lt, "network_interfaces.ipv6_address_count")));
              assertThat(nic.associatePublicIpAddress())
                  .isEqualTo(flag(lt, "network_interfaces.associate_public_ip_address"));
              assertThat(data.metadataOptions().httpProtocolIpv6AsString())
                  .isEqualTo(one(lt, "metadata_options.http_protocol_ipv6"));
            });

    // The API's network load balancer answers on both families.
    var wantLb = kops("aws_lb").values().iterator().next();
    assertThat(aws.elbv2.loadBalancers.values())
        .singleElement()
        .satisfies(
            lb -> {
              assertThat(lb.loadBalancerName()).isEqualTo(one(wantLb, "name"));
              assertThat(lb.ipAddressTypeAsString()).isEqualTo(one(wantLb, "ip_address_type"));
            });

    Plan<AwsResource> again = plan(aws, bundle);
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();

    cloud(aws).delete(AwsCluster.of(bundle), ProgressListener.NONE);
    assertThat(aws.inventory()).as("left after delete").isEmpty();
  }

  @Test
  void theDryRunShowsTheIpv6NetworkAndChangesNothing() {
    String preview = DryRun.render(plan(aws, bundle));
    assertThat(preview)
        .contains("  EgressOnlyInternetGateway/" + CLUSTER + "\n")
        .contains("  Route/private-us-test-1a-::/0\n")
        .contains("  Route/private-us-test-1a-64:ff9b::/96\n")
        .contains("  Route/::/0\n")
        .containsPattern("\tEgressOnlyInternetGateway\\s*\tname:" + Pattern.quote(CLUSTER) + "\n")
        .containsPattern("\tAmazonIPv6\\s*\ttrue\n")
        .containsPattern("\tIPv6CIDR\\s*\t2001:db8:0:111::/64\n")
        .containsPattern("\tEnableDNS64\\s*\ttrue\n")
        .containsPattern("\tIpAddressType\\s*\tdualstack\n")
        .containsPattern("\tIPv6\\s*\t1 address, metadata over IPv6\n");
    assertThat(aws.mutatingCalls()).as("a dry run changes nothing").isEmpty();
  }

  /** The case with kops' relative blocks: {@code /64#N} of whatever block AWS assigns. */
  static ClusterBundle relative() throws Exception {
    Path file = AwsCases.caseDir(CASE).resolve("in-v1alpha2.yaml");
    String yaml =
        Files.readString(file)
            .replace("\nspec:\n", "\nspec:\n  dnsZone: " + AwsCases.KOPS_TEST_ZONE_ID + "\n");
    for (int i = 1; i <= 6; i++) {
      yaml = yaml.replace("2001:db8:0:11" + i + "::/64", "/64#1" + i);
    }
    YamlCodec.Documents docs = YamlCodec.read(yaml, file.toString());
    return new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
  }

  @Test
  void relativeBlocksAreCarvedFromTheBlockAwsAssignsAndASecondRunChangesNothing() throws Exception {
    FakeAws f = new FakeAws(); // AWS' own pool: 2600:1f18:4a3:6a00::/56
    ClusterBundle b = relative();
    apply(f, b);
    Map<String, String> blocks = new TreeMap<>();
    f.ec2
        .subnets()
        .values()
        .forEach(
            s ->
                blocks.put(name(s.tags()), s.ipv6CidrBlockAssociationSet().get(0).ipv6CidrBlock()));
    assertThat(blocks)
        .containsEntry("us-test-1a." + CLUSTER, "2600:1f18:4a3:6a11::/64")
        .containsEntry("utility-us-test-1b." + CLUSTER, "2600:1f18:4a3:6a16::/64");
    Plan<AwsResource> again = plan(f, b);
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();
  }

  @Test
  void aLiteralBlockOutsideTheVpcsBlockIsRefusedNamingTheField() {
    FakeAws f = new FakeAws(); // assigns 2600:1f18:4a3:6a00::/56, not kops' 2001:db8 blocks
    assertThatThrownBy(() -> apply(f, bundle))
        .hasRootCauseInstanceOf(AwsException.class)
        .hasMessageContaining("spec.subnets ipv6CIDR 2001:db8:0:11")
        .hasMessageContaining("outside the IPv6 block AWS gave the VPC (2600:1f18:4a3:6a00::/56)")
        .hasMessageContaining("/64#N");
    assertThat(
            f.ec2.subnets().values().stream()
                .filter(s -> !s.ipv6CidrBlockAssociationSet().isEmpty()))
        .as("no subnet made with a block AWS would refuse")
        .isEmpty();
  }

  /**
   * A run cut short right after each call that makes part of the IPv6 network (the VPC, each subnet
   * and its settings, the egress-only gateway, each route) is finished by the next run, and the
   * account ends as a clean apply leaves it.
   */
  @Test
  void aRunCutShortAfterEachIpv6CallIsFinishedByTheNext() {
    FakeAws clean = fake();
    apply(clean, bundle);
    List<String> reference = clean.inventory();
    assertThat(reference).anyMatch(l -> l.startsWith("egress-only-gateway " + CLUSTER));

    List<Integer> cuts = new ArrayList<>();
    for (int i = 0; i < clean.calls.size(); i++) {
      String op = clean.calls.get(i);
      if (List.of(
              "createVpc",
              "createSubnet",
              "modifySubnetAttribute",
              "createEgressOnlyInternetGateway",
              "createRoute",
              "createLaunchTemplate")
          .contains(op)) {
        cuts.add(i);
      }
    }
    assertThat(cuts).hasSizeGreaterThan(20);
    for (int at : cuts) {
      FakeAws crashed = fake();
      crashed.crashAtCall(at + 2); // the call after it
      assertThatThrownBy(() -> apply(crashed, bundle)).isInstanceOf(FakeAws.SimulatedCrash.class);
      crashed.crashAtCall(0);
      String after = clean.calls.get(at) + " (call " + at + ")";
      assertThat(crashed.inventory()).as("cut short after " + after).isNotEqualTo(reference);
      apply(crashed, bundle);
      assertThat(crashed.inventory()).as("rerun after a cut after " + after).isEqualTo(reference);
      Plan<AwsResource> again = plan(crashed, bundle);
      assertThat(again.changes()).as(after + "\n" + DryRun.render(again)).isEmpty();
    }
  }

  /**
   * A VPC found without the Amazon block kops' VPCs have (made before, or its block removed) is
   * given one with AssociateVpcCidrBlock, and the public table's {@code ::/0} route follows.
   */
  @Test
  void aVpcFoundWithoutItsIpv6BlockIsGivenOne() {
    FakeAws f = new FakeAws();
    ClusterBundle ipv4 = AwsCases.bundle("minimal-aws@HEAD");
    apply(f, ipv4);
    String vpcId = f.ec2.vpcs().keySet().iterator().next();
    f.ec2
        .vpcs()
        .put(
            vpcId,
            f.ec2.vpcs().get(vpcId).toBuilder().ipv6CidrBlockAssociationSet(List.of()).build());
    f.ec2
        .routeTables()
        .replaceAll(
            (id, t) ->
                t.toBuilder()
                    .routes(
                        t.routes().stream()
                            .filter(r -> !"::/0".equals(r.destinationIpv6CidrBlock()))
                            .toList())
                    .build());
    Plan<AwsResource> p = plan(f, ipv4);
    assertThat(DryRun.render(p))
        .containsPattern("AmazonIPv6\\s*\t\\s*false -> true")
        .contains("  Route/::/0\n");
    f.calls.clear();
    apply(f, ipv4);
    assertThat(f.calls).contains("associateVpcCidrBlock");
    assertThat(f.ec2.vpcs().get(vpcId).ipv6CidrBlockAssociationSet()).hasSize(1);
    Plan<AwsResource> again = plan(f, ipv4);
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();
  }

  /**
   * An IPv4 subnet given an {@code ipv6CIDR} gets the block in place (AssociateSubnetCidrBlock).
   */
  @Test
  void anIpv4SubnetGivenAnIpv6BlockGetsItInPlace() throws Exception {
    FakeAws f = new FakeAws();
    ClusterBundle before = AwsCases.bundle("minimal-aws@HEAD");
    apply(f, before);
    Path file = AwsCases.caseDir("minimal-aws@HEAD").resolve("in-v1alpha2.yaml");
    String yaml =
        Files.readString(file)
            .replace("\nspec:\n", "\nspec:\n  dnsZone: " + AwsCases.KOPS_TEST_ZONE_ID + "\n")
            .replaceFirst("(\n  - cidr: 172\\.20\\.32\\.0/19\n)", "$1    ipv6CIDR: /64#5\n");
    assertThat(yaml).contains("ipv6CIDR: /64#5");
    YamlCodec.Documents docs = YamlCodec.read(yaml, file.toString());
    ClusterBundle after = new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
    Plan<AwsResource> p = plan(f, after);
    assertThat(DryRun.render(p))
        .containsPattern("IPv6CIDR\\s*\t\\s*<none> -> /64#5")
        .containsPattern("AssignIPv6AddressOnCreation\\s*\t\\s*<none> -> true");
    f.calls.clear();
    apply(f, after);
    assertThat(f.calls)
        .contains("associateSubnetCidrBlock")
        .doesNotContain("createSubnet", "deleteSubnet");
    assertThat(f.ec2.subnets().values())
        .anySatisfy(
            s ->
                assertThat(s.ipv6CidrBlockAssociationSet())
                    .singleElement()
                    .satisfies(
                        a -> assertThat(a.ipv6CidrBlock()).isEqualTo("2600:1f18:4a3:6a05::/64")));
    Plan<AwsResource> again = plan(f, after);
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();
  }
}
