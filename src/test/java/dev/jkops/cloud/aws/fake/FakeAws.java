package dev.jkops.cloud.aws.fake;

import dev.jkops.cloud.aws.AwsClients;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.route53.model.ResourceRecord;

/**
 * An in-process stand-in for EC2, Auto Scaling and IAM behind the SDK's client interfaces. It
 * behaves as AWS documents, including what makes AWS hard, each behaviour switchable per test:
 * throttling (RequestLimitExceeded), resources not yet visible right after creation
 * (InvalidXxx.NotFound), the route quota (RouteLimitExceeded), duplicate rules
 * (InvalidPermission.Duplicate) and DependencyViolation when deleting in the wrong order.
 */
public final class FakeAws {
  /** Every call made, by operation name, in order. */
  public final List<String> calls = new ArrayList<>();

  final AtomicInteger nextId = new AtomicInteger(1);
  int throttleNext;
  int throttleAt;
  int throttleBurst;
  int crashAt;
  int failAt;
  String failCode;
  int failStatus;
  boolean eventualConsistency;
  int routeQuota = 50;
  final Set<String> notYetVisible = new HashSet<>();

  public final FakeEc2 ec2 = new FakeEc2(this);
  public final FakeAutoScaling autoscaling = new FakeAutoScaling(this);
  public final FakeIam iam = new FakeIam(this);
  public final FakeElbv2 elbv2 = new FakeElbv2(this);
  public final FakeClassicElb classicElb = new FakeClassicElb(this);
  public final FakeSqs sqs = new FakeSqs(this);
  public final FakeEventBridge events = new FakeEventBridge(this);
  public final FakeRoute53 route53 = new FakeRoute53(this);

  public AwsClients clients() {
    return new AwsClients(() -> ec2, () -> autoscaling, () -> iam)
        .withLoadBalancing(() -> elbv2)
        .withClassicLoadBalancing(() -> classicElb)
        .withQueues(() -> sqs, () -> events)
        .withDns(() -> route53);
  }

  /** The next {@code n} calls fail with RequestLimitExceeded, as a throttled account's do. */
  public FakeAws throttleNext(int n) {
    throttleNext = n;
    return this;
  }

  /** Newly created resources answer NotFound to the first call that names them by id. */
  public FakeAws eventuallyConsistent(boolean on) {
    eventualConsistency = on;
    if (!on) {
      notYetVisible.clear();
    }
    return this;
  }

  /**
   * The {@code n}-th call from now (1 = the next) throws {@link SimulatedCrash} instead of
   * answering: the command stops at that call as if its process had died there (reliability kill
   * tests).
   */
  public FakeAws crashAtCall(int n) {
    crashAt = n;
    return this;
  }

  /**
   * From the {@code n}-th call from now, {@code burst} calls in a row answer RequestLimitExceeded
   * (throttling mid-apply).
   */
  public FakeAws throttleAtCall(int n, int burst) {
    throttleAt = n;
    throttleBurst = burst;
    return this;
  }

  /** The {@code n}-th call from now fails with a non-retryable AWS error (a fault mid-apply). */
  public FakeAws failAtCall(int n, String code, int status) {
    failAt = n;
    failCode = code;
    failStatus = status;
    return this;
  }

  /** Thrown by {@link #crashAtCall}: an Error, so no command code mistakes it for an AWS answer. */
  public static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String operation) {
      super("simulated crash at " + operation);
    }
  }

  /** Routes a table may hold (AWS' default is 50). */
  public FakeAws routeQuota(int quota) {
    routeQuota = quota;
    return this;
  }

  /**
   * Every resource the fake holds, one sorted line each, with AWS ids replaced by names (ids differ
   * from run to run, names and settings do not): two accounts built alike have equal inventories.
   */
  public List<String> inventory() {
    java.util.Map<String, String> names = new java.util.HashMap<>();
    ec2.security.groups.values().forEach(g -> names.put(g.groupId(), g.groupName()));
    ec2.subnets.values().forEach(sn -> names.put(sn.subnetId(), "subnet " + sn.cidrBlock()));
    List<String> out = new ArrayList<>();
    ec2.vpcs
        .values()
        .forEach(
            v ->
                out.add(
                    "vpc "
                        + v.cidrBlock()
                        + " "
                        + tagName(v.tags())
                        // whether the block is visible yet depends on when it was last read
                        + (v.ipv6CidrBlockAssociationSet().isEmpty() ? "" : " amazon-ipv6")));
    ec2.ipv6.egressOnly.values().forEach(g -> out.add("egress-only-gateway " + tagName(g.tags())));
    ec2.dhcp.values().forEach(d -> out.add("dhcp-options " + tagName(d.tags())));
    ec2.igws.values().forEach(i -> out.add("internet-gateway " + tagName(i.tags())));
    ec2.subnets
        .values()
        .forEach(
            sn ->
                out.add(
                    "subnet "
                        + sn.cidrBlock()
                        + " "
                        + sn.availabilityZone()
                        + " "
                        + tagName(sn.tags())
                        + sn.ipv6CidrBlockAssociationSet().stream()
                            .map(a -> " ipv6=" + a.ipv6CidrBlock())
                            .toList()
                        + (Boolean.TRUE.equals(sn.ipv6Native()) ? " ipv6-native" : "")
                        + (Boolean.TRUE.equals(sn.assignIpv6AddressOnCreation())
                            ? " assign-ipv6"
                            : "")
                        + (Boolean.TRUE.equals(sn.enableDns64()) ? " dns64" : "")
                        + (sn.privateDnsNameOptionsOnLaunch() == null
                            ? ""
                            : " names="
                                + sn.privateDnsNameOptionsOnLaunch().hostnameTypeAsString()
                                + "/a="
                                + sn.privateDnsNameOptionsOnLaunch().enableResourceNameDnsARecord()
                                + "/aaaa="
                                + sn.privateDnsNameOptionsOnLaunch()
                                    .enableResourceNameDnsAAAARecord())));
    ec2.addresses.values().forEach(a -> out.add("elastic-ip " + tagName(a.tags())));
    ec2.nats
        .values()
        .forEach(
            n -> out.add("nat-gateway in " + names.get(n.subnetId()) + " " + tagName(n.tags())));
    ec2.routing
        .tables
        .values()
        .forEach(
            t ->
                out.add(
                    "route-table "
                        + tagName(t.tags())
                        + " routes="
                        + t.routes().stream()
                            .map(
                                r ->
                                    (r.destinationCidrBlock() != null
                                            ? r.destinationCidrBlock()
                                            : r.destinationIpv6CidrBlock())
                                        + (r.egressOnlyInternetGatewayId() != null
                                            ? "->eigw"
                                            : r.natGatewayId() != null ? "->nat" : ""))
                            .sorted()
                            .toList()
                        + " associations="
                        + t.associations().size()));
    ec2.security.groups.values().forEach(g -> out.add("security-group " + g.groupName()));
    ec2.security
        .rules
        .values()
        .forEach(
            r ->
                out.add(
                    "security-group-rule "
                        + names.get(r.groupId())
                        + (Boolean.TRUE.equals(r.isEgress()) ? " egress " : " ingress ")
                        + r.ipProtocol()
                        + " "
                        + r.fromPort()
                        + "-"
                        + r.toPort()
                        + " "
                        + (r.cidrIpv4() != null
                            ? r.cidrIpv4()
                            : r.cidrIpv6() != null
                                ? r.cidrIpv6()
                                : r.referencedGroupInfo() == null
                                    ? "?"
                                    : names.get(r.referencedGroupInfo().groupId()))));
    ec2.templates
        .templates
        .values()
        .forEach(
            t -> {
              var data = ec2.launchTemplateData(t.launchTemplateName());
              out.add(
                  "launch-template "
                      + t.launchTemplateName()
                      + (data.networkInterfaces().isEmpty()
                          ? ""
                          : " ipv6-addresses=" + data.networkInterfaces().get(0).ipv6AddressCount())
                      + (data.metadataOptions() == null
                          ? ""
                          : " metadata-ipv6=" + data.metadataOptions().httpProtocolIpv6AsString()));
            });
    ec2.volumes
        .volumes
        .values()
        .forEach(
            v ->
                out.add(
                    "volume "
                        + tagName(v.tags())
                        + " "
                        + v.availabilityZone()
                        + " "
                        + v.size()
                        + "GiB "
                        + v.volumeTypeAsString()));
    autoscaling
        .groups
        .values()
        .forEach(
            g ->
                out.add(
                    "autoscaling-group "
                        + g.autoScalingGroupName()
                        + " "
                        + g.minSize()
                        + ".."
                        + g.maxSize()
                        + " target-groups="
                        + g.targetGroupARNs().stream().map(FakeAws::arnName).sorted().toList()
                        + (g.loadBalancerNames().isEmpty()
                            ? ""
                            : " load-balancers=" + g.loadBalancerNames())
                        + " metrics="
                        + g.enabledMetrics().size()));
    classicElb
        .loadBalancers
        .values()
        .forEach(
            s ->
                out.add(
                    "classic-load-balancer "
                        + s.description.name()
                        + " "
                        + s.description.scheme()
                        + " subnets="
                        + s.description.subnets().stream().map(names::get).sorted().toList()
                        + " security-groups="
                        + s.description.securityGroups().stream()
                            .map(names::get)
                            .sorted()
                            .toList()));
    elbv2
        .loadBalancers
        .values()
        .forEach(
            lb ->
                out.add(
                    "load-balancer "
                        + lb.loadBalancerName()
                        + " "
                        + lb.schemeAsString()
                        + " subnets="
                        + lb.availabilityZones().stream()
                            .map(z -> names.get(z.subnetId()))
                            .sorted()
                            .toList()
                        + " security-groups="
                        + lb.securityGroups().stream().map(names::get).sorted().toList()));
    elbv2
        .listeners
        .values()
        .forEach(
            l ->
                out.add(
                    "listener "
                        + arnName(l.loadBalancerArn())
                        + " "
                        + l.protocolAsString()
                        + ":"
                        + l.port()
                        + " -> "
                        + l.defaultActions().stream()
                            .map(a -> arnName(a.targetGroupArn()))
                            .toList()));
    elbv2
        .targetGroups
        .values()
        .forEach(
            g ->
                out.add(
                    "target-group "
                        + g.targetGroupName()
                        + " "
                        + g.protocolAsString()
                        + ":"
                        + g.port()
                        + " "
                        + elbv2.attributesOf(g.targetGroupArn())));
    iam.roles.keySet().forEach(r -> out.add("iam-role " + r));
    iam.policies.keySet().forEach(p -> out.add("iam-role-policy " + p));
    iam.profiles.keySet().forEach(p -> out.add("iam-instance-profile " + p));
    sqs.queues
        .values()
        .forEach(
            q ->
                out.add(
                    "sqs-queue "
                        + q.name()
                        + " "
                        + q.attributes()
                            .getOrDefault(
                                software.amazon.awssdk.services.sqs.model.QueueAttributeName
                                    .MESSAGE_RETENTION_PERIOD,
                                "?")
                        + "s policy="
                        + q.attributes()
                            .containsKey(
                                software.amazon.awssdk.services.sqs.model.QueueAttributeName
                                    .POLICY)));
    events
        .rules
        .values()
        .forEach(r -> out.add("event-rule " + r.name() + " targets=" + r.targets()));
    route53.records.forEach(
        (zone, rs) ->
            rs.values()
                .forEach(
                    r ->
                        out.add(
                            "dns-record "
                                + zone
                                + " "
                                + r.name()
                                + " "
                                + r.typeAsString()
                                + " "
                                + r.resourceRecords().stream()
                                    .map(ResourceRecord::value)
                                    .toList())));
    autoscaling.hooks.forEach(
        (g, hs) -> hs.keySet().forEach(h -> out.add("lifecycle-hook " + g + " " + h)));
    out.sort(null);
    return out;
  }

  /**
   * The name inside a load balancing ARN ({@code .../net/<name>/<id>}, {@code .../<name>/<id>}).
   */
  private static String arnName(String arn) {
    String[] parts = arn.split("/");
    return parts.length >= 2 ? parts[parts.length - 2] : arn;
  }

  private static String tagName(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
    return tags == null
        ? ""
        : tags.stream()
            .filter(t -> t.key().equals("Name"))
            .map(t -> t.value())
            .findFirst()
            .orElse("");
  }

  /** The calls that change something (not Describe/Get/List). */
  public List<String> mutatingCalls() {
    return calls.stream()
        .filter(c -> !c.startsWith("describe") && !c.startsWith("get") && !c.startsWith("list"))
        .toList();
  }

  String id(String prefix) {
    return prefix + "-" + String.format("%08x", nextId.getAndIncrement());
  }

  /** Records the call and throttles it when the test asked for that. */
  void call(String operation) {
    calls.add(operation);
    if (crashAt > 0 && --crashAt == 0) {
      throw new SimulatedCrash(operation);
    }
    if (failAt > 0 && --failAt == 0) {
      throw error(failCode, "Simulated failure of " + operation + ".", failStatus);
    }
    if (throttleAt > 0 && --throttleAt == 0) {
      throttleNext = throttleBurst;
    }
    if (throttleNext > 0) {
      throttleNext--;
      throw error("RequestLimitExceeded", "Request limit exceeded.", 503);
    }
  }

  void created(String id) {
    if (eventualConsistency) {
      notYetVisible.add(id);
    }
  }

  /** Throws NotFound once for an id created a moment ago, as EC2 does until it propagates. */
  void visible(String id, String code) {
    if (notYetVisible.remove(id)) {
      throw error(code, "The ID '" + id + "' does not exist", 400);
    }
  }

  static AwsServiceException error(String code, String message, int status) {
    return AwsServiceException.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .statusCode(status)
        .message(code + ": " + message)
        .build();
  }
}
