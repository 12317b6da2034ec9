package dev.jkops.model.ipam;

import dev.jkops.api.Cidr;
import dev.jkops.model.ModelException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Hands out one pod range per Kubernetes node, as kube-controller-manager's range allocator does:
 * blocks of {@code maskSize} from the pod CIDR, lowest free first. A node keeps its range for as
 * long as it exists (and the range still fits the pod CIDR and mask); a node that is gone gives its
 * range back.
 */
public final class PodRangeAllocator {
  private final Cidr podCidr;
  private final int maskSize;

  public PodRangeAllocator(Cidr podCidr, int maskSize) {
    if (maskSize < podCidr.prefix() || maskSize > 32) {
      throw new ModelException(
          "node pod range mask /"
              + maskSize
              + " does not fit pod CIDR "
              + podCidr
              + "; set spec.kubeControllerManager.nodeCIDRMaskSize between "
              + podCidr.prefix()
              + " and 30");
    }
    this.podCidr = podCidr;
    this.maskSize = maskSize;
  }

  /** How many nodes the pod CIDR can hold. */
  public long capacity() {
    return 1L << (maskSize - podCidr.prefix());
  }

  /**
   * The state after giving every node in {@code nodes} (in their order) a range: existing
   * allocations kept, the ranges of nodes not in the list released, new nodes given the lowest free
   * ranges. Pure: {@code current} is not changed.
   *
   * @throws ModelException when the pod CIDR has no room left, with the numbers and the fix
   */
  public IpamState allocate(IpamState current, Collection<String> nodes) {
    Map<String, Cidr> kept = new TreeMap<>();
    TreeSet<Long> usedIndexes = new TreeSet<>();
    for (String node : nodes) {
      Cidr range = current.podRanges().get(node);
      if (range != null && range.prefix() == maskSize && podCidr.contains(range)) {
        long index = (range.network() - podCidr.network()) >> (32 - maskSize);
        if (usedIndexes.add(index)) {
          kept.put(node, range);
        }
      }
    }
    List<String> needing = new ArrayList<>();
    for (String node : nodes) {
      if (!kept.containsKey(node)) {
        needing.add(node);
      }
    }
    long wanted = kept.size() + needing.size();
    if (wanted > capacity()) {
      throw new ModelException(
          "pod CIDR "
              + podCidr
              + " holds "
              + capacity()
              + " /"
              + maskSize
              + " node ranges, but the cluster needs "
              + wanted
              + " ("
              + kept.size()
              + " already allocated);"
              + " use a larger spec.podCIDR (inside spec.nonMasqueradeCIDR) or a larger"
              + " spec.kubeControllerManager.nodeCIDRMaskSize, or run fewer nodes");
    }
    long next = 0;
    for (String node : needing) {
      while (usedIndexes.contains(next)) {
        next++;
      }
      usedIndexes.add(next);
      kept.put(node, podCidr.subnet(maskSize, next));
    }
    return new IpamState(kept);
  }
}
