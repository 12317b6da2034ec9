package dev.jkops.cloud.aws;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.InstanceGroup;
import dev.jkops.tasks.rolling.CloudGroup;
import dev.jkops.tasks.rolling.CloudInstance;
import dev.jkops.tasks.rolling.GroupRole;
import dev.jkops.tasks.rolling.InstanceReplacer;
import dev.jkops.tasks.rolling.RollingLimits;
import dev.jkops.tasks.rolling.RollingUpdateException;
import dev.jkops.tasks.rolling.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/**
 * Rolling-update on AWS. An instance needs update when the user data of the launch template version
 * it was launched from (the node configuration, see {@link UserData}) hashes differently from the
 * group's default version's. Replacing terminates the instance in its autoscaling group without
 * lowering the desired capacity, so the group launches a new one from the current template; the
 * roll waits until the group is back at capacity with the old instance gone. Cordoning and draining
 * go through the cluster's Kubernetes API ({@link NodeDrainer}).
 */
public final class AwsInstanceReplacer implements InstanceReplacer {
  static final Duration POLL = Duration.ofSeconds(10);

  private final AwsCluster cluster;
  private final ClusterBundle bundle;
  private final RollCalls aws;
  private final NodeDrainer drainer;
  private final Supplier<Validation> validator;
  private final Ticker ticker;
  private final Duration launchTimeout;

  public AwsInstanceReplacer(
      ClusterBundle bundle,
      AwsClients clients,
      AwsRetry retry,
      NodeDrainer drainer,
      Supplier<Validation> validator,
      Ticker ticker,
      Duration launchTimeout) {
    this.cluster = AwsCluster.of(bundle);
    this.bundle = bundle;
    this.aws = new RollCalls(clients, retry);
    this.drainer = drainer;
    this.validator = validator;
    this.ticker = ticker;
    this.launchTimeout = launchTimeout;
  }

  @Override
  public List<CloudGroup> groups() {
    List<CloudGroup> out = new ArrayList<>();
    for (InstanceGroup ig : bundle.instanceGroups()) {
      GroupRole role = GroupRole.of(ig.spec().role());
      String name = cluster.autoscalingGroupName(ig);
      Optional<AutoScalingGroup> asg = aws.group(name);
      List<CloudInstance> instances = new ArrayList<>();
      int target = 0;
      if (asg.isPresent()) {
        AutoScalingGroup g = asg.get();
        target = g.desiredCapacity() == null ? g.minSize() : g.desiredCapacity();
        Map<String, String> hashes = new HashMap<>();
        String templateName =
            g.launchTemplate() == null ? null : g.launchTemplate().launchTemplateName();
        String current =
            templateName == null
                ? ""
                : hashes.computeIfAbsent("$Default", v -> aws.userDataHash(templateName, v));
        for (Instance i : g.instances()) {
          String version =
              i.launchTemplate() == null || i.launchTemplate().version() == null
                  ? "$Default"
                  : i.launchTemplate().version();
          String hash =
              templateName == null
                  ? ""
                  : hashes.computeIfAbsent(version, v -> aws.userDataHash(templateName, v));
          boolean inService = i.lifecycleState() == LifecycleState.IN_SERVICE;
          instances.add(
              new CloudInstance(
                  i.instanceId(),
                  ig.name(),
                  !hash.equals(current),
                  inService && !"Unhealthy".equals(i.healthStatus())));
        }
      }
      out.add(
          new CloudGroup(
              ig.name(),
              role,
              ig.spec().minSizeOrDefault(),
              target,
              ig.spec().maxSizeOrDefault(),
              instances,
              RollingLimits.resolve(
                  bundle.cluster().spec().rollingUpdate(),
                  ig.spec().rollingUpdate(),
                  instances.size(),
                  role)));
    }
    return out;
  }

  @Override
  public void cordon(CloudInstance instance) {
    drainer.cordon(instance.id());
  }

  @Override
  public void drain(CloudInstance instance) {
    drainer.drain(instance.id());
  }

  @Override
  public void replace(CloudInstance instance) {
    InstanceGroup ig = bundle.instanceGroup(instance.group()).orElseThrow();
    String name = cluster.autoscalingGroupName(ig);
    aws.terminate(instance.id());
    long deadline = ticker.nanos() + launchTimeout.toNanos();
    while (true) {
      AutoScalingGroup g =
          aws.group(name)
              .orElseThrow(
                  () ->
                      new RollingUpdateException(
                          "autoscaling group "
                              + name
                              + " disappeared while replacing "
                              + instance.id()));
      int desired = g.desiredCapacity() == null ? g.minSize() : g.desiredCapacity();
      long inService =
          g.instances().stream()
              .filter(i -> i.lifecycleState() == LifecycleState.IN_SERVICE)
              .count();
      boolean oldGone = g.instances().stream().noneMatch(i -> i.instanceId().equals(instance.id()));
      if (oldGone && inService >= desired) {
        return;
      }
      if (ticker.nanos() >= deadline) {
        throw new RollingUpdateException(
            "autoscaling group "
                + name
                + " has "
                + inService
                + " of "
                + desired
                + " instances in service "
                + launchTimeout.toSeconds()
                + "s after "
                + instance.id()
                + " was terminated; check its activity history, then run rolling-update again to continue");
      }
      ticker.sleep(POLL);
    }
  }

  @Override
  public Validation validate() {
    return validator.get();
  }

  /** The calls the roll makes, through the retrying client. */
  static final class RollCalls {
    private final AwsClients clients;
    private final AwsRetry retry;

    RollCalls(AwsClients clients, AwsRetry retry) {
      this.clients = clients;
      this.retry = retry;
    }

    Optional<AutoScalingGroup> group(String name) {
      return retry
          .call(
              "describing autoscaling group " + name,
              () ->
                  clients
                      .autoscaling()
                      .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)))
          .autoScalingGroups()
          .stream()
          .findFirst();
    }

    String userDataHash(String templateName, String version) {
      LaunchTemplateVersion v =
          retry
              .call(
                  "reading version " + version + " of launch template " + templateName,
                  () ->
                      clients
                          .ec2()
                          .describeLaunchTemplateVersions(
                              r -> r.launchTemplateName(templateName).versions(version)))
              .launchTemplateVersions()
              .get(0);
      String data = v.launchTemplateData().userData();
      return UserData.sha256(
          data == null ? "" : new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8));
    }

    void terminate(String instanceId) {
      retry.run(
          "terminating instance " + instanceId,
          () ->
              clients
                  .autoscaling()
                  .terminateInstanceInAutoScalingGroup(
                      r -> r.instanceId(instanceId).shouldDecrementDesiredCapacity(false)));
    }
  }
}
