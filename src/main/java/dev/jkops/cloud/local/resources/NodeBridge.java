package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;

/**
 * The bridge pods plug into on a node (kubenet's and the CNI bridge plugin's {@code cbr0}, or the
 * bridge classic's kubelet builds itself), holding the pod range's gateway address. Built before
 * any pod exists, so the node answers on its pod range and routes to it can be proved at once; the
 * CNI bridge plugin reuses it.
 */
public record NodeBridge(
    ClusterNames names, String instance, String bridge, String gateway, int mtu)
    implements LocalResource {
  public static final String KIND = "NodeBridge";

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, instance);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(LocalInstance.idOf(instance));
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of("bridge", bridge, "gateway", gateway, "mtu", mtu, "forwarding", "on");
  }
}
