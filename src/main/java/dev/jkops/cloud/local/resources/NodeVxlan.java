package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;

/**
 * A node's VXLAN device (flannel.1, vxlan1, vxlan-6784, vxlan.calico): never learns, so every
 * remote endpoint comes from {@link NodePeers}. Its MAC is derived from the node's address, so
 * peers can program it without asking the node.
 *
 * @param address the device's own address: the node's pod range network address, /32 (as flannel)
 */
public record NodeVxlan(
    ClusterNames names,
    String instance,
    String device,
    int vni,
    int port,
    String local,
    String address,
    String mac,
    int mtu)
    implements LocalResource {
  public static final String KIND = "Vxlan";

  /** A locally administered unicast MAC from an IPv4 address: 0e:6a:a:b:c:d. */
  public static String macFor(String ipv4) {
    StringBuilder sb = new StringBuilder("0e:6a");
    for (String octet : ipv4.split("\\.")) {
      sb.append(':').append(String.format("%02x", Integer.parseInt(octet)));
    }
    return sb.toString();
  }

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
    return Attributes.of(
        "device", device, "vni", vni, "port", port, "local", local, "address", address, "mac", mac,
        "mtu", mtu);
  }
}
