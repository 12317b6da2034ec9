package dev.jkops.cloud.local.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * One kernel route: destination CIDR, optional gateway and device, routing table (0 for main).
 * {@code onlink} tells the kernel the gateway is on the device's link even without a matching
 * address (how overlays route to a remote node's pod range through a VXLAN device); {@code
 * protocol} (null for the default) marks who added it, so jkops can find its own routes. This is
 * the kernel's view, what {@code ip route} lists and takes; the routes a cloud is asked for are
 * resources: {@code cloud.aws.Route} in an AWS route table, {@code resources.VpcRoute} here.
 */
public record KernelRoute(
    String destination, String via, String dev, int table, boolean onlink, String protocol) {

  /**
   * The route protocol jkops' node data planes mark their routes with (as bird or zebra mark
   * theirs).
   */
  public static final String JKOPS_PROTOCOL = "77";

  public KernelRoute(String destination, String via, String dev, int table, boolean onlink) {
    this(destination, via, dev, table, onlink, null);
  }

  public KernelRoute {
    // Any /0 is a default route in its family: 0.0.0.0/0 and IPv6's ::/0 alike.
    if (destination == null || destination.equals("default") || destination.endsWith("/0")) {
      throw new KernelException(
          "refusing route to \""
              + destination
              + "\": jkops never adds default routes,"
              + " so nothing in a cluster's namespaces has a path out of them");
    }
  }

  public static KernelRoute via(String destination, String gateway) {
    return new KernelRoute(destination, gateway, null, 0, false);
  }

  public static KernelRoute dev(String destination, String device) {
    return new KernelRoute(destination, null, device, 0, false);
  }

  public KernelRoute inTable(int t) {
    return new KernelRoute(destination, via, dev, t, onlink, protocol);
  }

  public KernelRoute withDev(String device) {
    return new KernelRoute(destination, via, device, table, onlink, protocol);
  }

  public KernelRoute onLink() {
    return new KernelRoute(destination, via, dev, table, true, protocol);
  }

  /** Marked as added by jkops' node data plane. */
  public KernelRoute byJkops() {
    return new KernelRoute(destination, via, dev, table, onlink, JKOPS_PROTOCOL);
  }

  /** The arguments after {@code ip route replace}. */
  public List<String> args() {
    List<String> a = new ArrayList<>(List.of(destination));
    if (via != null) {
      a.addAll(List.of("via", via));
    }
    if (dev != null) {
      a.addAll(List.of("dev", InterfaceName.require(dev)));
    }
    if (onlink) {
      a.add("onlink");
    }
    if (protocol != null) {
      a.addAll(List.of("proto", protocol));
    }
    if (table != 0) {
      a.addAll(List.of("table", Integer.toString(table)));
    }
    return a;
  }
}
