package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every instance of an instance group starts from. The user data carries the node's network
 * configuration; its hash is compared (and tagged), so a changed configuration makes a new template
 * version and rolling-update sees the instances as needing update.
 *
 * @param sourceDestCheck false when the networking needs instances to forward pod traffic that is
 *     not addressed to them (kubenet, classic, calico): the node disables the check at boot
 */
public record LaunchTemplate(
    String name,
    String instanceGroup,
    String machineType,
    String image,
    List<ResourceId> securityGroups,
    ResourceId instanceProfile,
    boolean associatePublicIp,
    boolean sourceDestCheck,
    String userData,
    String userDataHash,
    SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "LaunchTemplate";
  public static final String HASH_TAG = "jkops.dev/node-config-hash";

  public LaunchTemplate {
    securityGroups = List.copyOf(securityGroups);
    tags = Tags.copy(tags);
  }

  public static ResourceId idOf(String name) {
    return new ResourceId(KIND, name);
  }

  public ResourceId id() {
    return idOf(name);
  }

  public Set<ResourceId> dependsOn() {
    Set<ResourceId> d = new HashSet<>(securityGroups);
    d.add(instanceProfile);
    return Set.copyOf(d);
  }

  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("InstanceType", machineType);
    a.put("ImageID", image);
    a.put(
        "SecurityGroups",
        securityGroups.stream().map(g -> "name:" + g.name()).sorted().toList().toString());
    a.put("IAMInstanceProfile", "name:" + instanceProfile.name());
    a.put("AssociatePublicIP", Boolean.toString(associatePublicIp));
    a.put("SourceDestCheck", Boolean.toString(sourceDestCheck));
    a.put("UserDataHash", userDataHash);
    AwsResource.putTags(a, tags);
    return a;
  }
}
