package dev.jkops.cloud.aws;

import static dev.jkops.cloud.aws.QueryProtocol.ec2Response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The EC2 calls that make an IPv6 cluster's network, through the SDK's real client pipeline: a
 * local endpoint speaks EC2's query protocol, so what is checked is what EC2 would receive (the
 * form fields of CreateSubnet, ModifySubnetAttribute, CreateEgressOnlyInternetGateway, CreateRoute,
 * AssociateVpcCidrBlock and CreateLaunchTemplate) and that jkops reads EC2's XML answers back (a
 * VPC's block still associating, then associated; a subnet's IPv6 settings; an egress-only gateway;
 * a route through it) into the records it compares.
 */
class Ec2Ipv6SdkTest {
  static final String CLUSTER = "v6.example.com";
  static final String VPC_BLOCK = "2600:1f18:4a3:6a00::/56";

  private Ec2QueryEndpoint ec2;
  private int vpcReads;

  @AfterEach
  void stop() {
    if (ec2 != null) {
      ec2.close();
    }
  }

  static String tagSet(Map<String, String> tags) {
    StringBuilder b = new StringBuilder("<tagSet>");
    tags.forEach(
        (k, v) ->
            b.append("<item><key>")
                .append(k)
                .append("</key><value>")
                .append(v)
                .append("</value></item>"));
    return b.append("</tagSet>").toString();
  }

  /** The VPC: its Amazon block still associating on the first read, associated after. */
  String vpcs() {
    vpcReads++;
    String association =
        vpcReads == 1
            ? "<ipv6CidrBlockState><state>associating</state></ipv6CidrBlockState>"
            : "<ipv6CidrBlock>"
                + VPC_BLOCK
                + "</ipv6CidrBlock><ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState>";
    return ec2Response(
        "DescribeVpcs",
        "<vpcSet><item><vpcId>vpc-1</vpcId><cidrBlock>172.20.0.0/16</cidrBlock>"
            + "<ipv6CidrBlockAssociationSet><item><associationId>vpc-cidr-assoc-1</associationId>"
            + association
            + "</item></ipv6CidrBlockAssociationSet></item></vpcSet>");
  }

  AwsContext context(Function<Map<String, String>, String> answer) {
    ec2 = new Ec2QueryEndpoint(CLUSTER, "vpc-1", answer);
    return ec2.context();
  }

  List<Map<String, String>> sent(String action) {
    return ec2.sent(action);
  }

  static Subnet ipv6OnlySubnet() {
    return new Subnet(
        "us-east-1a." + CLUSTER,
        Ref.to(Vpc.idOf(CLUSTER)),
        "us-east-1a",
        null,
        Optional.empty(),
        true,
        Tags.owned(CLUSTER, "us-east-1a." + CLUSTER),
        Optional.of(Subnet.Ipv6.asKops("/64#1a", true, true)));
  }

  @Test
  void anIpv6OnlySubnetIsCarvedFromTheVpcsBlockOnceAssociatedAndGetsKopsSettings() {
    AwsContext c =
        context(
            f ->
                switch (f.get("Action")) {
                  case "DescribeVpcs" -> vpcs();
                  case "CreateSubnet" ->
                      ec2Response(
                          "CreateSubnet",
                          "<subnet><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId></subnet>");
                  case "ModifySubnetAttribute" ->
                      ec2Response("ModifySubnetAttribute", "<return>true</return>");
                  default -> throw new AssertionError("unexpected " + f);
                });
    new Ec2Network(c).createSubnet(ipv6OnlySubnet());

    assertThat(sent("DescribeVpcs"))
        .as("waited for the block: associating, then associated")
        .hasSize(2);
    Map<String, String> create = sent("CreateSubnet").get(0);
    assertThat(create)
        .containsEntry("VpcId", "vpc-1")
        .containsEntry("Ipv6CidrBlock", "2600:1f18:4a3:6a1a::/64")
        .containsEntry("Ipv6Native", "true")
        .containsEntry("AvailabilityZone", "us-east-1a")
        .containsEntry("TagSpecification.1.ResourceType", "subnet")
        .doesNotContainKey("CidrBlock");
    List<String> modified = new ArrayList<>();
    for (Map<String, String> m : sent("ModifySubnetAttribute")) {
      assertThat(m).containsEntry("SubnetId", "subnet-1");
      m.forEach(
          (k, v) -> {
            if (!List.of("Action", "Version", "SubnetId").contains(k)) {
              modified.add(k + "=" + v);
            }
          });
    }
    assertThat(modified)
        .containsExactly(
            "PrivateDnsHostnameTypeOnLaunch=resource-name",
            "AssignIpv6AddressOnCreation.Value=true",
            "EnableDns64.Value=true",
            "EnableResourceNameDnsAAAARecordOnLaunch.Value=true");
  }

  @Test
  void aLiveSubnetReadBackFromEc2sXmlComparesEqualToTheSpecsRelativeBlock() {
    Subnet d = ipv6OnlySubnet();
    AwsContext c =
        context(
            f ->
                switch (f.get("Action")) {
                  case "DescribeVpcs" -> {
                    vpcReads = 1; // associated
                    yield vpcs();
                  }
                  case "DescribeSubnets" ->
                      ec2Response(
                          "DescribeSubnets",
                          "<subnetSet><item><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId>"
                              + "<availabilityZone>us-east-1a</availabilityZone>"
                              + "<assignIpv6AddressOnCreation>true</assignIpv6AddressOnCreation>"
                              + "<enableDns64>true</enableDns64><ipv6Native>true</ipv6Native>"
                              + "<ipv6CidrBlockAssociationSet><item><associationId>a</associationId>"
                              + "<ipv6CidrBlock>2600:1f18:4a3:6a1a::/64</ipv6CidrBlock>"
                              + "<ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState>"
                              + "</item></ipv6CidrBlockAssociationSet>"
                              + "<privateDnsNameOptionsOnLaunch><hostnameType>resource-name</hostnameType>"
                              + "<enableResourceNameDnsARecord>false</enableResourceNameDnsARecord>"
                              + "<enableResourceNameDnsAAAARecord>true</enableResourceNameDnsAAAARecord>"
                              + "</privateDnsNameOptionsOnLaunch>"
                              + tagSet(d.tags())
                              + "</item></subnetSet>");
                  default -> throw new AssertionError("unexpected " + f);
                });
    Optional<AwsResource> live = new Ec2Network(c).findSubnet(d);
    assertThat(live).isPresent();
    assertThat(live.get().attributes()).isEqualTo(d.attributes());
    assertThat(sent("DescribeSubnets").get(0))
        .containsEntry("Filter.1.Name", "tag:KubernetesCluster")
        .containsEntry("Filter.1.Value.1", CLUSTER);
  }

  @Test
  void theEgressOnlyGatewayIsMadeTaggedFoundByItsTagsAndRoutedTo() {
    EgressOnlyInternetGateway d =
        new EgressOnlyInternetGateway(
            CLUSTER, Ref.to(Vpc.idOf(CLUSTER)), Tags.owned(CLUSTER, CLUSTER));
    ResourceId table = RouteTable.idOf("private-us-east-1a." + CLUSTER);
    Route route =
        new Route(
            "private-us-east-1a-::/0",
            table,
            "::/0",
            Optional.empty(),
            Optional.empty(),
            Optional.of(Ref.to(d.id())));
    String gateway =
        "<egressOnlyInternetGatewayId>eigw-0123456789abcdef0</egressOnlyInternetGatewayId>"
            + "<attachmentSet><item><state>attached</state><vpcId>vpc-1</vpcId></item></attachmentSet>"
            + tagSet(d.tags());
    boolean[] made = {false};
    AwsContext c =
        context(
            f ->
                switch (f.get("Action")) {
                  case "DescribeEgressOnlyInternetGateways" ->
                      ec2Response(
                          "DescribeEgressOnlyInternetGateways",
                          "<egressOnlyInternetGatewaySet>"
                              + (made[0] ? "<item>" + gateway + "</item>" : "")
                              + "</egressOnlyInternetGatewaySet>");
                  case "CreateEgressOnlyInternetGateway" -> {
                    made[0] = true;
                    yield ec2Response(
                        "CreateEgressOnlyInternetGateway",
                        "<egressOnlyInternetGateway>" + gateway + "</egressOnlyInternetGateway>");
                  }
                  case "CreateRoute" -> ec2Response("CreateRoute", "<return>true</return>");
                  case "DescribeRouteTables" ->
                      ec2Response(
                          "DescribeRouteTables",
                          "<routeTableSet><item><routeTableId>rtb-1</routeTableId><vpcId>vpc-1</vpcId>"
                              + "<routeSet><item><destinationCidrBlock>172.20.0.0/16</destinationCidrBlock>"
                              + "<gatewayId>local</gatewayId><state>active</state></item>"
                              + "<item><destinationIpv6CidrBlock>::/0</destinationIpv6CidrBlock>"
                              + "<egressOnlyInternetGatewayId>eigw-0123456789abcdef0</egressOnlyInternetGatewayId>"
                              + "<state>active</state></item></routeSet></item></routeTableSet>");
                  case "AssociateVpcCidrBlock" ->
                      ec2Response(
                          "AssociateVpcCidrBlock",
                          "<vpcId>vpc-1</vpcId><ipv6CidrBlockAssociation><associationId>x</associationId>"
                              + "<ipv6CidrBlockState><state>associating</state></ipv6CidrBlockState>"
                              + "</ipv6CidrBlockAssociation>");
                  default -> throw new AssertionError("unexpected " + f);
                });
    Ec2Network network = new Ec2Network(c);
    assertThat(network.findEgressOnlyGateway(d)).isEmpty();
    network.createEgressOnlyGateway(d);
    assertThat(sent("CreateEgressOnlyInternetGateway").get(0))
        .containsEntry("VpcId", "vpc-1")
        .containsEntry("TagSpecification.1.ResourceType", "egress-only-internet-gateway")
        .containsValue("kubernetes.io/cluster/" + CLUSTER);
    AwsContext again = new AwsContext(c.clients(), c.retry(), new LiveIds(), CLUSTER);
    again.ids().put(Vpc.idOf(CLUSTER), "vpc-1");
    Optional<AwsResource> found = new Ec2Network(again).findEgressOnlyGateway(d);
    assertThat(found).isPresent();
    assertThat(found.get().attributes()).isEqualTo(d.attributes());
    assertThat(sent("DescribeEgressOnlyInternetGateways").get(1))
        .containsEntry("Filter.2.Name", "tag:Name")
        .containsEntry("Filter.2.Value.1", CLUSTER);

    c.ids().put(table, "rtb-1");
    Ec2Routing routing = new Ec2Routing(c);
    routing.createRoute(route);
    assertThat(sent("CreateRoute").get(0))
        .containsEntry("RouteTableId", "rtb-1")
        .containsEntry("DestinationIpv6CidrBlock", "::/0")
        .containsEntry("EgressOnlyInternetGatewayId", "eigw-0123456789abcdef0")
        .doesNotContainKeys("GatewayId", "NatGatewayId", "DestinationCidrBlock");
    Optional<AwsResource> live = routing.findRoute(route);
    assertThat(live).isPresent();
    assertThat(live.get().attributes()).isEqualTo(route.attributes());

    network.associateAmazonIpv6(
        new Vpc(CLUSTER, "172.20.0.0/16", true, Optional.empty(), Tags.owned(CLUSTER, CLUSTER)));
    assertThat(sent("AssociateVpcCidrBlock").get(0))
        .containsEntry("VpcId", "vpc-1")
        .containsEntry("AmazonProvidedIpv6CidrBlock", "true");
  }

  @Test
  void anIpv6ClustersLaunchTemplateAsksForOneAddressAndMetadataOverIpv6() {
    AwsContext c =
        context(
            f ->
                switch (f.get("Action")) {
                  case "CreateLaunchTemplate" ->
                      ec2Response(
                          "CreateLaunchTemplate",
                          "<launchTemplate><launchTemplateId>lt-1</launchTemplateId>"
                              + "<launchTemplateName>nodes."
                              + CLUSTER
                              + "</launchTemplateName></launchTemplate>");
                  default -> throw new AssertionError("unexpected " + f);
                });
    ResourceId group = SecurityGroup.idOf("nodes." + CLUSTER);
    c.ids().put(group, "sg-1");
    new InstanceOps(c)
        .createLaunchTemplate(
            new LaunchTemplate(
                "nodes." + CLUSTER,
                "nodes",
                "t3.medium",
                "ami-12345678",
                List.of(group),
                IamInstanceProfile.idOf("nodes." + CLUSTER),
                false,
                true,
                "#!/bin/bash\n",
                "hash",
                "",
                InstanceSettings.DEFAULT.withIpv6(true),
                Tags.owned(CLUSTER, "nodes." + CLUSTER)));
    assertThat(sent("CreateLaunchTemplate").get(0))
        .containsEntry("LaunchTemplateData.NetworkInterface.1.Ipv6AddressCount", "1")
        .containsEntry("LaunchTemplateData.NetworkInterface.1.AssociatePublicIpAddress", "false")
        .containsEntry("LaunchTemplateData.MetadataOptions.HttpProtocolIpv6", "enabled");
  }
}
