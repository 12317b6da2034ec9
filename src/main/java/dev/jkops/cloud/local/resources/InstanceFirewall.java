package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;

/**
 * An instance's security group, applied as an nftables table ({@code inet jk-sg}) inside its
 * namespace: traffic arriving on eth0 that no rule admits is dropped, as AWS drops it.
 *
 * @param ruleset the nft table body (chains and rules) rendered from the plan's firewall rules
 * @param rules   how many security group rules it holds, for the dry run
 * @param digest  a hash of the ruleset: the live table carries it in its comment
 */
public record InstanceFirewall(ClusterNames names, String instance, String securityGroup, String ruleset, int rules,
    String digest) implements LocalResource {
  public static final String KIND = "SecurityGroupRules";
  public static final String TABLE = "jk-sg";

  @Override public ResourceId id() { return new ResourceId(KIND, instance); }

  @Override public Set<ResourceId> dependsOn() { return Set.of(Instance.idOf(instance)); }

  public static InstanceFirewall of(ClusterNames names, String instance, String securityGroup, String ruleset, int rules) {
    return new InstanceFirewall(names, instance, securityGroup, ruleset, rules, ClusterNames.shortHash(ruleset, 12));
  }

  /** The table's comment: what a later run reads back to compare. */
  public String comment() {
    return "sg=" + securityGroup + " rules=" + rules + " digest=" + digest;
  }

  @Override public SortedMap<String, String> attributes() {
    return Attributes.of("securityGroup", securityGroup, "rules", rules, "digest", digest);
  }
}
