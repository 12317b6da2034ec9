package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.KernelRoute;
import dev.jkops.cloud.local.kernel.NetnsIp;
import dev.jkops.cloud.local.kernel.NetnsIpv6;
import dev.jkops.cloud.local.resources.InstanceIpv6;
import dev.jkops.cloud.local.resources.SubnetIpv6;
import dev.jkops.cloud.local.resources.VpcIpv6Route;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The IPv6 side of a local IPv6 cluster's VPC, read back from the kernel: a subnet's router address
 * ({@link SubnetIpv6}), an instance's address and routes ({@link InstanceIpv6}), and the VPC's
 * route to each node's /80 ({@link VpcIpv6Route}). Each is found only when whole, and made again
 * idempotently otherwise ({@code addr replace}, {@code route replace}). The subnet and instance
 * parts are not listed as owned: they live and go with their namespace and bridge, and a cluster
 * never switches between families.
 */
public final class Ipv6Handlers {
  private Ipv6Handlers() {}

  /** An address or CIDR as the kernel and jkops both write it (RFC 5952), for comparing. */
  static String canonical(String text) {
    var a = new IPAddressString(text).getAddress();
    return a == null ? text : a.toCompressedString();
  }

  static boolean holds(NetnsIpv6 ip, String dev, String address) {
    String want = canonical(address);
    return ip.addresses(dev).stream().anyMatch(a -> canonical(a).equals(want));
  }

  static boolean routes(List<KernelRoute> live, String destination, String via) {
    String dst = canonical(destination);
    String gw = canonical(via);
    return live.stream()
        .anyMatch(r -> canonical(r.destination()).equals(dst) && canonical(r.via()).equals(gw));
  }

  /** A subnet's router address on its bridge. */
  public static final class Subnets implements ResourceHandler<SubnetIpv6> {
    private final LocalContext ctx;

    public Subnets(LocalContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Optional<SubnetIpv6> find(SubnetIpv6 desired) {
      if (!ctx.vpcExists() || ctx.vpc().link(desired.bridge()).isEmpty()) {
        return Optional.empty();
      }
      return holds(new NetnsIpv6(ctx.vpc()), desired.bridge(), desired.routerAddress())
          ? Optional.of(desired)
          : Optional.empty();
    }

    @Override
    public List<SubnetIpv6> owned() {
      return List.of();
    }

    @Override
    public void create(SubnetIpv6 s) {
      NetnsIpv6 ip = new NetnsIpv6(ctx.vpc());
      ip.enable(true);
      ip.addAddress(s.bridge(), s.routerAddress());
    }

    @Override
    public void delete(SubnetIpv6 live) {}
  }

  /** An instance's IPv6 address and its routes to the VPC's IPv6 ranges. */
  public static final class Instances implements ResourceHandler<InstanceIpv6> {
    private final LocalContext ctx;

    public Instances(LocalContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Optional<InstanceIpv6> find(InstanceIpv6 desired) {
      if (!ctx.kernel().netns().exists(desired.namespace())) {
        return Optional.empty();
      }
      NetnsIp ip = ctx.kernel().ip(desired.namespace());
      if (ip.link(InstanceHandler.ETH0).isEmpty()) {
        return Optional.empty();
      }
      NetnsIpv6 ip6 = new NetnsIpv6(ip);
      if (!holds(ip6, InstanceHandler.ETH0, desired.address())) {
        return Optional.empty();
      }
      List<KernelRoute> live = ip6.gatewayRoutes();
      return desired.ranges().stream().allMatch(r -> routes(live, r, desired.router()))
          ? Optional.of(desired)
          : Optional.empty();
    }

    @Override
    public List<InstanceIpv6> owned() {
      return List.of();
    }

    @Override
    public void create(InstanceIpv6 i) {
      NetnsIp ip = ctx.kernel().ip(i.namespace());
      NetnsIpv6 ip6 = new NetnsIpv6(ip);
      ip6.enable(true);
      // the kernel refuses an address it holds with another prefix length (an instance built when
      // it held its whole /64): that one goes first
      String want = canonical(i.ip());
      for (String held : ip6.addresses(InstanceHandler.ETH0)) {
        String heldIp = held.contains("/") ? held.substring(0, held.indexOf('/')) : held;
        if (canonical(heldIp).equals(want) && !canonical(held).equals(canonical(i.address()))) {
          ip.batch(
              "remove " + held + " from instance " + i.instance(),
              List.of("addr del " + held + " dev " + InstanceHandler.ETH0));
        }
      }
      ip6.addAddress(InstanceHandler.ETH0, i.address());
      for (String range : i.ranges()) {
        ip.replaceRoute(KernelRoute.via(range, i.router()).withDev(InstanceHandler.ETH0));
      }
    }

    @Override
    public void delete(InstanceIpv6 live) {}
  }

  /** The VPC's routes to the nodes' /80s, in the router namespace's main table. */
  public static final class Routes implements ResourceHandler<VpcIpv6Route> {
    /** A node's pod prefix: only these routes of the router's IPv6 table are the nodes'. */
    private static final String NODE_PREFIX = "/80";

    private final LocalContext ctx;

    public Routes(LocalContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Optional<VpcIpv6Route> find(VpcIpv6Route desired) {
      if (!ctx.vpcExists()) {
        return Optional.empty();
      }
      return routes(new NetnsIpv6(ctx.vpc()).gatewayRoutes(), desired.destination(), desired.via())
          ? Optional.of(desired)
          : Optional.empty();
    }

    /**
     * The router's routes to /80s: a node removed leaves its route, which this lists so the engine
     * deletes it. The instance is not recorded in the kernel, so it reads as unknown.
     */
    @Override
    public List<VpcIpv6Route> owned() {
      if (!ctx.vpcExists()) {
        return List.of();
      }
      List<KernelRoute> live;
      try {
        live = new NetnsIpv6(ctx.vpc()).gatewayRoutes();
      } catch (dev.jkops.cloud.local.kernel.KernelException e) {
        return List.of(); // a kernel without IPv6 has no IPv6 routes (and builds no IPv6 cluster)
      }
      List<VpcIpv6Route> out = new ArrayList<>();
      for (KernelRoute r : live) {
        if (r.destination().endsWith(NODE_PREFIX)) {
          out.add(new VpcIpv6Route(ctx.names(), canonical(r.destination()), "", r.via()));
        }
      }
      return out;
    }

    @Override
    public void create(VpcIpv6Route r) {
      ctx.vpc().replaceRoute(KernelRoute.via(r.destination(), r.via()));
    }

    @Override
    public void delete(VpcIpv6Route live) {
      if (ctx.vpcExists()) {
        ctx.vpc().deleteRoute(KernelRoute.via(live.destination(), live.via()));
      }
    }
  }
}
