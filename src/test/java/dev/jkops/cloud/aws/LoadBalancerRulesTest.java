package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSubnet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bastion's network load balancer spans every utility subnet; kops HEAD allows SSH and path MTU
 * ICMP from each of them, also when the bastion group itself sits in fewer zones.
 */
class LoadBalancerRulesTest {

  @Test
  void sshAndPathMtuRulesCoverEverySubnetTheBastionLoadBalancerSpans() {
    ClusterBundle b = AwsCases.bundle("privatecalico@HEAD");
    List<ClusterSubnet> subnets = new ArrayList<>(b.cluster().spec().subnets());
    subnets.add(
        ClusterSubnet.of("us-test-1b", "us-test-1b", "172.20.64.0/19", ClusterSubnet.PRIVATE));
    subnets.add(
        ClusterSubnet.of(
            "utility-us-test-1b", "us-test-1b", "172.20.8.0/22", ClusterSubnet.UTILITY));
    ClusterBundle twoZones = AwsResourcesTest.withSubnets(b, subnets, null);
    List<AwsResource> rs = AwsCases.resources(twoZones);
    List<String> names =
        rs.stream()
            .filter(r -> r instanceof SecurityGroupRule)
            .map(r -> ((SecurityGroupRule) r).name())
            .toList();

    // The bastion group is only in utility-us-test-1a; its load balancer is in both utility
    // subnets.
    for (String cidr : List.of("172-20-4-0--22", "172-20-8-0--22")) {
      assertThat(names)
          .contains("from-" + cidr + "-ingress-tcp-22to22-bastion-elb-privatecalico-example-com")
          .contains("icmp-pmtu-ssh-nlb-" + cidr);
    }
    assertThat(
            AwsTerraform.config(AwsCluster.of(twoZones), rs).resources().stream()
                .filter(r -> r.address().equals("aws_lb.bastion-privatecalico-example-com"))
                .findFirst()
                .orElseThrow()
                .attributes()
                .get("subnet_mapping"))
        .asList()
        .hasSize(2);
  }
}
