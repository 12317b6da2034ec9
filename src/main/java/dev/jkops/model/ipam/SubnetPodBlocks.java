package dev.jkops.model.ipam;

import dev.jkops.api.Cidr;
import dev.jkops.model.Instance;
import dev.jkops.model.ModelException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pod addresses for amazonvpc: each node's pods take addresses of the node's own VPC subnet, as the
 * AWS VPC CNI assigns them as secondary addresses of the ENIs it attaches to the instance. jkops
 * gives each node one fixed block of its subnet, counted down from the top of the subnet by the
 * instance's own address index: the instance at subnet index {@code i} (AWS keeps 0-3, so {@code i
 * >= 4}) gets the {@code (i - 3)}-th block below the topmost one (the topmost is skipped: it holds
 * the subnet's broadcast address, which AWS reserves). Instances take the low addresses, so the two
 * never meet in a subnet with room for both; the block follows the instance's address, so a node
 * keeps its block as long as it keeps its address, whatever else is added or removed.
 */
public final class SubnetPodBlocks {
  /**
   * A /27 per node: 32 addresses, 30 for pods after host-local's network and gateway, about what
   * the AWS VPC CNI's ENIs give an m5.large (3 ENIs x 10 addresses, 29 pods).
   */
  public static final int BLOCK_PREFIX = 27;

  private SubnetPodBlocks() {}

  /**
   * Each node's block, keyed by instance name.
   *
   * @param instances every instance of the cluster (to check blocks never reach an instance
   *     address)
   * @param nodes the Kubernetes nodes that get a block
   * @throws ModelException when a subnet has no room for both its instances and their blocks
   */
  public static IpamState allocate(Collection<Instance> instances, Collection<Instance> nodes) {
    Map<String, Long> highestInstanceAddress = new TreeMap<>();
    for (Instance i : instances) {
      highestInstanceAddress.merge(i.subnet(), address(i), Math::max);
    }
    Map<String, Cidr> out = new TreeMap<>();
    for (Instance n : nodes) {
      Cidr subnet = n.subnetCidr();
      if (subnet.prefix() > BLOCK_PREFIX - 1) {
        throw tooSmall(n, subnet);
      }
      long index = address(n) - subnet.network();
      long blocks = 1L << (BLOCK_PREFIX - subnet.prefix());
      long blockIndex = blocks - 1 - (index - 3);
      if (blockIndex < 0) {
        throw tooSmall(n, subnet);
      }
      Cidr block = subnet.subnet(BLOCK_PREFIX, blockIndex);
      if (block.network() <= highestInstanceAddress.getOrDefault(n.subnet(), 0L)) {
        throw tooSmall(n, subnet);
      }
      out.put(n.name(), block);
    }
    return new IpamState(out);
  }

  private static long address(Instance i) {
    return Cidr.parseAddress(i.privateAddress(), i.privateAddress());
  }

  private static ModelException tooSmall(Instance n, Cidr subnet) {
    return new ModelException(
        "amazonvpc gives each node a /"
            + BLOCK_PREFIX
            + " of its own subnet for its pods, and subnet "
            + n.subnet()
            + " ("
            + subnet
            + ") has no room for "
            + n.name()
            + "'s block above its instances' addresses; use a larger spec.subnets[].cidr or"
            + " fewer instances in that subnet");
  }
}
