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
 * @param keyName the EC2 key pair instances get ("" for none): the cluster's imported admin key
 *     ({@link KeyPair}) or {@code spec.sshKeyName}
 * @param settings the root volume, detailed monitoring and metadata options (its {@code
 *     maxInstanceLifetimeSeconds} belongs to the autoscaling group and is not compared here)
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
    String keyName,
    InstanceSettings settings,
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

  @Override
  public ResourceId id() {
    return idOf(name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    Set<ResourceId> d = new HashSet<>(securityGroups);
    d.add(instanceProfile);
    if (keyName.matches(KeyPair.NAME_PATTERN)) {
      d.add(KeyPair.idOf(keyName));
    }
    return Set.copyOf(d);
  }

  @Override
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
    if (!keyName.isEmpty()) {
      a.put("SSHKey", keyName);
    }
    var root = settings.rootVolume();
    a.put(
        "RootVolume",
        root.sizeGb()
            + " GB "
            + root.type()
            + root.iops().map(i -> " " + i + " IOPS").orElse("")
            + root.throughput().map(t -> " " + t + " MB/s").orElse("")
            + (root.encrypted() ? " encrypted" : ""));
    a.put("DetailedMonitoring", Boolean.toString(settings.detailedMonitoring()));
    a.put("HTTPPutResponseHopLimit", Integer.toString(settings.hopLimit()));
    a.put("HTTPTokens", settings.httpTokens());
    if (settings.ipv6()) {
      // shown only when on, so IPv4 clusters' previews read as before
      a.put("IPv6", "1 address, metadata over IPv6");
    }
    AwsResource.putTags(a, tags);
    return a;
  }
}
