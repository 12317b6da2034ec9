package dev.jkops.cloud.report;

import java.util.List;
import java.util.Optional;

/**
 * The health of a cluster's etcd as {@code validate cluster} reports it.
 *
 * @param members every configured member, in name order
 * @param leader the member the healthy members follow, if any
 */
public record EtcdHealth(List<MemberHealth> members, Optional<String> leader) {

  /**
   * One member.
   *
   * @param running its process runs
   * @param healthy it answers and follows a leader
   * @param problem why not, when not healthy
   */
  public record MemberHealth(
      String name,
      String address,
      boolean running,
      boolean healthy,
      boolean leader,
      String problem) {}

  public EtcdHealth {
    members = List.copyOf(members);
  }

  /** How many members a quorum needs: a majority. */
  public int quorum() {
    return members.size() / 2 + 1;
  }

  public long healthyCount() {
    return members.stream().filter(MemberHealth::healthy).count();
  }

  public boolean hasQuorum() {
    return !members.isEmpty() && healthyCount() >= quorum() && leader.isPresent();
  }

  public List<MemberHealth> unhealthy() {
    return members.stream().filter(m -> !m.healthy()).toList();
  }

  /** e.g. "2 of 3 members healthy (quorum 2), leader control-plane-zone-a-1". */
  public String summary() {
    return healthyCount()
        + " of "
        + members.size()
        + " members healthy (quorum "
        + quorum()
        + "), "
        + leader.map(l -> "leader " + l).orElse("no leader");
  }
}
