package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The EBS volume of one etcd member (kops' {@code EBSVolume}): named {@code <member>.etcd-<etcd
 * cluster>.<cluster>} in the zone of the member's control-plane group, and tagged {@code
 * k8s.io/etcd/<etcd cluster>=<member>/<all members>} so etcd-manager on a control-plane instance
 * finds and mounts it.
 */
public record EtcdVolume(
    String name,
    String zone,
    int sizeGb,
    String volumeType,
    Optional<Integer> iops,
    Optional<Integer> throughput,
    boolean encrypted,
    Optional<String> kmsKeyId,
    SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "EBSVolume";

  public EtcdVolume {
    tags = Tags.copy(tags);
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of();
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("AvailabilityZone", zone);
    a.put("SizeGB", Integer.toString(sizeGb));
    a.put("VolumeType", volumeType);
    iops.ifPresent(i -> a.put("VolumeIops", Integer.toString(i)));
    throughput.ifPresent(t -> a.put("VolumeThroughput", Integer.toString(t)));
    a.put("Encrypted", Boolean.toString(encrypted));
    kmsKeyId.ifPresent(k -> a.put("KmsKeyId", k));
    AwsResource.putTags(a, tags);
    return a;
  }
}
