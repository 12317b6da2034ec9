package dev.jkops.cloud.local.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * One kernel route: destination CIDR, optional gateway and device, routing table (0 for main).
 * {@code onlink} tells the kernel the gateway is on the device's link even without a matching
 * address (how overlays route to a remote node's pod range through a VXLAN device);
 * {@code protocol} (null for the default) marks who added it, so jkops can find its own routes.
 */
public record Route(String destination, String via, String dev, int table, boolean onlink, String protocol) {

  /** The route protocol jkops' node data planes mark their routes with (as bird or zebra mark theirs). */
  public static final String JKOPS_PROTOCOL = "77";

  public Route(String destination, String via, String dev, int table, boolean onlink) {
    this(destination, via, dev, table, onlink, null);
  }

  public Route {
    if (destination == null || destination.equals("default") || destination.equals("0.0.0.0/0")) {
      throw new KernelException("refusing route to \"" + destination + "\": jkops never adds default routes,"
          + " so nothing in a cluster's namespaces has a path out of them");
    }
  }

  public static Route via(String destination, String gateway) {
    return new Route(destination, gateway, null, 0, false);
  }

  public static Route dev(String destination, String device) {
    return new Route(destination, null, device, 0, false);
  }

  public Route inTable(int t) {
    return new Route(destination, via, dev, t, onlink, protocol);
  }

  public Route withDev(String device) {
    return new Route(destination, via, device, table, onlink, protocol);
  }

  public Route onLink() {
    return new Route(destination, via, dev, table, true, protocol);
  }

  /** Marked as added by jkops' node data plane. */
  public Route byJkops() {
    return new Route(destination, via, dev, table, onlink, JKOPS_PROTOCOL);
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
