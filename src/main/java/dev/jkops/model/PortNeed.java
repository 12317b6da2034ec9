package dev.jkops.model;

/**
 * Traffic a provider needs between instances: {@code protocol} ({@code tcp}, {@code udp} or an IP
 * protocol number such as {@code 4} for IP-in-IP) on ports {@code fromPort..toPort} from every
 * instance of {@code from} to every instance of {@code to}. The planner adds a firewall rule only
 * when kops' base rules do not already admit it, which is how kops ends up with exactly one extra
 * rule for calico (protocol 4, nodes to masters).
 */
public record PortNeed(Role from, Role to, String protocol, int fromPort, int toPort, String why) {

  public static PortNeed tcp(Role from, Role to, int port, String why) {
    return new PortNeed(from, to, "tcp", port, port, why);
  }

  public static PortNeed udp(Role from, Role to, int fromPort, int toPort, String why) {
    return new PortNeed(from, to, "udp", fromPort, toPort, why);
  }

  /** The same need in every direction among Kubernetes nodes (masters and nodes). */
  public static java.util.List<PortNeed> amongNodes(
      String protocol, int fromPort, int toPort, String why) {
    java.util.List<PortNeed> out = new java.util.ArrayList<>();
    for (Role a : new Role[] {Role.CONTROL_PLANE, Role.NODE}) {
      for (Role b : new Role[] {Role.CONTROL_PLANE, Role.NODE}) {
        out.add(new PortNeed(a, b, protocol, fromPort, toPort, why));
      }
    }
    return out;
  }
}
