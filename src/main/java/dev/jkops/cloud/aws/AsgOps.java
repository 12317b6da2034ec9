package dev.jkops.cloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Tag;

/** Finds, creates, updates and deletes the instance groups' autoscaling groups. */
final class AsgOps {
  private final AwsContext c;

  AsgOps(AwsContext c) {
    this.c = c;
  }

  Optional<AwsResource> find(AutoscalingGroup d) {
    var all =
        c.retry()
            .call(
                "finding autoscaling group " + d.name(),
                () ->
                    c.clients()
                        .autoscaling()
                        .describeAutoScalingGroups(r -> r.autoScalingGroupNames(d.name())))
            .autoScalingGroups();
    return all.stream().findFirst().map(g -> group(g, d.instanceGroup(), d.tags().keySet()));
  }

  List<AutoscalingGroup> owned() {
    List<AutoscalingGroup> out = new ArrayList<>();
    for (AutoScalingGroup g :
        c.retry()
            .call(
                "listing autoscaling groups",
                () ->
                    c.clients()
                        .autoscaling()
                        .describeAutoScalingGroups(
                            r ->
                                r.filters(
                                    f ->
                                        f.name("tag:" + Tags.CLUSTER_PREFIX + c.cluster())
                                            .values(Tags.OWNED))))
            .autoScalingGroups()) {
      String ig =
          g.tags().stream()
              .filter(t -> "kops.k8s.io/instancegroup".equals(t.key()))
              .map(t -> t.value())
              .findFirst()
              .orElse(g.autoScalingGroupName());
      out.add(group(g, ig, null));
    }
    return out;
  }

  private AutoscalingGroup group(AutoScalingGroup g, String ig, java.util.Set<String> keys) {
    SortedMap<String, String> tags = new TreeMap<>();
    g.tags().stream()
        .filter(t -> keys == null || keys.contains(t.key()))
        .forEach(t -> tags.put(t.key(), t.value()));
    String lt = g.launchTemplate() == null ? "none" : g.launchTemplate().launchTemplateName();
    List<Ref> subnets = new ArrayList<>();
    if (g.vpcZoneIdentifier() != null && !g.vpcZoneIdentifier().isBlank()) {
      for (String s : g.vpcZoneIdentifier().split(",")) {
        subnets.add(c.ids().ref(s.trim()));
      }
    }
    // Target groups found or created earlier in this run come back as names; others by ARN.
    // Classic load balancers (by name) are among them: the group registers in either kind.
    List<Ref> targetGroups =
        java.util.stream.Stream.concat(g.targetGroupARNs().stream(), g.loadBalancerNames().stream())
            .map(arn -> c.ids().ref(arn))
            .toList();
    List<String> metrics =
        g.enabledMetrics().stream()
            .filter(m -> AutoscalingGroup.METRICS_GRANULARITY.equals(m.granularity()))
            .map(m -> m.metric())
            .toList();
    return new AutoscalingGroup(
        g.autoScalingGroupName(),
        ig,
        LaunchTemplate.idOf(lt),
        g.minSize(),
        g.maxSize(),
        subnets,
        g.maxInstanceLifetime() == null ? 0 : g.maxInstanceLifetime(),
        targetGroups,
        metrics,
        tags);
  }

  private List<Tag> tags(AutoscalingGroup d) {
    List<Tag> out = new ArrayList<>();
    d.tags()
        .forEach(
            (k, v) ->
                out.add(
                    Tag.builder()
                        .key(k)
                        .value(v)
                        .propagateAtLaunch(true)
                        .resourceId(d.name())
                        .resourceType("auto-scaling-group")
                        .build()));
    return out;
  }

  private String subnets(AutoscalingGroup d) {
    return String.join(",", d.subnets().stream().map(s -> c.ids().resolve(s)).toList());
  }

  void create(AutoscalingGroup d) {
    c.retry()
        .runAfterCreate(
            "creating autoscaling group " + d.name(),
            () ->
                c.clients()
                    .autoscaling()
                    .createAutoScalingGroup(
                        r ->
                            r.autoScalingGroupName(d.name())
                                .maxInstanceLifetime((int) d.maxInstanceLifetimeSeconds())
                                .minSize(d.minSize())
                                .maxSize(d.maxSize())
                                .launchTemplate(
                                    t ->
                                        t.launchTemplateName(d.launchTemplate().name())
                                            .version("$Default"))
                                .vpcZoneIdentifier(subnets(d))
                                .targetGroupARNs(arns(targetGroups(d)))
                                .loadBalancerNames(classicNames(targetGroups(d)))
                                .tags(tags(d))));
    // A separate call: a run cut short before it leaves a group without metrics, which the next
    // run sees as a change and enables (update below).
    enableMetrics(d, d.metrics());
  }

  private List<String> targetGroups(AutoscalingGroup d) {
    return d.targetGroups().stream().map(t -> c.ids().resolve(t)).toList();
  }

  /**
   * The target group ARNs among what a group registers in; the rest are Classic load balancer
   * names, which are never ARNs.
   */
  private static List<String> arns(List<String> registrations) {
    return registrations.stream().filter(a -> a.startsWith("arn:")).toList();
  }

  private static List<String> classicNames(List<String> registrations) {
    return registrations.stream().filter(a -> !a.startsWith("arn:")).toList();
  }

  private void enableMetrics(AutoscalingGroup d, List<String> metrics) {
    runUnlessEmpty(
        "enabling the metrics of autoscaling group " + d.name(),
        metrics,
        m ->
            c.clients()
                .autoscaling()
                .enableMetricsCollection(
                    r ->
                        r.autoScalingGroupName(d.name())
                            .granularity(AutoscalingGroup.METRICS_GRANULARITY)
                            .metrics(m)));
  }

  /**
   * Brings the group's target groups and metrics to the desired ones: attaches and enables what is
   * missing, detaches and disables what is no longer wanted.
   */
  private void reconcileAttachments(AutoscalingGroup live, AutoscalingGroup d) {
    List<String> want = targetGroups(d);
    List<String> have = live.targetGroups().stream().map(t -> c.ids().resolve(t)).toList();
    List<String> attach = want.stream().filter(a -> !have.contains(a)).toList();
    List<String> detach = have.stream().filter(a -> !want.contains(a)).toList();
    runUnlessEmpty(
        "attaching target groups to autoscaling group " + d.name(),
        arns(attach),
        targetGroupArns ->
            c.clients()
                .autoscaling()
                .attachLoadBalancerTargetGroups(
                    r -> r.autoScalingGroupName(d.name()).targetGroupARNs(targetGroupArns)));
    runUnlessEmpty(
        "attaching Classic load balancers to autoscaling group " + d.name(),
        classicNames(attach),
        balancerNames ->
            c.clients()
                .autoscaling()
                .attachLoadBalancers(
                    r -> r.autoScalingGroupName(d.name()).loadBalancerNames(balancerNames)));
    runUnlessEmpty(
        "detaching target groups from autoscaling group " + d.name(),
        arns(detach),
        targetGroupArns ->
            c.clients()
                .autoscaling()
                .detachLoadBalancerTargetGroups(
                    r -> r.autoScalingGroupName(d.name()).targetGroupARNs(targetGroupArns)));
    runUnlessEmpty(
        "detaching Classic load balancers from autoscaling group " + d.name(),
        classicNames(detach),
        balancerNames ->
            c.clients()
                .autoscaling()
                .detachLoadBalancers(
                    r -> r.autoScalingGroupName(d.name()).loadBalancerNames(balancerNames)));
    runUnlessEmpty(
        "disabling metrics of autoscaling group " + d.name(),
        live.metrics().stream().filter(m -> !d.metrics().contains(m)).toList(),
        m ->
            c.clients()
                .autoscaling()
                .disableMetricsCollection(r -> r.autoScalingGroupName(d.name()).metrics(m)));
    enableMetrics(d, d.metrics().stream().filter(m -> !live.metrics().contains(m)).toList());
  }

  /**
   * One retried call with {@code names}, made only when there are some, so that a group whose
   * attachments and metrics already match makes no call at all.
   */
  private void runUnlessEmpty(String what, List<String> names, Consumer<List<String>> call) {
    if (!names.isEmpty()) {
      c.retry().run(what, () -> call.accept(names));
    }
  }

  void update(AutoscalingGroup live, AutoscalingGroup d) {
    c.retry()
        .run(
            "updating autoscaling group " + d.name(),
            () ->
                c.clients()
                    .autoscaling()
                    .updateAutoScalingGroup(
                        r ->
                            r.autoScalingGroupName(d.name())
                                .maxInstanceLifetime((int) d.maxInstanceLifetimeSeconds())
                                .minSize(d.minSize())
                                .maxSize(d.maxSize())
                                .launchTemplate(
                                    t ->
                                        t.launchTemplateName(d.launchTemplate().name())
                                            .version("$Default"))
                                .vpcZoneIdentifier(subnets(d))));
    c.retry()
        .run(
            "tagging autoscaling group " + d.name(),
            () -> c.clients().autoscaling().createOrUpdateTags(r -> r.tags(tags(d))));
    reconcileAttachments(live, d);
  }

  void delete(AutoscalingGroup d) {
    c.retry()
        .run(
            "deleting autoscaling group " + d.name(),
            () ->
                c.clients()
                    .autoscaling()
                    .deleteAutoScalingGroup(
                        r -> r.autoScalingGroupName(d.name()).forceDelete(true)));
  }
}
