package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedMap;

/** A CNI config file in a node's own conf dir ({@code <runtime>/nodes/<node>/net.d}), its /etc/cni/net.d. */
public record NodeCniConfig(ClusterNames names, String instance, String fileName, String content)
    implements LocalResource {
  public static final String KIND = "CniConfig";

  public Path path() { return names.nodeCniConfDir(instance).resolve(fileName); }

  @Override public ResourceId id() { return new ResourceId(KIND, instance + "/" + fileName); }

  @Override public Set<ResourceId> dependsOn() { return Set.of(Instance.idOf(instance)); }

  @Override public SortedMap<String, String> attributes() {
    return Attributes.of("path", path(), "digest", ClusterNames.shortHash(content, 12));
  }
}
