package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * kops' Classic API load balancer through {@link ClassicElb}: found by its name (the cluster's by
 * their {@code kubernetes.io/cluster/<name>: owned} tag), created with its listener and tags in one
 * call, then its health check and attributes in two more, so a run cut short between them leaves a
 * load balancer whose differences the next run sees and completes. The load balancer's name is its
 * id in the Classic API.
 */
final class ClassicElbOps {
  private final AwsContext c;

  ClassicElbOps(AwsContext c) {
    this.c = c;
  }

  private ClassicElb elb() {
    return c.clients().classicElb();
  }

  /** The load balancer of that name, or empty: ELB answers an unknown name with an error. */
  private Optional<ClassicElb.Description> describe(String loadBalancerName) {
    try {
      return c
          .retry()
          .call(
              "finding Classic load balancer " + loadBalancerName,
              () -> elb().describeLoadBalancers(List.of(loadBalancerName)))
          .stream()
          .findFirst();
    } catch (AwsException e) {
      if (e.getCause() instanceof AwsServiceException ase
          && "LoadBalancerNotFound".equals(AwsRetry.code(ase))) {
        return Optional.empty();
      }
      throw e;
    }
  }

  Optional<AwsResource> find(ClassicLoadBalancer d) {
    return describe(d.loadBalancerName())
        .map(
            lb -> {
              SortedMap<String, String> tags = tagsOf(List.of(lb.name())).get(lb.name());
              refuseOtherClusters(d, tags == null ? new TreeMap<>() : tags);
              return live(lb, d.name(), tags);
            });
  }

  /**
   * A load balancer of that name that another cluster owns is not taken over: its name is kops'
   * hash of the cluster name, so this is a collision or a copied state store, not this cluster's.
   */
  private void refuseOtherClusters(ClassicLoadBalancer d, Map<String, String> tags) {
    String mine = Tags.CLUSTER_PREFIX + c.cluster();
    for (Map.Entry<String, String> t : tags.entrySet()) {
      if (t.getKey().startsWith(Tags.CLUSTER_PREFIX)
          && !t.getKey().equals(mine)
          && Tags.OWNED.equals(t.getValue())) {
        throw new AwsException(
            "Classic load balancer "
                + d.loadBalancerName()
                + " for "
                + d.id()
                + " is tagged "
                + t.getKey()
                + "="
                + Tags.OWNED
                + ", another cluster's; jkops does not take it over");
      }
    }
  }

  /** The Classic load balancers tagged as the cluster's. */
  List<AwsResource> owned() {
    List<ClassicElb.Description> all =
        c.retry()
            .call("listing Classic load balancers", () -> elb().describeLoadBalancers(List.of()));
    Map<String, SortedMap<String, String>> tags =
        tagsOf(all.stream().map(ClassicElb.Description::name).toList());
    List<AwsResource> out = new ArrayList<>();
    for (ClassicElb.Description lb : all) {
      SortedMap<String, String> t = tags.getOrDefault(lb.name(), new TreeMap<>());
      if (Tags.ownedBy(t, c.cluster())) {
        out.add(live(lb, t.getOrDefault(Tags.NAME, lb.name()), t));
      }
    }
    return out;
  }

  private ClassicLoadBalancer live(
      ClassicElb.Description lb, String name, SortedMap<String, String> tags) {
    c.ids().put(ClassicLoadBalancer.idOf(name), lb.name());
    ClassicElb.Attributes attributes =
        c.retry()
            .call(
                "reading the attributes of Classic load balancer " + lb.name(),
                () -> elb().describeLoadBalancerAttributes(lb.name()));
    List<ResourceId> groups =
        lb.securityGroups().stream()
            .map(g -> c.ids().name(g).orElse(SecurityGroup.idOf(g)))
            .toList();
    return new ClassicLoadBalancer(
        name,
        lb.name(),
        "internal".equals(lb.scheme()),
        lb.subnets().stream().map(c.ids()::ref).toList(),
        groups,
        lb.listeners(),
        lb.healthCheck() == null ? new ClassicElb.HealthCheck("", 0, 0, 0, 0) : lb.healthCheck(),
        attributes,
        tags == null ? new TreeMap<>() : tags);
  }

  void create(ClassicLoadBalancer d) {
    c.retry()
        .callAfterCreate(
            "creating Classic load balancer " + d.loadBalancerName(),
            () ->
                elb()
                    .createLoadBalancer(
                        d.loadBalancerName(),
                        d.internal(),
                        d.listeners(),
                        d.subnets().stream().map(c.ids()::resolve).toList(),
                        securityGroups(d),
                        d.tags()));
    c.ids().put(d.id(), d.loadBalancerName());
    configureHealthCheck(d);
    setAttributes(d);
  }

  private List<String> securityGroups(ClassicLoadBalancer d) {
    return d.securityGroups().stream().map(c.ids()::require).toList();
  }

  private void configureHealthCheck(ClassicLoadBalancer d) {
    c.retry()
        .runAfterCreate(
            "configuring the health check of " + d.id(),
            () -> elb().configureHealthCheck(d.loadBalancerName(), d.healthCheck()));
  }

  private void setAttributes(ClassicLoadBalancer d) {
    c.retry()
        .runAfterCreate(
            "setting the attributes of " + d.id(),
            () -> elb().modifyLoadBalancerAttributes(d.loadBalancerName(), d.settings()));
  }

  /**
   * Changes what jkops changes in place: tags, health check, attributes. The scheme, subnets,
   * security groups and listener are kops' fixed choices or follow from the spec at creation; a
   * difference there is reported with what to do, not papered over.
   */
  void update(ClassicLoadBalancer live, ClassicLoadBalancer d) {
    List<String> fixed = new ArrayList<>();
    if (live.internal() != d.internal()) {
      fixed.add("scheme " + live.scheme() + " (want " + d.scheme() + ")");
    }
    if (!sortedDisplay(live.subnets()).equals(sortedDisplay(d.subnets()))) {
      fixed.add(
          "subnets "
              + sortedDisplay(live.subnets())
              + " (want "
              + sortedDisplay(d.subnets())
              + ")");
    }
    if (!sorted(live.securityGroups()).equals(sorted(d.securityGroups()))) {
      fixed.add(
          "security groups "
              + sorted(live.securityGroups())
              + " (want "
              + sorted(d.securityGroups())
              + ")");
    }
    if (!live.listeners().equals(d.listeners())) {
      fixed.add("listeners " + live.listeners() + " (want " + d.listeners() + ")");
    }
    if (!fixed.isEmpty()) {
      throw new AwsException(
          d.id()
              + " ("
              + d.loadBalancerName()
              + ") differs in "
              + String.join(", ", fixed)
              + ", which jkops does not change on a live Classic load balancer; delete load"
              + " balancer "
              + d.loadBalancerName()
              + " and run update cluster --yes again, or put spec.api.loadBalancer back");
    }
    if (!live.tags().equals(d.tags())) {
      c.retry().run("tagging " + d.id(), () -> elb().addTags(d.loadBalancerName(), d.tags()));
    }
    if (!live.healthCheck().equals(d.healthCheck())) {
      configureHealthCheck(d);
    }
    if (!live.settings().equals(d.settings())) {
      setAttributes(d);
    }
  }

  private static List<String> sortedDisplay(List<Ref> refs) {
    return refs.stream().map(Ref::display).sorted().toList();
  }

  private static List<String> sorted(List<ResourceId> ids) {
    return ids.stream().map(ResourceId::name).sorted().toList();
  }

  /**
   * Deletes the load balancer; its network interfaces go away a while later, and until then its
   * security group answers DependencyViolation, which that group's delete waits out.
   */
  void delete(ClassicLoadBalancer live) {
    String name = c.ids().require(live.id());
    c.retry()
        .runDelete("deleting Classic load balancer " + name, () -> elb().deleteLoadBalancer(name));
  }

  private Map<String, SortedMap<String, String>> tagsOf(List<String> names) {
    Map<String, SortedMap<String, String>> out = new java.util.HashMap<>();
    for (int i = 0; i < names.size(); i += ClassicElb.TAG_BATCH) {
      List<String> batch = names.subList(i, Math.min(names.size(), i + ClassicElb.TAG_BATCH));
      out.putAll(
          c.retry().call("reading Classic load balancer tags", () -> elb().describeTags(batch)));
    }
    return out;
  }
}
