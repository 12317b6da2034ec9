package dev.jkops.cloud.local.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jkops.api.JsonTrees;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * IPv6 inside one jkops namespace, over {@link NetnsIp}: what the kernel needs before IPv6 works in
 * a fresh namespace, and what a routed IPv6 VPC asks of it.
 *
 * <ul>
 *   <li>{@link #enable}: IPv6 on ({@code disable_ipv6=0}), router advertisements ignored ({@code
 *       accept_ra=0}: nothing may give a namespace a default route, and an RA is exactly that), and
 *       forwarding on in the router and node namespaces only. All per namespace: {@code
 *       net.ipv6.conf.*} is namespaced, so the host's settings are never touched.
 *   <li>{@link #addAddress}: {@code nodad}. Duplicate address detection would keep a new address
 *       "tentative" (unusable) for a second or more; the addresses come from jkops' own IPAM, so
 *       they cannot clash, and the first probe must not wait for DAD.
 * </ul>
 *
 * Neighbour discovery needs nothing here: it crosses the VPC's bridges as multicast like ARP's
 * broadcast does; the security groups and pod policies let its ICMPv6 types through.
 */
public final class NetnsIpv6 {
  private final NetnsIp ip;

  public NetnsIpv6(NetnsIp ip) {
    this.ip = ip;
  }

  /** IPv6 on, no router advertisements; {@code forwarding} for router and node namespaces. */
  public void enable(boolean forwarding) {
    String fwd = forwarding ? "1" : "0";
    ip.sysctls(
        "enable IPv6",
        List.of(
            "net.ipv6.conf.all.disable_ipv6=0",
            "net.ipv6.conf.default.disable_ipv6=0",
            "net.ipv6.conf.all.accept_ra=0",
            "net.ipv6.conf.default.accept_ra=0",
            "net.ipv6.conf.all.accept_dad=0",
            "net.ipv6.conf.default.accept_dad=0",
            "net.ipv6.conf.all.forwarding=" + fwd,
            "net.ipv6.conf.default.forwarding=" + fwd));
  }

  /** Sets an IPv6 {@code address/prefix} on {@code dev}, usable at once ({@code nodad}). */
  public void addAddress(String dev, String cidr) {
    if (!cidr.contains(":") || !cidr.contains("/")) {
      throw new IllegalArgumentException(cidr + " is not an IPv6 address/prefix");
    }
    ip.batch(
        "add address " + cidr + " to " + dev,
        List.of("addr replace " + cidr + " dev " + InterfaceName.require(dev) + " nodad"));
  }

  /** Global IPv6 addresses (address/prefix) on {@code dev}; link-local ones are left out. */
  public List<String> addresses(String dev) {
    List<String> out = new ArrayList<>();
    for (JsonNode l :
        json(
            "list IPv6 addresses of " + dev,
            "ip",
            "-6",
            "-j",
            "addr",
            "show",
            "dev",
            InterfaceName.require(dev),
            "scope",
            "global")) {
      for (JsonNode a : l.path("addr_info")) {
        if (!a.has("local")) {
          continue; // ip -j lists an empty entry beside the real ones on some versions
        }
        out.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
      }
    }
    return out;
  }

  /**
   * The main table's IPv6 routes through a gateway ({@code dst via gw}), each with its device: what
   * jkops adds (connected and link-local routes have no gateway and are left out).
   */
  public List<KernelRoute> gatewayRoutes() {
    List<KernelRoute> out = new ArrayList<>();
    for (JsonNode r :
        json("list IPv6 routes", "ip", "-6", "-j", "route", "show", "table", "main")) {
      String dst = r.path("dst").asText();
      String gw = r.path("gateway").asText(null);
      if (gw == null || dst.equals("default")) {
        continue;
      }
      if (!dst.contains("/")) {
        dst = dst + "/128";
      }
      out.add(KernelRoute.via(dst, gw).withDev(r.path("dev").asText(null)));
    }
    return out;
  }

  /**
   * Default routes of either family in any table ({@code default}, {@code ::/0}); jkops never adds
   * one, so this is empty in every namespace it makes. Tests and {@code validate} check it.
   */
  public List<String> defaultRoutes() {
    List<String> out = new ArrayList<>();
    for (String family : List.of("-4", "-6")) {
      for (JsonNode r :
          json(
              "list default routes",
              "ip",
              family,
              "-j",
              "route",
              "show",
              "table",
              "all",
              "default")) {
        out.add(family + " " + r);
      }
    }
    return out;
  }

  private JsonNode json(String purpose, String... argv) {
    CommandResult r = ip.exec(purpose + " in " + ip.namespace(), Duration.ofSeconds(10), argv);
    r.orThrow();
    try {
      return r.stdout().isBlank()
          ? JsonNodeFactory.instance.arrayNode()
          : JsonTrees.read(r.stdout());
    } catch (IOException e) {
      throw new KernelException(
          "could not " + purpose + ": ip printed JSON jkops cannot read: " + e.getMessage(), e);
    }
  }
}
