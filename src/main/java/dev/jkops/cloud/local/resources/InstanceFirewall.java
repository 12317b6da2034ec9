package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.local.vpc.SecurityGroupRuleset;
import dev.jkops.cloud.local.vpc.SecurityGroupRuleset.Ingress;
import dev.jkops.tasks.ResourceId;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * An instance's security group, applied as an nftables table ({@code inet jk-sg}) inside its
 * namespace: traffic arriving on eth0 that no rule admits is dropped, as AWS drops it. The rules
 * refer to their groups' member lists, shared by every instance that admits the group; the table's
 * text (with every member, each namespace its own copy) is rendered only when applied.
 *
 * @param ingress the plan's ingress rules for this instance (empty when read back from the kernel)
 * @param egress the CIDRs egress is limited to (empty when read back)
 * @param rules how many security group rules it holds, for the dry run
 * @param digest a hash of the rules and their sources' digests: the live table carries it in its
 *     comment
 */
public record InstanceFirewall(
    ClusterNames names,
    String instance,
    String securityGroup,
    List<Ingress> ingress,
    List<String> egress,
    int rules,
    String digest)
    implements LocalResource {
  public static final String KIND = "SecurityGroupRules";
  public static final String TABLE = "jk-sg";

  public InstanceFirewall {
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, instance);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(LocalInstance.idOf(instance));
  }

  public static InstanceFirewall of(
      ClusterNames names,
      String instance,
      String securityGroup,
      List<Ingress> ingress,
      List<String> egress,
      int rules) {
    return new InstanceFirewall(
        names,
        instance,
        securityGroup,
        ingress,
        egress,
        rules,
        SecurityGroupRuleset.digest(ingress, egress));
  }

  /** As read back from a namespace's table comment: only what the engine compares. */
  public static InstanceFirewall live(
      ClusterNames names, String instance, String securityGroup, int rules, String digest) {
    return new InstanceFirewall(
        names, instance, securityGroup, List.of(), List.of(), rules, digest);
  }

  /**
   * The nft table body (chains and rules), every member written out: made when applied, not kept.
   */
  public String ruleset() {
    return SecurityGroupRuleset.render(ingress, egress);
  }

  /** The table's comment: what a later run reads back to compare. */
  public String comment() {
    return "sg=" + commentName(securityGroup) + " rules=" + rules + " digest=" + digest;
  }

  /**
   * The longest group name the comment carries whole: nftables keeps at most 128 bytes of a
   * comment.
   */
  static final int MAX_COMMENT_NAME = 60;

  /**
   * The group's name as the table's comment carries it: whole when it has at most {@value
   * #MAX_COMMENT_NAME} characters, else its start and a hash of the whole (a group is named after
   * its cluster, which may have 253 characters). Compared in this form, so a name read back from a
   * comment equals the one planned.
   */
  static String commentName(String securityGroup) {
    return dev.jkops.cloud.local.kernel.HashedNames.cut(securityGroup, MAX_COMMENT_NAME, "~", 8);
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of(
        "securityGroup", commentName(securityGroup), "rules", rules, "digest", digest);
  }
}
