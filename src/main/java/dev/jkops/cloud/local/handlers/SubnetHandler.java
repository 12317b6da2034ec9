package dev.jkops.cloud.local.handlers;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.kernel.StableMac;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.tasks.Change;
import java.util.ArrayList;
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
    return owned().stream().filter(s -> s.name().equals(desired.name())).findFirst();
  }

  @Override
  public List<Subnet> owned() {
    List<Subnet> out = new ArrayList<>();
    for (Map.Entry<Link, Map<String, String>> e : ctx.labelledVpcLinks("subnet").entrySet()) {
      Link bridge = e.getKey();
      List<String> addrs = ctx.vpc().addresses(bridge.name());
      // A bridge left down by a killed run has its address but no connected route, so routes via
      // the subnet's instances fail ("Nexthop has invalid gateway"): it reads back as missing.
      if (!addrs.isEmpty() && bridge.up()) {
        out.add(
            new Subnet(
                ctx.names(), e.getValue().get("subnet"), networkOf(addrs.get(0)), bridge.mtu()));
      }
    }
    return out;
  }

  @Override
  public void create(Subnet s) {
    // A killed run may have left the bridge without its label, address or state: finish it.
    // One ip -batch for all of it (one process instead of four), made or found by trying.
    ctx.vpc()
        .finishBridge(
            s.bridge(),
            s.mtu(),
            StableMac.SUBNET_BRIDGE.of(s.routerAddress()),
            0,
            s.mtu(),
            LocalContext.alias(Map.of("subnet", s.name())),
            s.routerAddress());
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

  /** The network of an address with prefix: 172.20.32.1/19 -> 172.20.32.0/19. */
  static Cidr networkOf(String addressWithPrefix) {
    int slash = addressWithPrefix.indexOf('/');
    long a = Cidr.parseAddress(addressWithPrefix.substring(0, slash), addressWithPrefix);
    int prefix = Integer.parseInt(addressWithPrefix.substring(slash + 1));
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return new Cidr(a & mask, prefix);
  }
}
