package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's admin SSH key imported as an EC2 key pair, as kops imports it: named {@code
 * kubernetes.<cluster>-<md5 fingerprint>} ({@link SshPublicKey#keyPairName}), so a new key is a new
 * key pair and the old one is deleted as no longer wanted. Every launch template names it.
 *
 * @param fingerprint the OpenSSH MD5 fingerprint (live: the one EC2 reports, not compared)
 * @param publicKey the OpenSSH public key line; not compared (EC2 gives back its own rendering)
 */
public record KeyPair(
    String name, String fingerprint, String publicKey, SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "SSHKey";

  /** How kops names the key pair it imports: the cluster, then the key's MD5 fingerprint. */
  static final String NAME_PATTERN = "kubernetes\\..+-([0-9a-f]{2}:){15}[0-9a-f]{2}";

  public KeyPair {
    tags = Tags.copy(tags);
  }

  static KeyPair of(String cluster, SshPublicKey key) {
    String name = key.keyPairName(cluster);
    // kops names the key pair by the key but tags it with the cluster's name.
    return new KeyPair(name, key.fingerprint(), key.text(), Tags.owned(cluster, cluster));
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
    return Set.of();
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    // The fingerprint is in the name; EC2 reports its own (for an imported RSA key, an MD5 of the
    // DER key, not OpenSSH's), so comparing it would see a change where there is none.
    AwsResource.putTags(a, tags);
    return a;
  }
}
