package dev.jkops.cloud.local.pods;

import dev.jkops.cloud.local.handlers.InstanceHandler;
import dev.jkops.cloud.local.handlers.LocalContext;
import dev.jkops.cloud.local.handlers.NodeBridgeHandler;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.NodeBridge;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  public List<NodeNetwork> list() {
    LocalContext ctx = new LocalContext(kernel, names);
    List<NodeBridge> bridges = new NodeBridgeHandler(ctx).owned();
    List<NodeNetwork> out = new ArrayList<>();
    for (LocalInstance i : new InstanceHandler(ctx).owned()) {
      if (!i.hasAddress()) {
        continue; // half made by a killed run (the larger rolling kill run met one): not a node
        // until update finishes it
      }
      Optional<NodeBridge> bridge =
          bridges.stream().filter(b -> b.instance().equals(i.name())).findFirst();
      // a node with no bridge holding a block of its subnet (amazonvpc) takes its pods from it,
      // whichever configuration is current while it waits to be rolled
      Optional<String> podRange =
          bridge
              .map(b -> networkOf(b.gateway()))
              .or(() -> i.secondaryRanges().stream().findFirst());
      out.add(
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
    return out;
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
