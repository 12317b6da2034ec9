package dev.jkops.model;

import java.util.Optional;

/**
 * One security group rule in kops' model. {@code from} is a role's group or a CIDR; {@code to} is a
 * role's group (for egress, {@code from} is the group and {@code cidr} the destination).
 *
 * @param direction ingress or egress
 * @param fromRole the source group for ingress between groups, or the group an egress rule is on
 * @param toRole the group receiving an ingress rule (empty for egress)
 * @param cidr the outside CIDR of an access or egress rule (empty between groups)
 * @param protocol {@code tcp}, {@code udp}, {@code icmp}, {@code all}, or an IP protocol number
 * @param fromPort first port (0 for all/number protocols, as kops names them)
 * @param toPort last port
 */
public record FirewallRule(
    Direction direction,
    Role fromRole,
    Optional<Role> toRole,
    Optional<String> cidr,
    String protocol,
    int fromPort,
    int toPort) {

  public enum Direction {
    INGRESS,
    EGRESS
  }

  public static final String ALL = "all";

  /** Ingress to {@code to} from every instance of {@code from}. */
  public static FirewallRule between(
      Role from, Role to, String protocol, int fromPort, int toPort) {
    return new FirewallRule(
        Direction.INGRESS, from, Optional.of(to), Optional.empty(), protocol, fromPort, toPort);
  }

  /** Ingress to {@code to} from an outside CIDR (ssh and API access). */
  public static FirewallRule fromCidr(String cidr, Role to, String protocol, int port) {
    return new FirewallRule(
        Direction.INGRESS, to, Optional.of(to), Optional.of(cidr), protocol, port, port);
  }

  /** Everything out of {@code group} to {@code cidr}. */
  public static FirewallRule egress(Role group, String cidr) {
    return new FirewallRule(
        Direction.EGRESS, group, Optional.empty(), Optional.of(cidr), ALL, 0, 0);
  }

  /** True when the rule lets any traffic between two groups through, whatever the protocol. */
  public boolean isAllTraffic() {
    return ALL.equals(protocol);
  }

  /**
   * True when this rule alone admits {@code wantProtocol} traffic on every port of {@code
   * wantFrom..wantTo} from group {@code src} at group {@code dst}.
   */
  public boolean covers(Role src, Role dst, String wantProtocol, int wantFrom, int wantTo) {
    if (direction != Direction.INGRESS
        || cidr.isPresent()
        || fromRole != src
        || toRole.orElse(null) != dst) {
      return false;
    }
    if (isAllTraffic()) {
      return true;
    }
    if (!protocol.equals(wantProtocol)) {
      return false;
    }
    boolean ported = "tcp".equals(protocol) || "udp".equals(protocol);
    return !ported || (wantFrom >= fromPort && wantTo <= toPort);
  }

  /**
   * kops' Terraform name, e.g. {@code
   * from-nodes-c-example-com-ingress-4-0to0-masters-c-example-com} or {@code
   * from-0-0-0-0--0-ingress-tcp-22to22-masters-c-example-com}.
   */
  public String name(String clusterName) {
    boolean numbered =
        !ALL.equals(protocol)
            && !"tcp".equals(protocol)
            && !"udp".equals(protocol)
            && !"icmp".equals(protocol);
    String ports = numbered || isAllTraffic() ? "0to0" : fromPort + "to" + toPort;
    String dirWord = direction == Direction.INGRESS ? "ingress" : "egress";
    if (direction == Direction.EGRESS) {
      return "from-"
          + dashed(fromRole.securityGroup(clusterName))
          + "-egress-"
          + protocol
          + "-"
          + ports
          + "-"
          + dashed(cidr.orElseThrow());
    }
    String source =
        cidr.map(FirewallRule::dashed).orElseGet(() -> dashed(fromRole.securityGroup(clusterName)));
    return "from-"
        + source
        + "-"
        + dirWord
        + "-"
        + protocol
        + "-"
        + ports
        + "-"
        + dashed(toRole.orElseThrow().securityGroup(clusterName));
  }

  /**
   * kops' spelling inside names: dots to dashes, {@code /} to {@code --}, colons to underscores.
   */
  static String dashed(String s) {
    return s.replace(".", "-").replace("/", "--").replace(":", "_");
  }
}
