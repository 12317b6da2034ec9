package dev.jkops.cloud.local.calico;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.Cidr;
import dev.jkops.api.JsonTrees;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.cloud.local.policy.LabelSelector;
import dev.jkops.cloud.local.policy.NetworkPolicy;
import dev.jkops.cloud.local.policy.PolicyPeer;
import dev.jkops.cloud.local.policy.PolicyPort;
import dev.jkops.cloud.local.policy.PolicyRule;
import dev.jkops.cloud.local.policy.PolicyType;
import dev.jkops.cloud.local.policy.SelectorRequirement;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.local.runtime.ClusterRuntimeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calico's etcd datastore, in the key layout calico's agents read (calico v1/v2 paths, as the 2017
 * kops clusters ran): {@code /calico/bgp/v1/host/<node>/ip_addr_v4} (each node's BGP address),
 * {@code /calico/ipam/v2/assignment/ipv4/block/<a.b.c.d-n>} and {@code
 * /calico/ipam/v2/host/<node>/ipv4/block/<a.b.c.d-n>} (IPAM blocks and their host affinity), {@code
 * /calico/v1/host/<node>/workload/k8s/<ns>.<pod>/endpoint/eth0} (workload endpoints), {@code
 * /calico/v1/policy/tier/default/policy/<name>} (policies), and {@code /calico/v1/Ready}, which
 * marks the datastore as in use. On the local cloud the node's pod range is read back from these
 * blocks on every update, as calico's IPAM owns it.
 */
public final class CalicoEtcdDatastore {
  public static final String READY = "/calico/v1/Ready";
  static final String BGP_HOSTS = "/calico/bgp/v1/host/";
  static final String IPAM_HOSTS = "/calico/ipam/v2/host/";
  static final String BLOCKS = "/calico/ipam/v2/assignment/ipv4/block/";
  static final String POOLS = "/calico/v1/ipam/v4/pool/";
  static final String HOSTS = "/calico/v1/host/";
  static final String POLICIES = "/calico/v1/policy/tier/default/policy/";

  private CalicoEtcdDatastore() {}

  /** Whether the cluster's networking is calico with its etcd datastore. */
  public static boolean chosen(NetworkingSpec networking) {
    return networking instanceof NetworkingSpec.Calico c
        && NetworkingSpec.Calico.DATASTORE_ETCD.equals(c.datastoreOrDefault());
  }

  /** Whether calico's datastore lives in this store (the cluster runs calico on etcd). */
  public static boolean inUse(ClusterRuntimeStore store) {
    return store.get(READY).isPresent();
  }

  /** {@code 100.96.1.0/24} -> {@code 100.96.1.0-24}, calico's name for a block or pool. */
  static String name(Cidr c) {
    return c.toString().replace('/', '-');
  }

  /** A node as calico sees it: its name, BGP address and affine block. */
  public record CalicoNode(String name, String address, Cidr block) {}

  /**
   * The writes that make calico's node data match {@code nodes}: the pool, each node's BGP address,
   * its block and the block's affinity, only where they differ from what is stored; and the removal
   * of nodes that went.
   */
  public static List<ClusterRuntimeStore.Write> nodeWrites(
      ClusterRuntimeStore store, Cidr pool, List<CalicoNode> nodes) {
    Map<String, String> want = new TreeMap<>();
    want.put(READY, "true");
    want.put(
        POOLS + name(pool),
        object(
            "cidr", pool.toString(), "masquerade", true, "ipip", "", "vxlan_mode", "CrossSubnet"));
    for (CalicoNode n : nodes) {
      want.put(BGP_HOSTS + n.name() + "/ip_addr_v4", n.address());
      want.put(IPAM_HOSTS + n.name() + "/ipv4/block/" + name(n.block()), "{}");
      want.put(
          BLOCKS + name(n.block()),
          object(
              "cidr",
              n.block().toString(),
              "affinity",
              "host:" + n.name(),
              "strictAffinity",
              false));
    }
    Map<String, String> live = new TreeMap<>();
    for (String prefix : List.of(BGP_HOSTS, IPAM_HOSTS, BLOCKS, POOLS)) {
      live.putAll(store.list(prefix));
    }
    store.get(READY).ifPresent(v -> live.put(READY, v));
    List<ClusterRuntimeStore.Write> writes = new ArrayList<>();
    want.forEach(
        (k, v) -> {
          if (!v.equals(live.get(k))) {
            writes.add(new ClusterRuntimeStore.Put(k, v));
          }
        });
    live.keySet().stream()
        .filter(k -> !want.containsKey(k))
        .forEach(k -> writes.add(new ClusterRuntimeStore.Delete(k)));
    return writes;
  }

  /** Each node's pod range as calico's IPAM holds it: the block affine to the node. */
  public static Map<String, Cidr> blocksByNode(ClusterRuntimeStore store) {
    Map<String, Cidr> out = new TreeMap<>();
    for (String key : store.list(IPAM_HOSTS).keySet()) {
      // /calico/ipam/v2/host/<node>/ipv4/block/<a.b.c.d-n>
      String[] p = key.substring(IPAM_HOSTS.length()).split("/");
      if (p.length == 4 && p[1].equals("ipv4") && p[2].equals("block")) {
        out.put(p[0], Cidr.parse(p[3].replace('-', '/')));
      }
    }
    return out;
  }

  /**
   * The key of a pod's workload endpoint. Pods are given by their fields, not as the pods code's
   * record: the stores of pods and policies write here, so this package stays below them.
   */
  public static String workloadKey(String node, String namespace, String pod) {
    return HOSTS + node + "/workload/k8s/" + namespace + "." + pod + "/endpoint/eth0";
  }

  /**
   * A pod's workload endpoint: its interface, address (no prefix), profile (its namespace) and
   * labels.
   */
  public static ClusterRuntimeStore.Put workloadEndpoint(
      String node, String namespace, String pod, String address, Map<String, String> podLabels) {
    ObjectNode n =
        JsonNodeFactory.instance
            .objectNode()
            .put("state", "active")
            .put("name", "cali" + ClusterNames.shortHash(namespace + "." + pod, 11));
    n.putArray("profile_ids").add("k8s_ns." + namespace);
    n.putArray("ipv4_nets").add(address + "/32");
    n.putArray("ipv6_nets");
    ObjectNode labels = n.putObject("labels");
    labels.put("calico/k8s_ns", namespace);
    new TreeMap<>(podLabels).forEach(labels::put);
    return new ClusterRuntimeStore.Put(workloadKey(node, namespace, pod), JsonTrees.write(n));
  }

  public static String policyKey(String namespace, String name) {
    return POLICIES + "knp.default." + namespace + "." + name;
  }

  /**
   * A NetworkPolicy as calico's policy controller wrote it: a selector and allow rules per
   * direction.
   */
  public static ClusterRuntimeStore.Put policy(NetworkPolicy p) {
    ObjectNode n =
        JsonNodeFactory.instance
            .objectNode()
            .put("order", 1000)
            .put(
                "selector",
                and("calico/k8s_ns == '" + p.namespace() + "'", selector(p.podSelector(), "")));
    if (p.policyTypes().contains(PolicyType.Ingress)) {
      rules(n.putArray("inbound_rules"), p.ingress(), p.namespace(), "src");
    }
    if (p.policyTypes().contains(PolicyType.Egress)) {
      rules(n.putArray("outbound_rules"), p.egress(), p.namespace(), "dst");
    }
    ArrayNode types = n.putArray("types");
    p.policyTypes().stream()
        .map(t -> t.name().toLowerCase(java.util.Locale.ROOT))
        .sorted()
        .forEach(types::add);
    return new ClusterRuntimeStore.Put(policyKey(p.namespace(), p.name()), JsonTrees.write(n));
  }

  private static void rules(ArrayNode out, List<PolicyRule> rules, String namespace, String side) {
    for (PolicyRule r : rules) {
      List<PolicyPeer> peers =
          r.peers().isEmpty() ? java.util.Collections.singletonList(null) : r.peers();
      List<PolicyPort> ports =
          r.ports().isEmpty() ? java.util.Collections.singletonList(null) : r.ports();
      for (PolicyPeer peer : peers) {
        for (PolicyPort port : ports) {
          ObjectNode rule = out.addObject().put("action", "allow");
          if (port != null) {
            rule.put("protocol", port.protocol().nft());
            port.port()
                .ifPresent(
                    first ->
                        rule.putArray(side + "_ports")
                            .add(
                                port.endPort()
                                    .map(last -> first + ":" + last)
                                    .orElse(String.valueOf(first))));
          }
          if (peer != null && peer.ipBlock().isPresent()) {
            rule.put(side + "_net", peer.ipBlock().get().cidr().toString());
            ArrayNode not = rule.putArray("!" + side + "_nets");
            peer.ipBlock().get().except().forEach(e -> not.add(e.toString()));
          } else if (peer != null) {
            String ns =
                peer.namespaceSelector()
                    .map(s -> selector(s, "k8s_ns/label/"))
                    .orElse("calico/k8s_ns == '" + namespace + "'");
            rule.put(
                side + "_selector",
                and(ns, peer.podSelector().map(s -> selector(s, "")).orElse("")));
          }
        }
      }
    }
  }

  /** A label selector in calico's selector syntax, keys prefixed by {@code prefix}. */
  static String selector(LabelSelector s, String prefix) {
    List<String> parts = new ArrayList<>();
    s.matchLabels().forEach((k, v) -> parts.add(prefix + k + " == '" + v + "'"));
    for (SelectorRequirement r : s.matchExpressions()) {
      String k = prefix + r.key();
      String set =
          "{" + String.join(", ", r.values().stream().map(v -> "'" + v + "'").toList()) + "}";
      parts.add(
          switch (r.operator()) {
            case In -> k + " in " + set;
            case NotIn -> k + " not in " + set;
            case Exists -> "has(" + k + ")";
            case DoesNotExist -> "!has(" + k + ")";
          });
    }
    return parts.isEmpty() && !prefix.isEmpty() ? "has(calico/k8s_ns)" : String.join(" && ", parts);
  }

  private static String and(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + " && " + b;
  }

  /**
   * A flat JSON object of string and boolean values, in the order given. No mapper: {@link #chosen}
   * loads this class while planning every local cluster, calico or not.
   */
  private static String object(Object... kv) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < kv.length; i += 2) {
      String key = (String) kv[i];
      if (kv[i + 1] instanceof String s) {
        n.put(key, s);
      } else if (kv[i + 1] instanceof Boolean b) {
        n.put(key, b);
      } else {
        throw new IllegalArgumentException("not a string or boolean: " + kv[i + 1]);
      }
    }
    return JsonTrees.write(n);
  }
}
