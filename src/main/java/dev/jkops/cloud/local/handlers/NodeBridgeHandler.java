package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.kernel.NamespaceReading;
import dev.jkops.cloud.local.kernel.NetnsIp;
import dev.jkops.cloud.local.kernel.StableMac;
import dev.jkops.cloud.local.resources.NodeBridge;
import dev.jkops.cloud.local.runtime.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod bridge on a node, labelled {@code jk node-bridge=<name>} so a later run knows it made it.
 */
public final class NodeBridgeHandler implements ResourceHandler<NodeBridge> {
  static final int DEFAULT_MTU = 1500;
  private final LocalContext ctx;

  public NodeBridgeHandler(LocalContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Optional<NodeBridge> find(NodeBridge desired) {
    String ns = ctx.names().instanceNamespace(desired.instance());
    return ctx.kernel().netns().exists(ns) ? read(ns, desired.instance()) : Optional.empty();
  }

  /**
   * Every node's bridge, a few nodes at a time as {@link InstanceHandler#owned()} reads instances.
   */
  @Override
  public List<NodeBridge> owned() {
    List<NodeBridge> out = new ArrayList<>();
    Parallel.map(
            ctx.instanceNamespaces(),
            InstanceHandler.READ_PARALLELISM,
            "jkops-read-bridges",
            ns -> read(ns, ctx.instanceOf(ns)),
            "reading the cluster",
            KernelException::new)
        .forEach(b -> b.ifPresent(out::add));
    return out;
  }

  /**
   * The bridge of {@code instance}, from one reading of its namespace ({@link NamespaceReading}),
   * as {@link #owned()} reads it with a process per fact.
   */
  public Optional<NodeBridge> read(String instance, NamespaceReading r) {
    for (Link l : r.links()) {
      if (l.alias().startsWith(LocalContext.ALIAS_PREFIX + "node-bridge=")) {
        List<String> addrs = r.addresses(l.name());
        if (addrs.isEmpty()) {
          addrs = r.ipv6Addresses(l.name()); // an IPv6 cluster's bridge holds its /80's gateway
        }
        if (addrs.isEmpty() || !l.up()) {
          return Optional.empty();
        }
        return Optional.of(new NodeBridge(ctx.names(), instance, l.name(), addrs.get(0), l.mtu()));
      }
    }
    return Optional.empty();
  }

  private Optional<NodeBridge> read(String ns, String instance) {
    NetnsIp ip = ctx.kernel().ip(ns);
    for (Link l : ip.links()) {
      if (l.alias().startsWith(LocalContext.ALIAS_PREFIX + "node-bridge=")) {
        List<String> addrs = ip.addresses(l.name());
        if (addrs.isEmpty()) {
          // an IPv6 cluster's bridge holds its /80's gateway only
          addrs = new dev.jkops.cloud.local.kernel.NetnsIpv6(ip).addresses(l.name());
        }
        if (addrs.isEmpty() || !l.up()) {
          return Optional.empty(); // half made by a killed run: create finishes it
        }
        return Optional.of(new NodeBridge(ctx.names(), instance, l.name(), addrs.get(0), l.mtu()));
      }
    }
    return Optional.empty();
  }

  @Override
  public void create(NodeBridge b) {
    NetnsIp ip = ctx.kernel().ip(ctx.names().instanceNamespace(b.instance()));
    if (b.gateway().contains(":")) {
      // IPv6 on (no DAD, no RAs) before the gateway address goes on
      new dev.jkops.cloud.local.kernel.NetnsIpv6(ip).enable(true);
    }
    // An MTU given at creation follows the ports (a bridge whose last pod left falls back to 1500);
    // one set by changing it afterwards is kept, so create at the default and change it.
    // A fixed MAC: the pods' ARP entries for their gateway stay right as other pods come and go.
    // A run killed part way through here leaves the bridge without its label, address or state (the
    // larger kill run found "File exists" on every rerun): the rest of this finishes such a bridge.
    // One ip -batch for all of it (one process instead of five), the bridge made or found by
    // trying.
    int mtu = b.mtu() != DEFAULT_MTU ? b.mtu() : 0;
    ip.finishBridge(
        b.bridge(),
        DEFAULT_MTU,
        StableMac.NODE_BRIDGE.of(b.gateway()),
        mtu,
        mtu,
        LocalContext.alias(Map.of("node-bridge", b.bridge())),
        b.gateway());
    // Forwarding is on already: the bridge depends on its instance, which is only ever found or
    // made with forwarding on (InstanceHandler reads it back as unfinished otherwise), so the
    // sysctl process this once ran here set what was set.
  }

  @Override
  public void delete(NodeBridge live) {
    String ns = ctx.names().instanceNamespace(live.instance());
    if (ctx.kernel().netns().exists(ns)) {
      ctx.kernel().ip(ns).deleteLink(live.bridge());
    }
  }
}
