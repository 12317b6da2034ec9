package dev.jkops.cloud.local.handlers;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.kernel.NetnsIp;
import dev.jkops.cloud.local.kernel.NetnsIpv6;
import dev.jkops.cloud.local.kernel.StableMac;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.tasks.Change;
import dev.jkops.tasks.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A subnet's bridge in the VPC namespace, labelled {@code jk subnet=<name>}. */
public final class SubnetHandler implements ResourceHandler<Subnet> {
  private final LocalContext ctx;

  public SubnetHandler(LocalContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Optional<Subnet> find(Subnet desired) {
    for (Map.Entry<Link, Map<String, String>> e : ctx.labelledVpcLinks("subnet").entrySet()) {
      if (desired.name().equals(e.getValue().get("subnet"))) {
        // a dual-stack bridge that lost its IPv4 address is unfinished, not an IPv6-only subnet
        return read(e.getKey(), desired.name(), desired.isIpv6Only());
      }
    }
    return Optional.empty();
  }

  @Override
  public List<Subnet> owned() {
    List<Subnet> out = new ArrayList<>();
    for (Map.Entry<Link, Map<String, String>> e : ctx.labelledVpcLinks("subnet").entrySet()) {
      read(e.getKey(), e.getValue().get("subnet"), true).ifPresent(out::add);
    }
    return out;
  }

  /**
   * The subnet of a bridge, its block read from the router's address on it: the IPv4 one, or, when
   * there is none and {@code ipv6Only} may be, the IPv6 one (asked for only then, so reading an
   * IPv4 cluster costs what it did).
   */
  private Optional<Subnet> read(Link bridge, String name, boolean ipv6Only) {
    List<String> addrs = ctx.vpc().addresses(bridge.name());
    String block =
        !addrs.isEmpty()
            ? networkOf(addrs.get(0)).toString()
            : !ipv6Only
                ? null
                : new NetnsIpv6(ctx.vpc())
                    .addresses(bridge.name()).stream()
                        .findFirst()
                        .map(SubnetHandler::ipv6NetworkOf)
                        .orElse(null);
    // A bridge left down by a killed run has its address but no connected route, so routes via
    // the subnet's instances fail ("Nexthop has invalid gateway"): it reads back as missing.
    if (block == null || !bridge.up()) {
      return Optional.empty();
    }
    return Optional.of(new Subnet(ctx.names(), name, block, bridge.mtu()));
  }

  @Override
  public void create(Subnet s) {
    createAsGroupOfOne(s);
  }

  @Override
  public boolean createsTogether() {
    return true;
  }

  /**
   * Subnets handed over at once: their bridges in one {@code ip -batch} in the VPC, so they are all
   * done at one moment and their instances are handed over together too.
   */
  @Override
  public void createTogether(List<Subnet> subnets, Target.Outcomes outcomes) {
    List<Integer> going = new ArrayList<>();
    for (int k = 0; k < subnets.size(); k++) {
      if (subnets.get(k).isIpv6Only()) {
        // before the bridge exists, so it is made with IPv6 on and no duplicate address detection
        try {
          new NetnsIpv6(ctx.vpc()).enable(true);
        } catch (RuntimeException e) {
          outcomes.done(k, Optional.of(e));
          continue;
        }
      }
      going.add(k);
    }
    // A killed run may have left a bridge without its label, address or state: finish it.
    // One ip -batch for all of it (one process instead of four), made or found by trying.
    List<Optional<KernelException>> made =
        ctx.vpc()
            .finishBridges(
                going.stream()
                    .map(
                        k -> {
                          Subnet s = subnets.get(k);
                          return new NetnsIp.Bridge(
                              s.bridge(),
                              s.mtu(),
                              StableMac.SUBNET_BRIDGE.of(s.routerAddress()),
                              0,
                              s.mtu(),
                              LocalContext.alias(Map.of("subnet", s.name())),
                              s.routerAddress());
                        })
                    .toList());
    Map<Integer, Optional<RuntimeException>> told = new HashMap<>();
    for (int n = 0; n < going.size(); n++) {
      told.put(going.get(n), made.get(n).map(RuntimeException.class::cast));
    }
    outcomes.done(told);
  }

  @Override
  public void update(Subnet live, Subnet desired, List<Change> changes) {
    if (changes.stream().allMatch(c -> c.field().equals("mtu"))) {
      ctx.vpc().setMtu(desired.bridge(), desired.mtu());
    } else {
      delete(live);
      create(desired);
    }
  }

  @Override
  public void delete(Subnet live) {
    if (ctx.vpcExists()) {
      ctx.vpc().deleteLink(live.bridge());
    }
  }

  /** The /64 of an IPv6 address with prefix, as {@link dev.jkops.api.Ipv6Cidr} prints it. */
  static String ipv6NetworkOf(String addressWithPrefix) {
    var a = new inet.ipaddr.IPAddressString(addressWithPrefix).getAddress();
    return a == null ? addressWithPrefix : a.toPrefixBlock().toCompressedString();
  }

  /** The network of an address with prefix: 172.20.32.1/19 -> 172.20.32.0/19. */
  static Cidr networkOf(String addressWithPrefix) {
    int slash = addressWithPrefix.indexOf('/');
    long a = Cidr.parseAddress(addressWithPrefix.substring(0, slash), addressWithPrefix);
    int prefix = Integer.parseInt(addressWithPrefix.substring(slash + 1));
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return new Cidr(a & mask, prefix);
  }
}
