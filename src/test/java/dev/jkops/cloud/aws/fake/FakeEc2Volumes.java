package dev.jkops.cloud.aws.fake;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.*;

/**
 * EBS volumes. AWS requires IOPS and throughput only of the types that take them (gp3: 3000-16000
 * IOPS, 125-1000 MB/s) and refuses to delete a volume an instance holds (VolumeInUse).
 */
public final class FakeEc2Volumes {
  private final FakeEc2 ec2;
  public final Map<String, Volume> volumes = new LinkedHashMap<>();

  FakeEc2Volumes(FakeEc2 ec2) {
    this.ec2 = ec2;
  }

  DescribeVolumesResponse describeVolumes(DescribeVolumesRequest r) {
    ec2.aws.call("describeVolumes");
    return DescribeVolumesResponse.builder()
        .volumes(
            volumes.values().stream()
                .filter(
                    v ->
                        Filters.match(
                            r.filters(),
                            v.tags(),
                            Map.of("availability-zone", v.availabilityZone())))
                .toList())
        .build();
  }

  CreateVolumeResponse createVolume(CreateVolumeRequest r) {
    ec2.aws.call("createVolume");
    if (r.volumeType() == VolumeType.GP3
        && r.iops() != null
        && (r.iops() < 3000 || r.iops() > 16000)) {
      throw FakeAws.error(
          "InvalidParameterValue", "Volume iops of " + r.iops() + " is too high or too low", 400);
    }
    if (r.throughput() != null && r.volumeType() != VolumeType.GP3) {
      throw FakeAws.error(
          "InvalidParameterCombination", "Throughput is only valid for gp3 volumes", 400);
    }
    String id = ec2.aws.id("vol");
    volumes.put(
        id,
        Volume.builder()
            .volumeId(id)
            .availabilityZone(r.availabilityZone())
            .size(r.size())
            .volumeType(r.volumeType())
            .iops(r.iops())
            .throughput(r.throughput())
            .encrypted(r.encrypted())
            .kmsKeyId(r.kmsKeyId())
            .state(VolumeState.AVAILABLE)
            .tags(FakeEc2.tags(r.tagSpecifications()))
            .build());
    ec2.aws.created(id);
    return CreateVolumeResponse.builder().volumeId(id).build();
  }

  DeleteVolumeResponse deleteVolume(DeleteVolumeRequest r) {
    ec2.aws.call("deleteVolume");
    Volume v = ec2.require(volumes, r.volumeId(), "InvalidVolume.NotFound");
    if (v.state() == VolumeState.IN_USE) {
      throw FakeAws.error("VolumeInUse", "Volume " + r.volumeId() + " is currently attached", 400);
    }
    volumes.remove(r.volumeId());
    return DeleteVolumeResponse.builder().build();
  }

  /** Marks a volume attached to an instance, as etcd-manager does on a running control plane. */
  public void attach(String volumeId) {
    volumes.put(volumeId, volumes.get(volumeId).toBuilder().state(VolumeState.IN_USE).build());
  }
}
