package dev.jkops.cloud.aws;

import dev.jkops.api.Ipv6Cidr;
import dev.jkops.cloud.terraform.TerraformConfig;
import dev.jkops.cloud.terraform.TfExpr;
import dev.jkops.cloud.terraform.TfResource;
import dev.jkops.tasks.KindRegistry;
import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The Terraform form of a cluster's AWS resources, with kops' resource types, names and attributes.
 * Shared resources (an existing VPC, its gateways, existing subnets) are not written: references to
 * them are their AWS ids, and an existing VPC is read by a data source.
 */
public final class AwsTerraform {
  private final SortedMap<String, String> dataFiles = new TreeMap<>();
  private final AwsCluster cluster;
  private final KindRegistry<AwsResource, Form<?>> forms;

  /** The launch templates' key_name: a key pair's name or a reference to the written one. */
  private Optional<Object> keyName = Optional.empty();

  private AwsTerraform(AwsCluster cluster) {
    this.cluster = cluster;
    this.forms = forms();
  }

  /** A cluster that owns its VPC: everything it needs is in the plan, so no cloud call is made. */
  public static TerraformConfig config(AwsCluster cluster, List<AwsResource> resources) {
    return config(cluster, resources, Optional.empty());
  }

  /**
   * @param sharedInternetGateway the id of the internet gateway attached to the existing VPC
   *     ({@code spec.networkID}), looked up in the cloud as kops does: the public route names it
   *     literally, and no VPC, DHCP options or internet gateway resource is written
   */
  public static TerraformConfig config(
      AwsCluster cluster, List<AwsResource> resources, Optional<String> sharedInternetGateway) {
    return config(cluster, resources, sharedInternetGateway, Optional.empty());
  }

  /**
   * @param published what the cluster publishes in its S3 state store, written as kops' {@code
   *     aws_s3_object}s (none for a store that is not S3)
   */
  public static TerraformConfig config(
      AwsCluster cluster,
      List<AwsResource> resources,
      Optional<String> sharedInternetGateway,
      Optional<PublishedObjects> published) {
    return config(cluster, resources, sharedInternetGateway, published, Optional.empty());
  }

  /**
   * @param sshKey the cluster's admin SSH public key ({@link SshPublicKey#fromStore}): written as
   *     kops' {@code aws_key_pair} and named by every launch template, unless {@code
   *     spec.sshKeyName} names an existing key pair (or is empty: no key)
   */
  public static TerraformConfig config(
      AwsCluster cluster,
      List<AwsResource> resources,
      Optional<String> sharedInternetGateway,
      Optional<PublishedObjects> published,
      Optional<SshPublicKey> sshKey) {
    return config(
        cluster,
        resources,
        new ExistingVpcGateways(sharedInternetGateway, Optional.empty()),
        published,
        sshKey);
  }

  /**
   * @param gateways the ids of the gateways attached to the existing VPC ({@code spec.networkID}),
   *     looked up in the cloud as kops does ({@link AwsClusterResources#existingVpcGateways}): the
   *     routes name them literally, and the VPC is read by a {@code data "aws_vpc"} source, never
   *     written
   */
  public static TerraformConfig config(
      AwsCluster cluster,
      List<AwsResource> resources,
      ExistingVpcGateways gateways,
      Optional<PublishedObjects> published,
      Optional<SshPublicKey> sshKey) {
    AwsTerraform t = new AwsTerraform(cluster);
    List<TfResource> out = new ArrayList<>();
    Optional<String> existingKeyPair = existingKeyPair(cluster);
    if (existingKeyPair.isPresent()) {
      t.keyName = existingKeyPair.filter(n -> !n.isEmpty()).map(n -> n);
    } else {
      // The direct target's KeyPair record when the resources have one, else the key given here.
      Optional<KeyPair> keyPair =
          resources.stream()
              .filter(r -> r instanceof KeyPair)
              .map(r -> (KeyPair) r)
              .findFirst()
              .or(() -> sshKey.map(k -> KeyPair.of(cluster.name(), k)));
      if (keyPair.isPresent()) {
        TfResource written = t.resource(keyPair.get());
        out.add(written);
        t.keyName = Optional.of(TfExpr.ref(written.type(), written.name(), "id"));
      }
    }
    Optional<ResourceId> sharedIgw =
        sharedGateway(
            cluster,
            resources,
            InternetGateway.class,
            gateways.internetGateway(),
            "internet gateway");
    Optional<ResourceId> sharedEigw =
        sharedGateway(
            cluster,
            resources,
            EgressOnlyInternetGateway.class,
            gateways.egressOnlyGateway(),
            "egress-only internet gateway");
    for (AwsResource r : resources) {
      if (r instanceof Route rt) {
        r =
            new Route(
                rt.name(),
                rt.routeTable(),
                rt.destination(),
                rt.internetGateway().map(g -> existing(g, sharedIgw, gateways.internetGateway())),
                rt.natGateway(),
                rt.egressOnlyGateway()
                    .map(g -> existing(g, sharedEigw, gateways.egressOnlyGateway())));
      }
      // The key pair is written above, before the launch templates that name it.
      if (!r.shared() && !(r instanceof KeyPair)) {
        out.add(t.resource(r));
      }
    }
    out.addAll(LoadBalancerTerraform.build(cluster, resources));
    published.ifPresent(p -> out.addAll(p.resources(cluster.name(), t.dataFiles)));
    return new TerraformConfig(
        cluster.region(),
        out,
        dataSources(resources),
        TerraformOutputs.of(cluster, resources),
        t.dataFiles);
  }

  /**
   * The shared gateway of a kind among the resources (one attached to the existing VPC), whose id
   * must have been looked up: the Terraform output names it literally.
   */
  private static Optional<ResourceId> sharedGateway(
      AwsCluster cluster,
      List<AwsResource> resources,
      Class<? extends AwsResource> kind,
      Optional<String> lookedUp,
      String what) {
    Optional<ResourceId> shared =
        resources.stream()
            .filter(r -> kind.isInstance(r) && r.shared())
            .map(AwsResource::id)
            .findFirst();
    if (shared.isPresent() && lookedUp.isEmpty()) {
      throw new AwsException(
          "Terraform output for cluster "
              + cluster.name()
              + " in the existing VPC "
              + cluster.spec().networkID()
              + " (spec.networkID) needs the id of that VPC's "
              + what
              + "; it is looked up in the cloud, so run with AWS credentials for region "
              + cluster.region());
    }
    return shared;
  }

  /** A reference to the shared gateway becomes its id; any other stays as it is. */
  private static Ref existing(Ref ref, Optional<ResourceId> shared, Optional<String> id) {
    return shared.isPresent() && ref.equals(Ref.to(shared.get())) ? Ref.existing(id.get()) : ref;
  }

  /**
   * What Terraform reads and does not manage, as kops writes it: an existing VPC, as {@code data
   * "aws_vpc"} by its id, so that the outputs can give its ranges and an IPv6 cluster's subnets can
   * be carved from its IPv6 block.
   */
  private static List<TfResource> dataSources(List<AwsResource> resources) {
    List<TfResource> out = new ArrayList<>();
    for (AwsResource r : resources) {
      if (r instanceof Vpc v && v.shared()) {
        out.add(
            new TfResource(
                type(Vpc.KIND), name(v.id()), new TreeMap<>(Map.of("id", v.existingId().get()))));
      }
    }
    return out;
  }

  /**
   * kops' {@code spec.sshKeyName}: the name of an EC2 key pair that exists already (no {@code
   * aws_key_pair} is written), or empty for instances without one; absent when not set.
   */
  static Optional<String> existingKeyPair(AwsCluster cluster) {
    Object name = cluster.spec().extra().get("sshKeyName");
    if (name == null) {
      return Optional.empty();
    }
    if (!(name instanceof String n)
        || !n.equals(n.strip())
        || n.chars().anyMatch(ch -> ch < 0x20 || ch > 0x7e)) {
      throw new AwsException(
          "spec.sshKeyName \""
              + name
              + "\" is not an EC2 key pair name (printable ASCII, no"
              + " surrounding spaces); give an existing key pair's name, or \"\" for instances without one");
    }
    return Optional.of(n);
  }

  /** kops' Terraform name of its key pair: the fingerprint without colons. */
  private static String keyPairTfName(KeyPair k) {
    String cluster = k.tags().get(Tags.KUBERNETES_CLUSTER);
    return AwsCluster.tfSanitize("kubernetes." + cluster) + "-" + k.fingerprint().replace(":", "");
  }

  /** kops' key pair: the key in a data file named as kops names it. */
  private void keyPair(KeyPair k, Map<String, Object> a) {
    String file =
        "aws_key_pair_kubernetes."
            + k.tags().get(Tags.KUBERNETES_CLUSTER)
            + "-"
            + k.fingerprint().replace(":", "")
            + "_public_key";
    dataFiles.put(file, k.publicKey() + "\n");
    a.put("key_name", k.name());
    a.put("public_key", TfExpr.file(file));
  }

  /** What the Terraform output leaves out that kops would write, one sentence each. */
  public static List<String> notWritten(AwsCluster cluster) {
    return LoadBalancerTerraform.unwritten(cluster);
  }

  /** The Terraform type kops uses for each kind. */
  public static String type(String kind) {
    return switch (kind) {
      case Vpc.KIND -> "aws_vpc";
      case DhcpOptions.KIND -> "aws_vpc_dhcp_options";
      case VpcDhcpOptionsAssociation.KIND -> "aws_vpc_dhcp_options_association";
      case InternetGateway.KIND -> "aws_internet_gateway";
      case EgressOnlyInternetGateway.KIND -> "aws_egress_only_internet_gateway";
      case Subnet.KIND -> "aws_subnet";
      case RouteTable.KIND -> "aws_route_table";
      case RouteTableAssociation.KIND -> "aws_route_table_association";
      case Route.KIND -> "aws_route";
      case ElasticIp.KIND -> "aws_eip";
      case NatGateway.KIND -> "aws_nat_gateway";
      case SecurityGroup.KIND -> "aws_security_group";
      case SecurityGroupRule.KIND -> "aws_security_group_rule";
      case IamRole.KIND -> "aws_iam_role";
      case IamRolePolicy.KIND -> "aws_iam_role_policy";
      case IamInstanceProfile.KIND -> "aws_iam_instance_profile";
      case LaunchTemplate.KIND -> "aws_launch_template";
      case AutoscalingGroup.KIND -> "aws_autoscaling_group";
      case EtcdVolume.KIND -> "aws_ebs_volume";
      case KeyPair.KIND -> "aws_key_pair";
      case NetworkLoadBalancer.KIND -> "aws_lb";
      case ClassicLoadBalancer.KIND -> "aws_elb";
      case TargetGroup.KIND -> "aws_lb_target_group";
      case SqsQueue.KIND -> "aws_sqs_queue";
      case SqsQueuePolicy.KIND -> "aws_sqs_queue_policy";
      case EventRule.KIND -> "aws_cloudwatch_event_rule";
      case EventTarget.KIND -> "aws_cloudwatch_event_target";
      case LifecycleHook.KIND -> "aws_autoscaling_lifecycle_hook";
      case DnsRecord.KIND -> "aws_route53_record";
      default -> throw new IllegalArgumentException("no Terraform type for " + kind);
    };
  }

  /** kops' Terraform name of a resource: its name sanitized; routes get a {@code route-} prefix. */
  public static String name(ResourceId id) {
    String n = AwsCluster.tfSanitize(id.name());
    return Route.KIND.equals(id.kind()) ? "route-" + n : n;
  }

  static Object ref(Ref r) {
    if (r instanceof Ref.Existing e) {
      return e.awsId();
    }
    return ref(((Ref.Managed) r).id(), "id");
  }

  static TfExpr ref(ResourceId id, String attribute) {
    return TfExpr.ref(type(id.kind()), name(id), attribute);
  }

  /** An attribute of what a data source read: {@code data.<type>.<name>.<attribute>}. */
  static TfExpr dataRef(ResourceId id, String attribute) {
    return TfExpr.ref("data." + type(id.kind()), name(id), attribute);
  }

  /**
   * The attributes of one kind, typed by its record; {@code tagsMap} false for kinds tagged
   * otherwise.
   */
  private record Form<R extends AwsResource>(
      Class<R> kind, BiConsumer<R, Map<String, Object>> writer, boolean tagsMap) {
    void write(AwsResource r, Map<String, Object> a) {
      writer.accept(kind.cast(r), a);
    }
  }

  private static <R extends AwsResource> Form<R> form(
      Class<R> kind, BiConsumer<R, Map<String, Object>> writer) {
    return new Form<>(kind, writer, true);
  }

  /** Each kind's attributes: the one place a new kind is taught its Terraform form. */
  private KindRegistry<AwsResource, Form<?>> forms() {
    return KindRegistry.<AwsResource, Form<?>>builder(AwsResource.class, "Terraform")
        .with(KeyPair.class, form(KeyPair.class, this::keyPair))
        // kops' load balancers reach Terraform through LoadBalancerTerraform, from the spec; the
        // direct target's records of them are never among the resources written here.
        .with(NetworkLoadBalancer.class, form(NetworkLoadBalancer.class, AwsTerraform::directOnly))
        .with(TargetGroup.class, form(TargetGroup.class, AwsTerraform::directOnly))
        .with(ClassicLoadBalancer.class, form(ClassicLoadBalancer.class, AwsTerraform::directOnly))
        .with(
            Vpc.class,
            form(
                Vpc.class,
                (v, a) -> {
                  if (v.amazonIpv6()) {
                    a.put("assign_generated_ipv6_cidr_block", true);
                  }
                  a.put("cidr_block", v.cidr());
                  a.put("enable_dns_hostnames", true);
                  a.put("enable_dns_support", true);
                }))
        .with(
            DhcpOptions.class,
            form(
                DhcpOptions.class,
                (d, a) -> {
                  a.put("domain_name", d.domainName());
                  a.put("domain_name_servers", List.of(DhcpOptions.AMAZON_DNS));
                }))
        .with(
            VpcDhcpOptionsAssociation.class,
            form(
                VpcDhcpOptionsAssociation.class,
                (d, a) -> {
                  a.put("dhcp_options_id", ref(d.dhcpOptions(), "id"));
                  a.put("vpc_id", ref(d.vpc()));
                }))
        .with(
            InternetGateway.class,
            form(InternetGateway.class, (g, a) -> a.put("vpc_id", ref(g.vpc()))))
        .with(
            EgressOnlyInternetGateway.class,
            form(EgressOnlyInternetGateway.class, (g, a) -> a.put("vpc_id", ref(g.vpc()))))
        .with(Subnet.class, form(Subnet.class, AwsTerraform::subnet))
        .with(RouteTable.class, form(RouteTable.class, (t, a) -> a.put("vpc_id", ref(t.vpc()))))
        .with(
            RouteTableAssociation.class,
            form(
                RouteTableAssociation.class,
                (t, a) -> {
                  a.put("route_table_id", ref(t.routeTable(), "id"));
                  a.put("subnet_id", ref(t.subnet()));
                }))
        .with(
            Route.class,
            form(
                Route.class,
                (rt, a) -> {
                  a.put(
                      rt.ipv6() ? "destination_ipv6_cidr_block" : "destination_cidr_block",
                      rt.destination());
                  rt.internetGateway().ifPresent(g -> a.put("gateway_id", ref(g)));
                  rt.natGateway().ifPresent(g -> a.put("nat_gateway_id", ref(g)));
                  rt.egressOnlyGateway().ifPresent(g -> a.put("egress_only_gateway_id", ref(g)));
                  a.put("route_table_id", ref(rt.routeTable(), "id"));
                }))
        .with(ElasticIp.class, form(ElasticIp.class, (e, a) -> a.put("domain", "vpc")))
        .with(
            NatGateway.class,
            form(
                NatGateway.class,
                (n, a) -> {
                  a.put("allocation_id", ref(n.elasticIp(), "id"));
                  a.put("subnet_id", ref(n.subnet()));
                }))
        .with(
            SecurityGroup.class,
            form(
                SecurityGroup.class,
                (g, a) -> {
                  a.put("description", g.description());
                  a.put("name", g.name());
                  a.put("vpc_id", ref(g.vpc()));
                }))
        .with(SecurityGroupRule.class, form(SecurityGroupRule.class, AwsTerraform::rule))
        .with(
            EtcdVolume.class,
            form(
                EtcdVolume.class,
                (v, a) -> {
                  a.put("availability_zone", v.zone());
                  a.put("encrypted", v.encrypted());
                  v.iops().ifPresent(i -> a.put("iops", i));
                  v.kmsKeyId().ifPresent(k -> a.put("kms_key_id", k));
                  a.put("size", v.sizeGb());
                  v.throughput().ifPresent(t -> a.put("throughput", t));
                  a.put("type", v.volumeType());
                }))
        .with(
            IamRole.class,
            form(IamRole.class, (role, a) -> InstanceTerraform.role(role, a, dataFiles)))
        .with(
            IamRolePolicy.class,
            form(IamRolePolicy.class, (p, a) -> InstanceTerraform.rolePolicy(p, a, dataFiles)))
        .with(
            IamInstanceProfile.class,
            form(IamInstanceProfile.class, InstanceTerraform::instanceProfile))
        .with(
            LaunchTemplate.class,
            form(
                LaunchTemplate.class,
                (lt, a) -> InstanceTerraform.launchTemplate(cluster, lt, keyName, a, dataFiles)))
        // An autoscaling group has no tags map in the AWS provider: its tags are the tag {} blocks
        // InstanceTerraform writes, each saying whether it propagates to instances.
        .with(
            AutoscalingGroup.class,
            new Form<>(
                AutoscalingGroup.class,
                (g, a) -> InstanceTerraform.autoscalingGroup(cluster, g, a),
                false))
        .with(SqsQueue.class, form(SqsQueue.class, NodeTerminationHandlerTerraform::queue))
        .with(
            SqsQueuePolicy.class,
            form(
                SqsQueuePolicy.class,
                (p, a) -> NodeTerminationHandlerTerraform.queuePolicy(p, a, dataFiles)))
        .with(
            EventRule.class,
            form(EventRule.class, (r, a) -> NodeTerminationHandlerTerraform.rule(r, a, dataFiles)))
        .with(EventTarget.class, form(EventTarget.class, NodeTerminationHandlerTerraform::target))
        .with(LifecycleHook.class, form(LifecycleHook.class, NodeTerminationHandlerTerraform::hook))
        // Only the direct apply makes placeholder records (kops leaves them out of Terraform, where
        // they would fight dns-controller); written, one reads as kops' records do.
        .with(
            DnsRecord.class,
            form(
                DnsRecord.class,
                (d, a) -> {
                  a.put("name", d.name());
                  a.put("records", d.values());
                  a.put("ttl", d.ttl());
                  a.put("type", d.type());
                  a.put("zone_id", "/hostedzone/" + d.zoneId());
                }))
        .build();
  }

  private static void directOnly(AwsResource r, Map<String, Object> a) {
    throw new IllegalStateException(
        r.id() + " is written by LoadBalancerTerraform, not from the direct target's records");
  }

  /** The kinds with a Terraform form, for the test that holds them to the sealed hierarchy. */
  static Set<Class<?>> writtenKinds(AwsCluster cluster) {
    return new AwsTerraform(cluster).forms.kinds();
  }

  private TfResource resource(AwsResource r) {
    Map<String, Object> a = new TreeMap<>();
    Form<?> form = forms.of(r);
    form.write(r, a);
    if (!r.tags().isEmpty() && form.tagsMap()) {
      a.put("tags", r.tags());
    }
    String tfName = r instanceof KeyPair k ? keyPairTfName(k) : name(r.id());
    return new TfResource(type(r.id().kind()), tfName, new TreeMap<>(a));
  }

  /**
   * A subnet as kops writes it. An IPv6 cluster's subnets take IPv6 addresses on launch and get
   * AAAA records; its IPv6-only subnets resolve IPv4-only names to NAT64 addresses (DNS64).
   */
  private static void subnet(Subnet s, Map<String, Object> a) {
    a.put("availability_zone", s.zone());
    if (s.cidr() != null) {
      a.put("cidr_block", s.cidr());
    }
    if (s.resourceNameDns()) {
      if (s.cidr() != null) {
        a.put("enable_resource_name_dns_a_record_on_launch", true);
      }
      a.put("private_dns_hostname_type_on_launch", "resource-name");
    }
    s.ipv6()
        .ifPresent(
            v6 -> {
              if (v6.assignOnCreation()) {
                a.put("assign_ipv6_address_on_creation", true);
              }
              a.put("ipv6_cidr_block", ipv6Block(v6.cidr()));
              if (v6.aaaaRecords()) {
                a.put("enable_resource_name_dns_aaaa_record_on_launch", true);
              }
              if (v6.dns64()) {
                a.put("enable_dns64", true);
              }
              if (s.ipv6Only()) {
                a.put("ipv6_native", true);
              }
            });
    a.put("vpc_id", ref(s.vpc()));
  }

  /**
   * A literal block as it is; kops' {@code /64#N} as the N-th /64 of the VPC's Amazon-provided
   * block, which is known only once AWS assigns it: {@code cidrsubnet} of the VPC's block, by the
   * locals kops writes for it.
   */
  private static Object ipv6Block(String block) {
    if (!Ipv6Cidr.isRelative(block)) {
      return block;
    }
    Ipv6Cidr.Relative r = Ipv6Cidr.parseRelative(block);
    return new TfExpr(
        "cidrsubnet(local.vpc_ipv6_cidr_block, "
            + r.size()
            + " - local.vpc_ipv6_cidr_length, "
            + r.index()
            + ")");
  }

  private static void rule(SecurityGroupRule s, Map<String, Object> a) {
    s.cidr().ifPresent(c -> a.put(s.ipv6() ? "ipv6_cidr_blocks" : "cidr_blocks", List.of(c)));
    s.sourceGroup().ifPresent(g -> a.put("source_security_group_id", ref(g, "id")));
    a.put("from_port", s.fromPort());
    a.put("protocol", s.protocol());
    a.put("security_group_id", ref(s.securityGroup(), "id"));
    a.put("to_port", s.toPort());
    a.put("type", s.egress() ? "egress" : "ingress");
  }
}
