package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.terraform.TerraformJsonWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with kops' Terraform: for every update_cluster case, jkops' {@code kubernetes.tf.json}
 * holds the same networking resources as kops' (same addresses, attributes and tags). HEAD cases
 * match exactly; every difference in an older case is listed below with the reason, and each listed
 * difference must still occur (a stale entry fails the test too).
 */
class TerraformParityTest {
  static final List<String> TYPES =
      List.of(
          "aws_vpc",
          "aws_vpc_dhcp_options",
          "aws_vpc_dhcp_options_association",
          "aws_internet_gateway",
          "aws_subnet",
          "aws_route_table",
          "aws_route",
          "aws_route_table_association",
          "aws_nat_gateway",
          "aws_eip",
          "aws_security_group",
          "aws_security_group_rule",
          // beyond the list: the etcd members' volumes, the API and bastion network load
          // balancers and the API's Classic one
          "aws_ebs_volume",
          "aws_elb",
          "aws_lb",
          "aws_lb_listener",
          "aws_lb_target_group");

  /**
   * Differences of older kops releases from today's, as regular expressions over difference lines.
   */
  static final Map<String, Map<String, String>> KNOWN =
      Map.of(
          "minimal@v1.19.0",
              known(
                  "missing aws_security_group_rule\\.(all-master-to-master|all-master-to-node|all-node-to-node|"
                      + "https-external-to-master-0-0-0-0--0|master-egress|node-egress|node-to-master-tcp-1-2379|"
                      + "node-to-master-tcp-2382-4000|node-to-master-tcp-4003-65535|node-to-master-udp-1-65535|"
                      + "ssh-external-to-master-0-0-0-0--0|ssh-external-to-node-0-0-0-0--0)",
                  "kops 1.19 named its rules by purpose (all-master-to-master, node-egress); kops >= 1.20 names them"
                      + " from-<source>-<direction>-<protocol>-<ports>-<target>, as jkops does",
                  "extra aws_security_group_rule\\.from-.*",
                  "the same rules under today's names (see above), plus the IPv6 egress rules kops 1.19 did not write",
                  "extra aws_route\\.route-__--0",
                  "kops 1.19 made IPv4-only VPCs; today's kops (and jkops) ask AWS for an IPv6 block and route ::/0"
                      + " to the internet gateway",
                  "differs aws_vpc\\.minimal-example-com: assign_generated_ipv6_cidr_block",
                  "kops 1.19 did not request the VPC's Amazon-provided IPv6 block",
                  "differs aws_subnet\\.us-test-1a-minimal-example-com: "
                      + "(enable_resource_name_dns_a_record_on_launch|private_dns_hostname_type_on_launch|tags)",
                  "kops 1.19 predates resource-name hostnames (kops 1.24) and tagged public subnets only"
                      + " kubernetes.io/role/elb; today's kops adds internal-elb when no subnet is private",
                  "differs aws_ebs_volume\\..*: (iops|throughput|type|tags)",
                  "kops 1.19 made etcd volumes gp2 (no IOPS or throughput) and tagged them k8s.io/role/master only;"
                      + " today's kops makes them gp3 at 3000 IOPS and 125 MB/s and adds k8s.io/role/control-plane"),
          "privateweave@v1.27.0",
              known(
                  "differs aws_subnet\\..*: (enable_resource_name_dns_a_record_on_launch|private_dns_hostname_type_on_launch)",
                  "kops 1.27 did not ask for resource-name hostnames on subnets in this case's spec",
                  "differs aws_subnet\\..*: tags",
                  "kops 1.27 tagged each subnet kops.k8s.io/instance-group/<group>=true for the groups using it;"
                      + " today's kops does not",
                  "differs aws_eip\\..*: (vpc|domain)",
                  "kops 1.27 wrote the AWS provider 4 attribute vpc = true; provider 5 spells it domain = \"vpc\"",
                  "missing aws_security_group_rule\\.(from-0-0-0-0--0|from-172-20-4-0--22)-ingress-tcp-22to22-bastion-privateweave-example-com",
                  "kops 1.27's bastion load balancer had no security group of its own: SSH access rules sat on the"
                      + " bastion group; today they sit on bastion-elb",
                  "extra aws_security_group\\.bastion-elb-privateweave-example-com",
                  "today's kops gives the bastion's network load balancer its own group, bastion-elb",
                  "extra aws_security_group_rule\\.(from-0-0-0-0--0|from-172-20-4-0--22)-ingress-tcp-22to22-bastion-elb-privateweave-example-com",
                  "the SSH access rules on the bastion-elb group (kops 1.27 put them on bastion)",
                  "extra aws_security_group_rule\\.(from-bastion-elb-privateweave-example-com-(egress|ingress)-.*|"
                      + "from-bastion-privateweave-example-com-ingress-icmp-3to4-bastion-elb-privateweave-example-com)",
                  "the bastion-elb group's own egress and its rules to and from the bastion group, new with that group",
                  "differs aws_security_group_rule\\.icmp-pmtu-ssh-nlb-.*: security_group_id",
                  "path MTU ICMP for SSH went to the bastion group in kops 1.27, to bastion-elb today",
                  "differs aws_lb\\.bastion-privateweave-example-com: security_groups",
                  "kops 1.27's bastion network load balancer had no security group; today's uses bastion-elb"));

  private static Map<String, String> known(String... patternThenReason) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < patternThenReason.length; i += 2) {
      m.put(patternThenReason[i], patternThenReason[i + 1]);
    }
    return m;
  }

  static List<String> cases() {
    return AwsCases.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void networkingResourcesMatchKops(String caseName) throws Exception {
    ClusterBundle bundle = AwsCases.bundle(caseName);
    AwsCluster cluster = AwsCluster.of(bundle);
    String json =
        TerraformJsonWriter.write(AwsTerraform.config(cluster, AwsCases.resources(bundle)));
    ObjectMapper m = new ObjectMapper();
    JsonNode ours = m.readTree(json).path("resource");
    JsonNode theirs = m.readTree(AwsCases.expectedJson(caseName)).path("resource");

    List<String> differences = new ArrayList<>();
    int total = 0;
    int matched = 0;
    for (String type : TYPES) {
      TreeSet<String> names = new TreeSet<>();
      theirs.path(type).fieldNames().forEachRemaining(names::add);
      total += names.size();
      for (String name : names) {
        JsonNode want = theirs.path(type).path(name).path(0);
        JsonNode got = ours.path(type).path(name).path(0);
        if (got.isMissingNode()) {
          differences.add("missing " + type + "." + name);
          continue;
        }
        List<String> fields = differingFields(want, got);
        if (fields.isEmpty()) {
          matched++;
        }
        fields.forEach(f -> differences.add("differs " + type + "." + name + ": " + f));
      }
      for (Iterator<String> it = ours.path(type).fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!names.contains(name)) {
          differences.add("extra " + type + "." + name);
        }
      }
    }
    System.out.printf(
        "terraform parity %-24s %d/%d resources match kops%n", caseName, matched, total);

    Map<String, String> known = KNOWN.getOrDefault(caseName, Map.of());
    List<String> unexplained =
        differences.stream().filter(d -> known.keySet().stream().noneMatch(d::matches)).toList();
    differences.forEach(d -> System.out.println("  " + d));
    assertThat(unexplained)
        .as("differences from kops with no stated reason in %s", caseName)
        .isEmpty();
    List<String> stale =
        known.keySet().stream()
            .filter(p -> differences.stream().noneMatch(d -> d.matches(p)))
            .toList();
    assertThat(stale).as("listed differences that no longer occur in %s", caseName).isEmpty();
    if (caseName.endsWith("@HEAD")) {
      assertThat(differences).as("a HEAD case must match kops exactly").isEmpty();
    }
  }

  private static List<String> differingFields(JsonNode want, JsonNode got) {
    TreeSet<String> fields = new TreeSet<>();
    want.fieldNames().forEachRemaining(fields::add);
    got.fieldNames().forEachRemaining(fields::add);
    List<String> out = new ArrayList<>();
    for (String f : fields) {
      if (!want.path(f).equals(got.path(f))) {
        out.add(f);
      }
    }
    return out;
  }
}
