package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedMap;

/**
 * A CNI config file in a node's own conf dir ({@code <runtime>/nodes/<node>/net.d}), its
 * /etc/cni/net.d. The file is what makes the node's network ready (a kubelet reports NetworkReady,
 * and starts pods, once its CNI config is there), so it is written after {@code readyAfter}: the
 * node's bridge and VXLAN device and every node's peers ({@code readyAfterEvery} names their kind,
 * so n files do not list n peers each), so no pod starts on a node that others cannot reach yet.
 */
public record NodeCniConfig(
    ClusterNames names,
    String instance,
    String fileName,
    String content,
    Set<ResourceId> readyAfter,
    Set<String> readyAfterEvery)
    implements LocalResource {
  public static final String KIND = "CniConfig";

  public NodeCniConfig {
    readyAfter = Set.copyOf(readyAfter);
    readyAfterEvery = Set.copyOf(readyAfterEvery);
  }

  /** As read back from the node: what it waited for is the design's business, not the file's. */
  public NodeCniConfig(ClusterNames names, String instance, String fileName, String content) {
    this(names, instance, fileName, content, Set.of(), Set.of());
  }

  @Override
  public Set<String> dependsOnEvery() {
    return readyAfterEvery;
  }

  public Path path() {
    return names.nodeCniConfDir(instance).resolve(fileName);
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, instance + "/" + fileName);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    Set<ResourceId> out = new java.util.HashSet<>(readyAfter);
    out.add(LocalInstance.idOf(instance));
    return Set.copyOf(out);
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of("path", path(), "digest", ClusterNames.shortHash(content, 12));
  }
}
