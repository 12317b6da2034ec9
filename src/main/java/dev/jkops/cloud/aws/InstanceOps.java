package dev.jkops.cloud.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Finds, creates, updates and deletes IAM roles and profiles, launch templates and autoscaling
 * groups.
 */
final class InstanceOps {
  static final String SRC_DST_TAG = "jkops.dev/source-dest-check";
  private final AwsContext c;

  InstanceOps(AwsContext c) {
    this.c = c;
  }

  private static boolean noSuchEntity(AwsException e) {
    return e.getCause() instanceof AwsServiceException ase
        && "NoSuchEntity".equals(AwsRetry.code(ase));
  }

  Optional<AwsResource> findRole(IamRole d) {
    try {
      var role =
          c.retry()
              .call(
                  "finding IAM role " + d.name(),
                  () -> c.clients().iam().getRole(r -> r.roleName(d.name())))
              .role();
      c.ids().put(d.id(), role.arn());
      SortedMap<String, String> tags = new TreeMap<>();
      role.tags().forEach(t -> tags.put(t.key(), t.value()));
      String doc = URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8);
      return Optional.of(new IamRole(d.name(), doc, tags));
    } catch (AwsException e) {
      if (noSuchEntity(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  void createRole(IamRole d) {
    var role =
        c.retry()
            .call(
                "creating IAM role " + d.name(),
                () ->
                    c.clients()
                        .iam()
                        .createRole(
                            r ->
                                r.roleName(d.name())
                                    .assumeRolePolicyDocument(d.assumeRolePolicy())
                                    .tags(iamTags(d.tags()))))
            .role();
    c.ids().put(d.id(), role.arn());
  }

  void updateRole(IamRole d) {
    c.retry()
        .run(
            "updating IAM role " + d.name(),
            () ->
                c.clients()
                    .iam()
                    .updateAssumeRolePolicy(
                        r -> r.roleName(d.name()).policyDocument(d.assumeRolePolicy())));
    c.retry()
        .run(
            "tagging IAM role " + d.name(),
            () -> c.clients().iam().tagRole(r -> r.roleName(d.name()).tags(iamTags(d.tags()))));
  }

  void deleteRole(IamRole d) {
    c.retry()
        .run(
            "deleting IAM role " + d.name(),
            () -> c.clients().iam().deleteRole(r -> r.roleName(d.name())));
  }

  private static List<software.amazon.awssdk.services.iam.model.Tag> iamTags(
      SortedMap<String, String> tags) {
    List<software.amazon.awssdk.services.iam.model.Tag> out = new ArrayList<>();
    tags.forEach(
        (k, v) ->
            out.add(
                software.amazon.awssdk.services.iam.model.Tag.builder().key(k).value(v).build()));
    return out;
  }

  Optional<AwsResource> findPolicy(IamRolePolicy d) {
    try {
      var p =
          c.retry()
              .call(
                  "finding IAM policy " + d.name(),
                  () ->
                      c.clients()
                          .iam()
                          .getRolePolicy(r -> r.roleName(d.role().name()).policyName(d.name())));
      return Optional.of(
          new IamRolePolicy(
              d.name(), d.role(), URLDecoder.decode(p.policyDocument(), StandardCharsets.UTF_8)));
    } catch (AwsException e) {
      if (noSuchEntity(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  void putPolicy(IamRolePolicy d) {
    c.retry()
        .runAfterCreate(
            "putting IAM policy " + d.name(),
            () ->
                c.clients()
                    .iam()
                    .putRolePolicy(
                        r ->
                            r.roleName(d.role().name())
                                .policyName(d.name())
                                .policyDocument(d.policyDocument())));
  }

  void deletePolicy(IamRolePolicy d) {
    c.retry()
        .run(
            "deleting IAM policy " + d.name(),
            () ->
                c.clients()
                    .iam()
                    .deleteRolePolicy(r -> r.roleName(d.role().name()).policyName(d.name())));
  }

  Optional<AwsResource> findProfile(IamInstanceProfile d) {
    try {
      var p =
          c.retry()
              .call(
                  "finding instance profile " + d.name(),
                  () -> c.clients().iam().getInstanceProfile(r -> r.instanceProfileName(d.name())))
              .instanceProfile();
      c.ids().put(d.id(), p.instanceProfileName());
      SortedMap<String, String> tags = new TreeMap<>();
      p.tags().forEach(t -> tags.put(t.key(), t.value()));
      String role = p.roles().isEmpty() ? "none" : p.roles().get(0).roleName();
      return Optional.of(new IamInstanceProfile(d.name(), IamRole.idOf(role), tags));
    } catch (AwsException e) {
      if (noSuchEntity(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  void createProfile(IamInstanceProfile d) {
    c.retry()
        .run(
            "creating instance profile " + d.name(),
            () ->
                c.clients()
                    .iam()
                    .createInstanceProfile(
                        r -> r.instanceProfileName(d.name()).tags(iamTags(d.tags()))));
    c.ids().put(d.id(), d.name());
    c.retry()
        .runAfterCreate(
            "adding role to instance profile " + d.name(),
            () ->
                c.clients()
                    .iam()
                    .addRoleToInstanceProfile(
                        r -> r.instanceProfileName(d.name()).roleName(d.role().name())));
  }

  void deleteProfile(IamInstanceProfile d) {
    c.retry()
        .run(
            "removing role from instance profile " + d.name(),
            () ->
                c.clients()
                    .iam()
                    .removeRoleFromInstanceProfile(
                        r -> r.instanceProfileName(d.name()).roleName(d.role().name())));
    c.retry()
        .run(
            "deleting instance profile " + d.name(),
            () -> c.clients().iam().deleteInstanceProfile(r -> r.instanceProfileName(d.name())));
  }

  Optional<AwsResource> findLaunchTemplate(LaunchTemplate d) {
    var all =
        c.retry()
            .call(
                "finding launch template " + d.name(),
                () ->
                    c.ec2()
                        .describeLaunchTemplates(
                            r -> r.filters(Ec2Tags.named(c.cluster(), d.name()))))
            .launchTemplates();
    if (all.isEmpty()) {
      return Optional.empty();
    }
    String id = all.get(0).launchTemplateId();
    c.ids().put(d.id(), id);
    LaunchTemplateVersion v =
        c.retry()
            .call(
                "reading launch template " + d.name(),
                () ->
                    c.ec2()
                        .describeLaunchTemplateVersions(
                            r -> r.launchTemplateId(id).versions("$Default")))
            .launchTemplateVersions()
            .get(0);
    return Optional.of(
        launchTemplate(
            d.name(), d.instanceGroup(), v, Ec2Tags.map(all.get(0).tags(), d.tags().keySet())));
  }

  private LaunchTemplate launchTemplate(
      String name, String ig, LaunchTemplateVersion v, SortedMap<String, String> tags) {
    var data = v.launchTemplateData();
    var nic = data.networkInterfaces().isEmpty() ? null : data.networkInterfaces().get(0);
    List<dev.jkops.tasks.ResourceId> groups = new ArrayList<>();
    if (nic != null) {
      nic.groups().forEach(g -> groups.add(c.ids().name(g).orElse(SecurityGroup.idOf(g))));
    }
    String userData =
        data.userData() == null
            ? ""
            : new String(Base64.getDecoder().decode(data.userData()), StandardCharsets.UTF_8);
    String profile = data.iamInstanceProfile() == null ? "none" : data.iamInstanceProfile().name();
    boolean srcDst = !"false".equals(tags.get(SRC_DST_TAG));
    return new LaunchTemplate(
        name,
        ig,
        data.instanceTypeAsString(),
        data.imageId(),
        groups,
        IamInstanceProfile.idOf(profile),
        nic != null && Boolean.TRUE.equals(nic.associatePublicIpAddress()),
        srcDst,
        userData,
        UserData.sha256(userData),
        data.keyName() == null ? "" : data.keyName(),
        settings(data),
        tags);
  }

  /** The root volume, monitoring, metadata options and IPv6 as the live template has them. */
  private static InstanceSettings settings(
      software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData data) {
    var nic = data.networkInterfaces().isEmpty() ? null : data.networkInterfaces().get(0);
    var root =
        data.blockDeviceMappings().stream()
            .filter(b -> InstanceSettings.ROOT_DEVICE.equals(b.deviceName()) && b.ebs() != null)
            .map(b -> b.ebs())
            .findFirst();
    var volume =
        root.map(
                e ->
                    new InstanceSettings.RootVolume(
                        e.volumeSize() == null ? 0 : e.volumeSize(),
                        e.volumeTypeAsString(),
                        Optional.ofNullable(e.iops()),
                        Optional.ofNullable(e.throughput()),
                        Boolean.TRUE.equals(e.encrypted())))
            .orElse(
                new InstanceSettings.RootVolume(
                    0, "none", Optional.empty(), Optional.empty(), false));
    var metadata = data.metadataOptions();
    return new InstanceSettings(
        volume,
        data.monitoring() != null && Boolean.TRUE.equals(data.monitoring().enabled()),
        metadata == null || metadata.httpPutResponseHopLimit() == null
            ? 1
            : metadata.httpPutResponseHopLimit(),
        metadata == null || metadata.httpTokensAsString() == null
            ? "optional"
            : metadata.httpTokensAsString(),
        0,
        // both halves, or the template is not an IPv6 one and gets a new version
        nic != null
            && nic.ipv6AddressCount() != null
            && nic.ipv6AddressCount() > 0
            && metadata != null
            && metadata.httpProtocolIpv6()
                == software.amazon.awssdk.services.ec2.model
                    .LaunchTemplateInstanceMetadataProtocolIpv6.ENABLED);
  }

  private RequestLaunchTemplateData data(LaunchTemplate d) {
    List<String> groups = d.securityGroups().stream().map(g -> c.ids().require(g)).toList();
    InstanceSettings s = d.settings();
    var root = s.rootVolume();
    return RequestLaunchTemplateData.builder()
        .keyName(d.keyName().isEmpty() ? null : d.keyName())
        .blockDeviceMappings(
            b ->
                b.deviceName(InstanceSettings.ROOT_DEVICE)
                    .ebs(
                        e ->
                            e.volumeSize(root.sizeGb())
                                .volumeType(root.type())
                                .iops(root.iops().orElse(null))
                                .throughput(root.throughput().orElse(null))
                                .encrypted(root.encrypted())
                                .deleteOnTermination(true)))
        .monitoring(m -> m.enabled(s.detailedMonitoring()))
        .metadataOptions(
            m ->
                m.httpEndpoint("enabled")
                    .httpProtocolIpv6(s.ipv6() ? "enabled" : "disabled")
                    .httpPutResponseHopLimit(s.hopLimit())
                    .httpTokens(s.httpTokens()))
        .imageId(d.image())
        .instanceType(d.machineType())
        .iamInstanceProfile(p -> p.name(d.instanceProfile().name()))
        .networkInterfaces(
            n ->
                n.deviceIndex(0)
                    .associatePublicIpAddress(d.associatePublicIp())
                    .ipv6AddressCount(s.ipv6() ? 1 : 0)
                    .groups(groups)
                    .deleteOnTermination(true))
        .userData(Base64.getEncoder().encodeToString(d.userData().getBytes(StandardCharsets.UTF_8)))
        .tagSpecifications(
            LaunchTemplateTagSpecificationRequest.builder()
                .resourceType(ResourceType.INSTANCE)
                .tags(Ec2Tags.tags(d.tags()))
                .build())
        .build();
  }

  void createLaunchTemplate(LaunchTemplate d) {
    String id =
        c.retry()
            .callAfterCreate(
                "creating launch template " + d.name(),
                () ->
                    c.ec2()
                        .createLaunchTemplate(
                            r ->
                                r.launchTemplateName(d.name())
                                    .launchTemplateData(data(d))
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.LAUNCH_TEMPLATE, d.tags()))))
            .launchTemplate()
            .launchTemplateId();
    c.ids().put(d.id(), id);
  }

  /** A changed template gets a new version, made the default, so new instances boot with it. */
  void updateLaunchTemplate(LaunchTemplate d) {
    String id = c.ids().require(d.id());
    long version =
        c.retry()
            .call(
                "adding a version to launch template " + d.name(),
                () ->
                    c.ec2()
                        .createLaunchTemplateVersion(
                            r -> r.launchTemplateId(id).launchTemplateData(data(d))))
            .launchTemplateVersion()
            .versionNumber();
    c.retry()
        .run(
            "making version " + version + " of " + d.name() + " the default",
            () ->
                c.ec2()
                    .modifyLaunchTemplate(
                        r -> r.launchTemplateId(id).defaultVersion(Long.toString(version))));
    c.retry()
        .run(
            "tagging launch template " + d.name(),
            () -> c.ec2().createTags(r -> r.resources(id).tags(Ec2Tags.tags(d.tags()))));
  }

  void deleteLaunchTemplate(LaunchTemplate d) {
    c.retry()
        .run(
            "deleting launch template " + d.name(),
            () -> c.ec2().deleteLaunchTemplate(r -> r.launchTemplateId(c.ids().require(d.id()))));
  }
}
