package dev.jkops.cloud.aws.fake;

import dev.jkops.cloud.aws.ClassicElb;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An in-process stand-in for Elastic Load Balancing's Classic API, as AWS documents it: a name is
 * at most 32 characters and unique, an unknown name is {@code LoadBalancerNotFound}, subnets and
 * security groups must exist in the fake's EC2, a new load balancer has AWS' defaults (a TCP health
 * check of the instance port every 30 s, no connection draining, a 60 s idle timeout, no cross-zone
 * balancing) until configured, and a deleted load balancer's network interfaces keep its subnets
 * and security groups busy ({@code DependencyViolation}) for a few more calls.
 */
public final class FakeClassicElb implements ClassicElb {
  /** The canonical hosted zone of Classic load balancers in us-east-1, as AWS lists it. */
  public static final String US_EAST_1_ZONE = "Z35SXDOTRQ7X7K";

  /** How many EC2 deletes a deleted load balancer's interfaces still block. */
  static final int INTERFACES_LINGER = 2;

  /** One load balancer as the fake holds it. */
  public static final class State {
    public Description description;
    public Attributes attributes;
    public final SortedMap<String, String> tags = new TreeMap<>();

    State(Description description, Attributes attributes) {
      this.description = description;
      this.attributes = attributes;
    }
  }

  private final FakeAws aws;
  public final Map<String, State> loadBalancers = new LinkedHashMap<>();
  private final Map<String, Integer> lingering = new HashMap<>();

  /**
   * The autoscaling groups still registered in each load balancer when it was deleted (AWS allows
   * it; kops deletes the groups first, and tests check jkops does too).
   */
  public final Map<String, List<String>> registeredWhenDeleted = new HashMap<>();

  private int next = 1;

  FakeClassicElb(FakeAws aws) {
    this.aws = aws;
  }

  /**
   * True while a load balancer, or the interfaces of a deleted one, sit in this subnet or group.
   */
  boolean uses(String ec2Id) {
    Integer left = lingering.get(ec2Id);
    if (left != null) {
      if (left <= 1) {
        lingering.remove(ec2Id);
      } else {
        lingering.put(ec2Id, left - 1);
      }
      return true;
    }
    return loadBalancers.values().stream()
        .anyMatch(
            s ->
                s.description.subnets().contains(ec2Id)
                    || s.description.securityGroups().contains(ec2Id));
  }

  private State require(String name) {
    State s = loadBalancers.get(name);
    if (s == null) {
      throw FakeAws.error(
          "LoadBalancerNotFound", "There is no ACTIVE Load Balancer named '" + name + "'", 400);
    }
    return s;
  }

  @Override
  public String createLoadBalancer(
      String name,
      boolean internal,
      List<Listener> listeners,
      List<String> subnets,
      List<String> securityGroups,
      Map<String, String> tags) {
    aws.call("createClassicLoadBalancer");
    if (name.length() > 32 || !name.matches("[A-Za-z0-9-]+") || name.startsWith("-")) {
      throw FakeAws.error("ValidationError", "LoadBalancerName " + name + " is not valid", 400);
    }
    if (loadBalancers.containsKey(name)) {
      throw FakeAws.error("DuplicateLoadBalancerName", "Load balancer " + name + " exists", 400);
    }
    if (listeners.isEmpty() || subnets.isEmpty()) {
      throw FakeAws.error("ValidationError", "listeners and subnets are required", 400);
    }
    for (Listener l : listeners) {
      boolean secure = l.protocol().equals("SSL") || l.protocol().equals("HTTPS");
      if (secure != l.sslCertificateId().isPresent()) {
        throw FakeAws.error(
            "ValidationError", "an SSL listener needs a certificate, and only it", 400);
      }
    }
    for (String s : subnets) {
      if (!aws.ec2.subnets.containsKey(s)) {
        throw FakeAws.error("InvalidSubnet", "The subnet " + s + " does not exist", 400);
      }
    }
    for (String g : securityGroups) {
      if (!aws.ec2.security.groups.containsKey(g)) {
        throw FakeAws.error(
            "InvalidSecurityGroup", "The security group " + g + " does not exist", 400);
      }
    }
    String dns =
        (internal ? "internal-" : "")
            + name
            + "-"
            + (1000000 + next++)
            + ".us-east-1.elb.amazonaws.com";
    State s =
        new State(
            new Description(
                name,
                dns,
                US_EAST_1_ZONE,
                internal ? "internal" : "internet-facing",
                subnets,
                securityGroups,
                listeners,
                new HealthCheck("TCP:" + listeners.get(0).instancePort(), 30, 5, 10, 2)),
            new Attributes(false, 300, 60, false));
    s.tags.putAll(tags);
    loadBalancers.put(name, s);
    return dns;
  }

  @Override
  public void configureHealthCheck(String name, HealthCheck healthCheck) {
    aws.call("configureClassicHealthCheck");
    State s = require(name);
    Description d = s.description;
    s.description =
        new Description(
            d.name(),
            d.dnsName(),
            d.canonicalHostedZoneId(),
            d.scheme(),
            d.subnets(),
            d.securityGroups(),
            d.listeners(),
            healthCheck);
  }

  @Override
  public void modifyLoadBalancerAttributes(String name, Attributes attributes) {
    aws.call("modifyClassicLoadBalancerAttributes");
    if (attributes.idleTimeout() < 1 || attributes.idleTimeout() > 4000) {
      throw FakeAws.error("ValidationError", "IdleTimeout must be 1 to 4000", 400);
    }
    require(name).attributes = attributes;
  }

  @Override
  public Attributes describeLoadBalancerAttributes(String name) {
    aws.call("describeClassicLoadBalancerAttributes");
    return require(name).attributes;
  }

  @Override
  public List<Description> describeLoadBalancers(List<String> names) {
    aws.call("describeClassicLoadBalancers");
    if (names.isEmpty()) {
      return loadBalancers.values().stream().map(s -> s.description).toList();
    }
    List<Description> out = new ArrayList<>();
    for (String n : names) {
      out.add(require(n).description);
    }
    return out;
  }

  @Override
  public Map<String, SortedMap<String, String>> describeTags(List<String> names) {
    aws.call("describeClassicTags");
    if (names.size() > TAG_BATCH) {
      throw FakeAws.error("ValidationError", "at most 20 load balancer names", 400);
    }
    Map<String, SortedMap<String, String>> out = new HashMap<>();
    for (String n : names) {
      out.put(n, new TreeMap<>(require(n).tags));
    }
    return out;
  }

  @Override
  public void addTags(String name, Map<String, String> tags) {
    aws.call("addClassicTags");
    require(name).tags.putAll(tags);
  }

  @Override
  public void deleteLoadBalancer(String name) {
    aws.call("deleteClassicLoadBalancer");
    // AWS answers success for a name it does not know.
    State s = loadBalancers.remove(name);
    if (s != null) {
      registeredWhenDeleted.put(
          name,
          aws.autoscaling.groups.values().stream()
              .filter(g -> g.loadBalancerNames().contains(name))
              .map(g -> g.autoScalingGroupName())
              .toList());
      s.description.subnets().forEach(id -> lingering.put(id, INTERFACES_LINGER));
      s.description.securityGroups().forEach(id -> lingering.put(id, INTERFACES_LINGER));
    }
  }

  /** The load balancer of that name, if it exists. */
  public Optional<State> get(String name) {
    return Optional.ofNullable(loadBalancers.get(name));
  }
}
