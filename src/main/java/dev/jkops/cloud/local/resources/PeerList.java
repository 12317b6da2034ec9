package dev.jkops.cloud.local.resources;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.resources.NodePeers.Peer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Pod routes to a set of nodes (the nodes of one subnet, say, direct or through VXLAN), made once
 * and shared by every node that routes to them; each node's {@link NodePeers} names the lists it
 * holds and skips its own range. The digest is a sum of per-peer hashes, computed once here, so a
 * node's digest is the sum of its lists' less its own peer's hash: no per-node copy or rehash, and
 * a changed peer still changes the digest of every node that routes to it.
 *
 * @param name what the preview calls it, e.g. {@code zone-a/direct}
 * @param peers sorted by pod range
 */
public record PeerList(String name, List<Peer> peers, long sum, int vxlanPeers) {
  private static final Comparator<Peer> BY_RANGE = Comparator.comparing(Peer::range);

  public PeerList {
    peers = List.copyOf(peers);
  }

  public static PeerList of(String name, List<Peer> peers) {
    List<Peer> sorted = new ArrayList<>(peers);
    sorted.sort(BY_RANGE);
    long sum = 0;
    int vxlan = 0;
    for (Peer p : sorted) {
      sum += hash(p);
      vxlan += p.vtepMac().isPresent() ? 1 : 0;
    }
    return new PeerList(name, sorted, sum, vxlan);
  }

  /** The peer routing to {@code range}, if this list has it (binary search: the list is sorted). */
  public java.util.Optional<Peer> find(Cidr range) {
    int i =
        Collections.binarySearch(
            peers,
            new Peer(range, "", "", false, java.util.Optional.empty(), java.util.Optional.empty()),
            BY_RANGE);
    return i >= 0 ? java.util.Optional.of(peers.get(i)) : java.util.Optional.empty();
  }

  /**
   * A peer's hash: 64 bits of SHA-256 over its route and forwarding entry, the same desired or read
   * back.
   */
  static long hash(Peer p) {
    String s = p.route() + "|" + p.vtepMac().orElse("") + "|" + p.remote().orElse("");
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      long h = 0;
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (d[i] & 0xff);
      }
      return h;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
