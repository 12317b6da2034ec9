package dev.jkops.cloud.local.pods;

import dev.jkops.cloud.local.handlers.InstanceHandler;
import dev.jkops.cloud.local.handlers.LocalContext;
import dev.jkops.cloud.local.handlers.NodeBridgeHandler;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.kernel.NamespaceReading;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.NodeBridge;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.local.runtime.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The nodes of a running local cluster, read from the machine (not from the state store), for the
 * pods code, {@code get nodes} and {@code logs node}.
 */
public final class LocalNodes {
  private final Kernel kernel;
  private final ClusterNames names;

  public LocalNodes(Kernel kernel, ClusterNames names) {
    this.kernel = kernel;
    this.names = names;
  }

  /** Nodes read at once: each is one short process, independent of the others. */
  private static final int READ_PARALLELISM = 4;

  /**
   * Every node, from one listing of the VPC's ports and one process per node ({@link
   * NamespaceReading}: its links, addresses, routes and forwarding settings at once), read {@value
   * #READ_PARALLELISM} at a time. Reading the instances and their bridges through the handlers'
   * {@code owned()} took about six processes per node and an {@code nft} listing of the VPC.
   */
  public List<NodeNetwork> list() {
    LocalContext ctx = new LocalContext(kernel, names);
    InstanceHandler instances = new InstanceHandler(ctx);
    NodeBridgeHandler bridges = new NodeBridgeHandler(ctx);
    List<Map.Entry<Link, Map<String, String>>> ports =
        new ArrayList<>(ctx.labelledVpcLinks("instance").entrySet());
    List<Optional<NodeNetwork>> read =
        Parallel.map(
            ports,
            READ_PARALLELISM,
            "jkops-read-nodes",
            port -> {
              String ns = names.instanceNamespace(port.getValue().get("instance"));
              if (!kernel.netns().exists(ns)) {
                return Optional.<NodeNetwork>empty();
              }
              NamespaceReading r = NamespaceReading.of(kernel.runner(), ns);
              // no VPC tables: a node's network does not depend on its source/dest check
              LocalInstance i = instances.read(port.getKey(), port.getValue(), Set.of(), r);
              return node(i, bridges.read(i.name(), r));
            },
            "reading the cluster",
            KernelException::new);
    List<NodeNetwork> out = new ArrayList<>();
    read.forEach(n -> n.ifPresent(out::add));
    out.sort(Comparator.comparing(NodeNetwork::instance));
    return out;
  }

  private Optional<NodeNetwork> node(LocalInstance i, Optional<NodeBridge> bridge) {
    if (!i.hasAddress()) {
      return Optional.empty(); // half made by a killed run (the larger rolling kill run met one):
      // not a node until update finishes it
    }
    // a node with no bridge holding a block of its subnet (amazonvpc) takes its pods from it,
    // whichever configuration is current while it waits to be rolled
    Optional<String> podRange =
        bridge.map(b -> networkOf(b.gateway())).or(() -> i.secondaryRanges().stream().findFirst());
    return Optional.of(
        new NodeNetwork(
            i.name(),
            i.role(),
            i.namespace(),
            i.ip(),
            podRange,
            names.nodeCniConfDir(i.name()),
            firstConf(names.nodeCniConfDir(i.name())),
            names.nodeIpamDir(i.name()),
            names.nodeLog(i.name()),
            bridge.map(NodeBridge::mtu).orElse(i.mtu())));
  }

  public Optional<NodeNetwork> node(String instance) {
    return list().stream().filter(n -> n.instance().equals(instance)).findFirst();
  }

  static Optional<Path> firstConf(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".conf") || n.endsWith(".conflist") || n.endsWith(".json");
              })
          .sorted()
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** 100.96.1.1/24 -> 100.96.1.0/24. */
  public static String networkOf(String gateway) {
    if (gateway.contains(":")) {
      return PodRange.parse(gateway).toString(); // an IPv6 cluster's /80
    }
    int slash = gateway.indexOf('/');
    long a = dev.jkops.api.Cidr.parseAddress(gateway.substring(0, slash), gateway);
    int prefix = Integer.parseInt(gateway.substring(slash + 1));
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return new dev.jkops.api.Cidr(a & mask, prefix).toString();
  }
}
