package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.resources.SourceDestCheckIpv6;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IPv6 source/dest check of each instance: a bridge table per VPC port in the VPC namespace
 * ({@link SourceDestCheck#turnOnIpv6}). Read back from one listing of the namespace's bridge
 * tables; a check whose instance is gone (a group shrunk) is listed as owned, so the engine deletes
 * it with its instance.
 */
public final class SourceDestCheckIpv6Handler implements ResourceHandler<SourceDestCheckIpv6> {
  private final LocalContext ctx;

  public SourceDestCheckIpv6Handler(LocalContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Optional<SourceDestCheckIpv6> find(SourceDestCheckIpv6 desired) {
    List<String> own = SourceDestCheck.ipv6Checks(ctx).get(desired.port());
    return own == null
        ? Optional.empty()
        : Optional.of(
            new SourceDestCheckIpv6(ctx.names(), desired.instance(), desired.port(), own));
  }

  /**
   * Every check in the VPC, named after the instance whose port it filters; one whose port is gone
   * too is named after the port (no instance has such a name), which is all its deletion needs.
   */
  @Override
  public List<SourceDestCheckIpv6> owned() {
    Map<String, List<String>> live = SourceDestCheck.ipv6Checks(ctx);
    if (live.isEmpty()) {
      return List.of();
    }
    Map<String, String> instanceOfPort = new HashMap<>();
    for (Map.Entry<Link, Map<String, String>> e : ctx.labelledVpcLinks("instance").entrySet()) {
      instanceOfPort.put(e.getKey().name(), e.getValue().get("instance"));
    }
    List<SourceDestCheckIpv6> out = new ArrayList<>();
    live.forEach(
        (port, own) ->
            out.add(
                new SourceDestCheckIpv6(
                    ctx.names(), instanceOfPort.getOrDefault(port, port), port, own)));
    return out;
  }

  @Override
  public void create(SourceDestCheckIpv6 c) {
    SourceDestCheck.turnOnIpv6(ctx, c.port(), c.instance(), c.own());
  }

  /** The table is replaced whole and atomically, as {@link #create} writes it. */
  @Override
  public void update(
      SourceDestCheckIpv6 live, SourceDestCheckIpv6 desired, List<dev.jkops.tasks.Change> c) {
    create(desired);
  }

  @Override
  public void delete(SourceDestCheckIpv6 live) {
    SourceDestCheck.turnOffIpv6(ctx, live.port());
  }
}
