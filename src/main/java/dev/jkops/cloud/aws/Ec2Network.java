package dev.jkops.cloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.HostnameType;
import software.amazon.awssdk.services.ec2.model.NewDhcpConfiguration;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Finds, creates and deletes the VPC-level resources: VPC, DHCP options, internet gateway, subnets.
 */
final class Ec2Network {
  private final AwsContext c;

  Ec2Network(AwsContext c) {
    this.c = c;
  }

  Optional<AwsResource> findVpc(Vpc d) {
    if (d.shared()) {
      String id = d.existingId().orElseThrow();
      var vpcs =
          c.retry()
              .call(
                  "finding VPC " + id + " (spec.networkID)",
                  () -> c.ec2().describeVpcs(r -> r.vpcIds(id)))
              .vpcs();
      if (vpcs.isEmpty()) {
        throw new AwsException(
            "spec.networkID " + id + " names no VPC in this region; fix spec.networkID");
      }
      c.ids().put(d.id(), id);
      return Optional.of(
          new Vpc(
              d.name(),
              d.cidr(),
              false,
              d.existingId(),
              Ec2Tags.map(vpcs.get(0).tags(), d.tags().keySet())));
    }
    var vpcs =
        c.retry()
            .call(
                "finding VPC " + d.name(),
                () -> c.ec2().describeVpcs(r -> r.filters(Ec2Tags.named(c.cluster(), d.name()))))
            .vpcs();
    return vpcs.stream()
        .findFirst()
        .map(
            v -> {
              c.ids().put(d.id(), v.vpcId());
              return vpc(v, d.tags().keySet());
            });
  }

  Vpc vpc(software.amazon.awssdk.services.ec2.model.Vpc v, Set<String> keys) {
    return new Vpc(
        Ec2Tags.get(v.tags(), Tags.NAME),
        v.cidrBlock(),
        !v.ipv6CidrBlockAssociationSet().isEmpty(),
        Optional.empty(),
        Ec2Tags.map(v.tags(), keys));
  }

  void createVpc(Vpc d) {
    String id =
        c.retry()
            .call(
                "creating VPC " + d.name(),
                () ->
                    c.ec2()
                        .createVpc(
                            r ->
                                r.cidrBlock(d.cidr())
                                    .amazonProvidedIpv6CidrBlock(d.amazonIpv6())
                                    .tagSpecifications(Ec2Tags.spec(ResourceType.VPC, d.tags()))))
            .vpc()
            .vpcId();
    c.ids().put(d.id(), id);
    c.retry()
        .runAfterCreate(
            "enabling DNS support on VPC " + d.name(),
            () ->
                c.ec2()
                    .modifyVpcAttribute(
                        r ->
                            r.vpcId(id)
                                .enableDnsSupport(
                                    AttributeBooleanValue.builder().value(true).build())));
    c.retry()
        .runAfterCreate(
            "enabling DNS hostnames on VPC " + d.name(),
            () ->
                c.ec2()
                    .modifyVpcAttribute(
                        r ->
                            r.vpcId(id)
                                .enableDnsHostnames(
                                    AttributeBooleanValue.builder().value(true).build())));
  }

  Optional<AwsResource> findDhcp(DhcpOptions d) {
    var all =
        c.retry()
            .call(
                "finding DHCP options " + d.name(),
                () ->
                    c.ec2()
                        .describeDhcpOptions(r -> r.filters(Ec2Tags.named(c.cluster(), d.name()))))
            .dhcpOptions();
    return all.stream()
        .findFirst()
        .map(
            o -> {
              c.ids().put(d.id(), o.dhcpOptionsId());
              return dhcp(o, d.tags().keySet());
            });
  }

  DhcpOptions dhcp(software.amazon.awssdk.services.ec2.model.DhcpOptions o, Set<String> keys) {
    String domain =
        o.dhcpConfigurations().stream()
            .filter(x -> "domain-name".equals(x.key()))
            .flatMap(x -> x.values().stream())
            .map(v -> v.value())
            .findFirst()
            .orElse("");
    return new DhcpOptions(Ec2Tags.get(o.tags(), Tags.NAME), domain, Ec2Tags.map(o.tags(), keys));
  }

  void createDhcp(DhcpOptions d) {
    String id =
        c.retry()
            .call(
                "creating DHCP options " + d.name(),
                () ->
                    c.ec2()
                        .createDhcpOptions(
                            r ->
                                r.dhcpConfigurations(
                                        NewDhcpConfiguration.builder()
                                            .key("domain-name")
                                            .values(d.domainName())
                                            .build(),
                                        NewDhcpConfiguration.builder()
                                            .key("domain-name-servers")
                                            .values(DhcpOptions.AMAZON_DNS)
                                            .build())
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.DHCP_OPTIONS, d.tags()))))
            .dhcpOptions()
            .dhcpOptionsId();
    c.ids().put(d.id(), id);
  }

  Optional<AwsResource> findDhcpAssociation(VpcDhcpOptionsAssociation d) {
    Optional<String> vpcId =
        d.vpc() instanceof Ref.Existing e
            ? Optional.of(e.awsId())
            : c.ids().awsId(((Ref.Managed) d.vpc()).id());
    if (vpcId.isEmpty()) {
      return Optional.empty();
    }
    var vpcs =
        c.retry()
            .call(
                "reading VPC " + vpcId.get(),
                () -> c.ec2().describeVpcs(r -> r.vpcIds(vpcId.get())))
            .vpcs();
    return vpcs.stream()
        .findFirst()
        .flatMap(v -> c.ids().name(v.dhcpOptionsId()))
        .map(dhcp -> new VpcDhcpOptionsAssociation(d.name(), d.vpc(), dhcp));
  }

  void associateDhcp(VpcDhcpOptionsAssociation d) {
    c.retry()
        .runAfterCreate(
            "associating DHCP options with VPC",
            () ->
                c.ec2()
                    .associateDhcpOptions(
                        r ->
                            r.vpcId(c.ids().resolve(d.vpc()))
                                .dhcpOptionsId(c.ids().require(d.dhcpOptions()))));
  }

  Optional<AwsResource> findIgw(InternetGateway d) {
    var filters =
        d.shared()
            ? List.of(Ec2Tags.filter("attachment.vpc-id", c.ids().resolve(d.vpc())))
            : Ec2Tags.named(c.cluster(), d.name());
    var all =
        c.retry()
            .call(
                "finding internet gateway " + d.name(),
                () -> c.ec2().describeInternetGateways(r -> r.filters(filters)))
            .internetGateways();
    if (all.isEmpty() && d.shared()) {
      throw new AwsException(
          "the existing VPC "
              + c.ids().resolve(d.vpc())
              + " has no internet gateway attached;"
              + " attach one, or use subnets with egress set");
    }
    return all.stream()
        .findFirst()
        .map(
            g -> {
              c.ids().put(d.id(), g.internetGatewayId());
              return igw(g, d.shared(), d.tags().keySet());
            });
  }

  InternetGateway igw(
      software.amazon.awssdk.services.ec2.model.InternetGateway g,
      boolean shared,
      Set<String> keys) {
    Ref vpc =
        g.attachments().isEmpty()
            ? Ref.existing("none")
            : c.ids().ref(g.attachments().get(0).vpcId());
    String name = shared ? c.cluster() : Ec2Tags.get(g.tags(), Tags.NAME);
    return new InternetGateway(name, vpc, shared, Ec2Tags.map(g.tags(), keys));
  }

  void createIgw(InternetGateway d) {
    String id =
        c.retry()
            .call(
                "creating internet gateway " + d.name(),
                () ->
                    c.ec2()
                        .createInternetGateway(
                            r ->
                                r.tagSpecifications(
                                    Ec2Tags.spec(ResourceType.INTERNET_GATEWAY, d.tags()))))
            .internetGateway()
            .internetGatewayId();
    c.ids().put(d.id(), id);
    c.retry()
        .runAfterCreate(
            "attaching internet gateway " + d.name(),
            () ->
                c.ec2()
                    .attachInternetGateway(
                        r -> r.internetGatewayId(id).vpcId(c.ids().resolve(d.vpc()))));
  }

  Optional<AwsResource> findSubnet(Subnet d) {
    var filters =
        d.shared()
            ? List.of(Ec2Tags.filter("subnet-id", d.existingId().get()))
            : Ec2Tags.named(c.cluster(), d.name());
    var all =
        c.retry()
            .call(
                "finding subnet " + d.name(),
                () -> c.ec2().describeSubnets(r -> r.filters(filters)))
            .subnets();
    if (all.isEmpty() && d.shared()) {
      throw new AwsException(
          "spec.subnets id "
              + d.existingId().get()
              + " names no subnet in this region; fix the subnet's id");
    }
    return all.stream()
        .findFirst()
        .map(
            s -> {
              c.ids().put(d.id(), s.subnetId());
              return d.shared()
                  ? new Subnet(
                      d.name(),
                      d.vpc(),
                      d.zone(),
                      d.cidr(),
                      d.existingId(),
                      false,
                      Ec2Tags.map(s.tags(), d.tags().keySet()))
                  : subnet(s, d.tags().keySet());
            });
  }

  Subnet subnet(software.amazon.awssdk.services.ec2.model.Subnet s, Set<String> keys) {
    boolean dns =
        s.privateDnsNameOptionsOnLaunch() != null
            && s.privateDnsNameOptionsOnLaunch().hostnameType() == HostnameType.RESOURCE_NAME;
    return new Subnet(
        Ec2Tags.get(s.tags(), Tags.NAME),
        c.ids().ref(s.vpcId()),
        s.availabilityZone(),
        s.cidrBlock(),
        Optional.empty(),
        dns,
        Ec2Tags.map(s.tags(), keys));
  }

  void createSubnet(Subnet d) {
    String id =
        c.retry()
            .call(
                "creating subnet " + d.name(),
                () ->
                    c.ec2()
                        .createSubnet(
                            r ->
                                r.vpcId(c.ids().resolve(d.vpc()))
                                    .cidrBlock(d.cidr())
                                    .availabilityZone(d.zone())
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.SUBNET, d.tags()))))
            .subnet()
            .subnetId();
    c.ids().put(d.id(), id);
    if (d.resourceNameDns()) {
      setResourceNameDns(id, d);
    }
  }

  /**
   * Sets how the subnet names its instances: resource-name hostnames with DNS A records, or AWS'
   * IP-based names. Two calls after the subnet exists, so a run cut short between them leaves a
   * subnet whose setting differs; the next run sets it here in place rather than refusing.
   */
  void setResourceNameDns(String id, Subnet d) {
    boolean on = d.resourceNameDns();
    c.retry()
        .runAfterCreate(
            "setting " + (on ? "resource-name" : "IP-name") + " hostnames on subnet " + d.name(),
            () ->
                c.ec2()
                    .modifySubnetAttribute(
                        r ->
                            r.subnetId(id)
                                .privateDnsHostnameTypeOnLaunch(
                                    on ? HostnameType.RESOURCE_NAME : HostnameType.IP_NAME)));
    c.retry()
        .runAfterCreate(
            (on ? "enabling" : "disabling") + " DNS A records on subnet " + d.name(),
            () ->
                c.ec2()
                    .modifySubnetAttribute(
                        r ->
                            r.subnetId(id)
                                .enableResourceNameDnsARecordOnLaunch(
                                    AttributeBooleanValue.builder().value(on).build())));
  }

  Optional<AwsResource> findEip(ElasticIp d) {
    var all =
        c.retry()
            .call(
                "finding elastic IP " + d.name(),
                () ->
                    c.ec2().describeAddresses(r -> r.filters(Ec2Tags.named(c.cluster(), d.name()))))
            .addresses();
    return all.stream()
        .findFirst()
        .map(
            a -> {
              c.ids().put(d.id(), a.allocationId());
              return new ElasticIp(d.name(), Ec2Tags.map(a.tags(), d.tags().keySet()));
            });
  }

  void createEip(ElasticIp d) {
    String id =
        c.retry()
            .call(
                "allocating elastic IP " + d.name(),
                () ->
                    c.ec2()
                        .allocateAddress(
                            r ->
                                r.domain(DomainType.VPC)
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.ELASTIC_IP, d.tags()))))
            .allocationId();
    c.ids().put(d.id(), id);
  }

  Optional<AwsResource> findNat(NatGateway d) {
    var all =
        c.retry()
            .call(
                "finding NAT gateway " + d.name(),
                () ->
                    c.ec2()
                        .describeNatGateways(
                            r ->
                                r.filter(
                                    concat(
                                        Ec2Tags.named(c.cluster(), d.name()),
                                        Ec2Tags.filter("state", "pending", "available")))))
            .natGateways();
    return all.stream()
        .findFirst()
        .map(
            n -> {
              c.ids().put(d.id(), n.natGatewayId());
              return nat(n, d.tags().keySet());
            });
  }

  NatGateway nat(software.amazon.awssdk.services.ec2.model.NatGateway n, Set<String> keys) {
    String alloc =
        n.natGatewayAddresses().isEmpty() ? "" : n.natGatewayAddresses().get(0).allocationId();
    return new NatGateway(
        Ec2Tags.get(n.tags(), Tags.NAME),
        c.ids().ref(n.subnetId()),
        c.ids().name(alloc).orElse(ElasticIp.idOf(alloc)),
        Ec2Tags.map(n.tags(), keys));
  }

  void createNat(NatGateway d) {
    String id =
        c.retry()
            .callAfterCreate(
                "creating NAT gateway " + d.name(),
                () ->
                    c.ec2()
                        .createNatGateway(
                            r ->
                                r.subnetId(c.ids().resolve(d.subnet()))
                                    .allocationId(c.ids().require(d.elasticIp()))
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.NATGATEWAY, d.tags()))))
            .natGateway()
            .natGatewayId();
    c.ids().put(d.id(), id);
  }

  static <T> List<T> concat(List<T> a, T b) {
    List<T> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }
}
