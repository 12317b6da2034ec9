package dev.jkops.cloud.local;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.KernelRoute;
import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.kernel.NetnsIp;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.NodeBridge;
import dev.jkops.cloud.local.resources.NodeCniConfig;
import dev.jkops.cloud.local.resources.NodePeers;
import dev.jkops.cloud.local.resources.NodeVxlan;
import dev.jkops.cloud.local.resources.RouteTable;
import dev.jkops.cloud.local.resources.VpcRoute;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.Instance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a switch left behind, read from the kernel and the nodes' files rather than from the engine:
 * devices, jkops routes and CNI config files on each node, and pod routes in the VPC's route
 * tables, that the cluster's current configuration does not call for; plus anything {@code update
 * cluster} would still change. Empty when nothing of an old provider remains.
 */
public final class Leftovers {
  private static final Set<String> ALWAYS = Set.of("lo", "eth0");

  private Leftovers() {}

  public static List<String> find(
      Kernel kernel, ClusterNames names, LocalClusterUpdate.Preview preview) {
    List<String> out = new ArrayList<>();
    if (preview.generations().mixed()) {
      out.add(
          preview.generations().outdated().size()
              + " instance(s) still run an older configuration");
    }
    preview
        .changes()
        .changes()
        .forEach(a -> out.add("update cluster would still change " + a.id()));
    List<LocalResource> desired = preview.desired();
    for (Instance i : preview.network().instances()) {
      String ns = names.instanceNamespace(i.name());
      if (!kernel.netns().exists(ns)) {
        out.add("instance " + i.name() + " is missing");
        continue;
      }
      NetnsIp ip = kernel.ip(ns);
      Set<String> devices = new HashSet<>(ALWAYS);
      Set<String> peerRanges = new HashSet<>();
      Set<String> files = new HashSet<>();
      for (LocalResource r : desired) {
        if (r instanceof NodeBridge b && b.instance().equals(i.name())) {
          devices.add(b.bridge());
        } else if (r instanceof NodeVxlan x && x.instance().equals(i.name())) {
          devices.add(x.device());
        } else if (r instanceof NodePeers p && p.instance().equals(i.name())) {
          p.peers().forEach(peer -> peerRanges.add(peer.range().toString()));
        } else if (r instanceof NodeCniConfig c && c.instance().equals(i.name())) {
          files.add(c.fileName());
        }
      }
      for (Link l : ip.links()) {
        if (!devices.contains(l.name()) && !l.name().startsWith("veth")) {
          out.add("device " + l.name() + " on " + i.name());
        }
      }
      for (KernelRoute r : ip.routes(0)) {
        if (KernelRoute.JKOPS_PROTOCOL.equals(r.protocol())
            && !peerRanges.contains(r.destination())) {
          out.add("route " + r.destination() + " via " + r.dev() + " on " + i.name());
        }
      }
      for (String f : cniFiles(names.nodeCniConfDir(i.name()))) {
        if (!files.contains(f)) {
          out.add("CNI config " + f + " on " + i.name());
        }
      }
    }
    NetnsIp vpc = kernel.ip(names.vpcNamespace());
    for (LocalResource r : desired) {
      if (r instanceof RouteTable t) {
        Set<String> wanted = new HashSet<>();
        desired.stream()
            .filter(v -> v instanceof VpcRoute vr && vr.tableNumber() == t.number())
            .forEach(v -> wanted.add(((VpcRoute) v).destination().toString()));
        for (KernelRoute route : vpc.routes(t.number())) {
          if (route.via() != null && !wanted.contains(route.destination())) {
            out.add(
                "route table "
                    + t.name()
                    + " entry "
                    + route.destination()
                    + " via "
                    + route.via());
          }
        }
      }
    }
    return out;
  }

  private static List<String> cniFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of("(cannot list " + dir + ": " + e.getMessage() + ")");
    }
  }
}
