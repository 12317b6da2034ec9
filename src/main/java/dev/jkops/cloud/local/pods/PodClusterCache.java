package dev.jkops.cloud.local.pods;

import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.Netns;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@link PodCluster} of a long-running process (the local API server), read again only when the
 * cluster changed. Reading it runs a few {@code ip} commands per node (their links, bridges,
 * addresses), which cost more than setting up a pod; what they read changes only when a node's
 * namespace is made again (a roll, a repair: a new namespace has a new inode), when a node's CNI
 * config changes (a networking switch), or when the cluster's spec changes. Those three are checked
 * on every use, without a process: a directory listing and a few file attributes.
 */
public final class PodClusterCache {
  private record Fingerprint(
      ClusterBundle bundle, List<String> namespaces, List<String> cniConfs) {}

  private Fingerprint fingerprint;
  private PodCluster cluster;

  /**
   * The cluster as {@link LocalPodCluster#of} reads it, from the last read when nothing changed.
   */
  public synchronized PodCluster get(Kernel kernel, ClusterNames names, ClusterBundle bundle) {
    Fingerprint now = fingerprint(names, bundle);
    if (cluster == null || !now.equals(fingerprint)) {
      cluster = LocalPodCluster.of(kernel, names, bundle);
      fingerprint = fingerprint(names, bundle); // after the read: a change during it reads again
    }
    return cluster;
  }

  /** Forgets the last read (after a failure that a changed cluster may explain). */
  public synchronized void forget() {
    cluster = null;
    fingerprint = null;
  }

  private static Fingerprint fingerprint(ClusterNames names, ClusterBundle bundle) {
    String podPrefix = names.prefix() + "p-";
    List<String> namespaces = new ArrayList<>();
    List<String> confs = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Netns.RUN_DIR)) {
      for (Path p : entries.sorted().toList()) {
        String n = p.getFileName().toString();
        if (!n.startsWith(names.prefix()) || n.startsWith(podPrefix)) {
          continue;
        }
        namespaces.add(n + "@" + attribute(p, "unix:ino"));
        String instance = n.substring(names.prefix().length());
        Path conf = names.nodeCniConfDir(instance);
        if (Files.isDirectory(conf)) {
          try (Stream<Path> files = Files.list(conf)) {
            for (Path f : files.sorted().toList()) {
              confs.add(f + "@" + attribute(f, "lastModifiedTime") + "/" + attribute(f, "size"));
            }
          }
        }
      }
    } catch (IOException e) {
      namespaces.add("unreadable: " + e.getMessage()); // never equal twice in a row: read afresh
      namespaces.add(Long.toString(System.nanoTime()));
    }
    return new Fingerprint(bundle, namespaces, confs);
  }

  private static String attribute(Path p, String name) {
    try {
      return String.valueOf(Files.getAttribute(p, name));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "?" + System.nanoTime();
    }
  }
}
