package dev.jkops.cloud.aws.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.*;

/** Launch templates and their numbered versions, with a default version. */
final class FakeEc2Templates {
  private final FakeEc2 ec2;
  final Map<String, LaunchTemplate> templates = new LinkedHashMap<>();
  final Map<String, List<ResponseLaunchTemplateData>> versions = new LinkedHashMap<>();

  FakeEc2Templates(FakeEc2 ec2) {
    this.ec2 = ec2;
  }

  boolean tag(String id, List<Tag> tags) {
    LaunchTemplate t = templates.get(id);
    if (t == null) {
      return false;
    }
    templates.put(id, t.toBuilder().tags(FakeEc2.merge(t.tags(), tags)).build());
    return true;
  }

  private static ResponseLaunchTemplateData data(RequestLaunchTemplateData d) {
    List<LaunchTemplateInstanceNetworkInterfaceSpecification> nics = new ArrayList<>();
    d.networkInterfaces()
        .forEach(
            n ->
                nics.add(
                    LaunchTemplateInstanceNetworkInterfaceSpecification.builder()
                        .associatePublicIpAddress(n.associatePublicIpAddress())
                        .ipv6AddressCount(n.ipv6AddressCount())
                        .groups(n.groups())
                        .deviceIndex(n.deviceIndex())
                        .build()));
    List<LaunchTemplateBlockDeviceMapping> devices = new ArrayList<>();
    d.blockDeviceMappings()
        .forEach(
            b ->
                devices.add(
                    LaunchTemplateBlockDeviceMapping.builder()
                        .deviceName(b.deviceName())
                        .ebs(
                            b.ebs() == null
                                ? null
                                : LaunchTemplateEbsBlockDevice.builder()
                                    .volumeSize(b.ebs().volumeSize())
                                    .volumeType(b.ebs().volumeTypeAsString())
                                    .iops(b.ebs().iops())
                                    .throughput(b.ebs().throughput())
                                    .encrypted(b.ebs().encrypted())
                                    .deleteOnTermination(b.ebs().deleteOnTermination())
                                    .build())
                        .build()));
    return ResponseLaunchTemplateData.builder()
        .keyName(d.keyName())
        .blockDeviceMappings(devices)
        .monitoring(
            d.monitoring() == null
                ? null
                : LaunchTemplatesMonitoring.builder().enabled(d.monitoring().enabled()).build())
        .metadataOptions(
            d.metadataOptions() == null
                ? null
                : LaunchTemplateInstanceMetadataOptions.builder()
                    .httpEndpoint(d.metadataOptions().httpEndpointAsString())
                    .httpProtocolIpv6(d.metadataOptions().httpProtocolIpv6AsString())
                    .httpTokens(d.metadataOptions().httpTokensAsString())
                    .httpPutResponseHopLimit(d.metadataOptions().httpPutResponseHopLimit())
                    .build())
        .imageId(d.imageId())
        .instanceType(d.instanceTypeAsString())
        .userData(d.userData())
        .networkInterfaces(nics)
        .iamInstanceProfile(
            d.iamInstanceProfile() == null
                ? null
                : LaunchTemplateIamInstanceProfileSpecification.builder()
                    .name(d.iamInstanceProfile().name())
                    .build())
        .build();
  }

  DescribeLaunchTemplatesResponse describe(DescribeLaunchTemplatesRequest r) {
    ec2.aws.call("describeLaunchTemplates");
    return DescribeLaunchTemplatesResponse.builder()
        .launchTemplates(
            templates.values().stream()
                .filter(
                    t ->
                        Filters.match(
                            r.filters(),
                            t.tags(),
                            Map.of("launch-template-name", t.launchTemplateName())))
                .toList())
        .build();
  }

  DescribeLaunchTemplateVersionsResponse versions(DescribeLaunchTemplateVersionsRequest r) {
    ec2.aws.call("describeLaunchTemplateVersions");
    LaunchTemplate t =
        r.launchTemplateId() != null
            ? ec2.require(templates, r.launchTemplateId(), "InvalidLaunchTemplateId.NotFound")
            : templates.values().stream()
                .filter(x -> x.launchTemplateName().equals(r.launchTemplateName()))
                .findFirst()
                .orElseThrow(
                    () ->
                        FakeAws.error(
                            "InvalidLaunchTemplateName.NotFoundException",
                            "The specified launch template, with template name "
                                + r.launchTemplateName()
                                + ", does not exist.",
                            400));
    long v =
        versionNumber(
            t, r.hasVersions() && !r.versions().isEmpty() ? r.versions().get(0) : "$Default");
    if (v < 1 || v > versions.get(t.launchTemplateId()).size()) {
      throw FakeAws.error(
          "InvalidLaunchTemplateId.VersionNotFound",
          "Could not find launch template version " + v,
          400);
    }
    return DescribeLaunchTemplateVersionsResponse.builder()
        .launchTemplateVersions(
            LaunchTemplateVersion.builder()
                .launchTemplateId(t.launchTemplateId())
                .versionNumber(v)
                .defaultVersion(v == t.defaultVersionNumber())
                .launchTemplateData(versions.get(t.launchTemplateId()).get((int) v - 1))
                .build())
        .build();
  }

  /** "$Default", "$Latest" or a number, as EC2 takes a version. */
  static long versionNumber(LaunchTemplate t, String version) {
    return switch (version) {
      case "$Default" -> t.defaultVersionNumber();
      case "$Latest" -> t.latestVersionNumber();
      default -> Long.parseLong(version);
    };
  }

  /** The template of this name, if any. */
  java.util.Optional<LaunchTemplate> named(String name) {
    return templates.values().stream().filter(x -> x.launchTemplateName().equals(name)).findFirst();
  }

  CreateLaunchTemplateResponse create(CreateLaunchTemplateRequest r) {
    ec2.aws.call("createLaunchTemplate");
    for (LaunchTemplateInstanceNetworkInterfaceSpecificationRequest n :
        r.launchTemplateData().networkInterfaces()) {
      n.groups().forEach(g -> ec2.require(ec2.security.groups, g, "InvalidGroup.NotFound"));
    }
    String id = ec2.aws.id("lt");
    templates.put(
        id,
        LaunchTemplate.builder()
            .launchTemplateId(id)
            .launchTemplateName(r.launchTemplateName())
            .defaultVersionNumber(1L)
            .latestVersionNumber(1L)
            .tags(FakeEc2.tags(r.tagSpecifications()))
            .build());
    versions.put(id, new ArrayList<>(List.of(data(r.launchTemplateData()))));
    ec2.aws.created(id);
    return CreateLaunchTemplateResponse.builder().launchTemplate(templates.get(id)).build();
  }

  CreateLaunchTemplateVersionResponse createVersion(CreateLaunchTemplateVersionRequest r) {
    ec2.aws.call("createLaunchTemplateVersion");
    LaunchTemplate t =
        ec2.require(templates, r.launchTemplateId(), "InvalidLaunchTemplateId.NotFound");
    versions.get(t.launchTemplateId()).add(data(r.launchTemplateData()));
    long v = versions.get(t.launchTemplateId()).size();
    templates.put(t.launchTemplateId(), t.toBuilder().latestVersionNumber(v).build());
    return CreateLaunchTemplateVersionResponse.builder()
        .launchTemplateVersion(
            LaunchTemplateVersion.builder()
                .launchTemplateId(t.launchTemplateId())
                .versionNumber(v)
                .build())
        .build();
  }

  ModifyLaunchTemplateResponse modify(ModifyLaunchTemplateRequest r) {
    ec2.aws.call("modifyLaunchTemplate");
    LaunchTemplate t =
        ec2.require(templates, r.launchTemplateId(), "InvalidLaunchTemplateId.NotFound");
    templates.put(
        t.launchTemplateId(),
        t.toBuilder().defaultVersionNumber(Long.parseLong(r.defaultVersion())).build());
    return ModifyLaunchTemplateResponse.builder().build();
  }

  DeleteLaunchTemplateResponse delete(DeleteLaunchTemplateRequest r) {
    ec2.aws.call("deleteLaunchTemplate");
    ec2.require(templates, r.launchTemplateId(), "InvalidLaunchTemplateId.NotFound");
    templates.remove(r.launchTemplateId());
    versions.remove(r.launchTemplateId());
    return DeleteLaunchTemplateResponse.builder().build();
  }
}
