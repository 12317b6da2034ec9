package dev.jkops.cloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Volume;

/** Finds, creates, lists and deletes the etcd members' EBS volumes. */
final class EbsVolumeOps {
  private final AwsContext c;

  EbsVolumeOps(AwsContext c) {
    this.c = c;
  }

  Optional<AwsResource> find(EtcdVolume d) {
    var all =
        c.retry()
            .call(
                "finding volume " + d.name(),
                () -> c.ec2().describeVolumes(r -> r.filters(Ec2Tags.named(c.cluster(), d.name()))))
            .volumes();
    return all.stream().findFirst().map(v -> volume(v, d.tags().keySet()));
  }

  List<EtcdVolume> owned() {
    List<EtcdVolume> out = new ArrayList<>();
    for (Volume v :
        c.retry()
            .call(
                "listing volumes",
                () -> c.ec2().describeVolumes(r -> r.filters(Ec2Tags.owned(c.cluster()))))
            .volumes()) {
      if (v.tags().stream().anyMatch(t -> t.key().startsWith("k8s.io/etcd/"))) {
        out.add(volume(v, null));
      }
    }
    return out;
  }

  private EtcdVolume volume(Volume v, java.util.Set<String> keys) {
    EtcdVolume found =
        new EtcdVolume(
            Ec2Tags.get(v.tags(), Tags.NAME),
            v.availabilityZone(),
            v.size(),
            v.volumeTypeAsString(),
            Optional.ofNullable(v.iops()),
            Optional.ofNullable(v.throughput()),
            Boolean.TRUE.equals(v.encrypted()),
            Optional.ofNullable(v.kmsKeyId()),
            Ec2Tags.map(v.tags(), keys));
    c.ids().put(found.id(), v.volumeId());
    return found;
  }

  void create(EtcdVolume d) {
    String id =
        c.retry()
            .call(
                "creating volume " + d.name(),
                () ->
                    c.ec2()
                        .createVolume(
                            r -> {
                              r.availabilityZone(d.zone())
                                  .size(d.sizeGb())
                                  .volumeType(d.volumeType())
                                  .encrypted(d.encrypted())
                                  .tagSpecifications(Ec2Tags.spec(ResourceType.VOLUME, d.tags()));
                              d.iops().ifPresent(r::iops);
                              d.throughput().ifPresent(r::throughput);
                              d.kmsKeyId().ifPresent(r::kmsKeyId);
                            }))
            .volumeId();
    c.ids().put(d.id(), id);
  }

  /**
   * A volume still attached to a control-plane instance answers VolumeInUse; AWS says so, jkops
   * reports it.
   */
  void delete(EtcdVolume live) {
    String id = c.ids().require(live.id());
    c.retry().runDelete("deleting " + live.id(), () -> c.ec2().deleteVolume(r -> r.volumeId(id)));
  }
}
