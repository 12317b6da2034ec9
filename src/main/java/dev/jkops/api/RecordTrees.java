package dev.jkops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tree Jackson's {@code valueToTree} makes of an api record (or of plain maps, lists and
 * scalars), made without a mapper: each record's components are read by its own accessors, in the
 * order and under the names {@link RecordShapes} gives, nulls left out (the codec writes {@code
 * NON_NULL}), the unmodelled fields ({@code extra}, Jackson's any-getter) after them. In a cold
 * JVM, Jackson's first mapper and its introspection of the spec's ~20 record classes took ~80 ms of
 * a first {@code update cluster --yes} (docs/benchmarks.md, "2026-12-07 (morning)"). Anything not
 * written out here gives {@link Optional#empty()}, and the caller asks Jackson; {@code
 * RecordTreesTest} holds these trees equal to Jackson's.
 */
final class RecordTrees {
  private RecordTrees() {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Thrown inside a build when a value is not one written out here. */
  private static final class NotWrittenOut extends RuntimeException {
    NotWrittenOut() {
      super(null, null, false, false);
    }
  }

  /** {@code value}'s tree, as Jackson's YAML codec would make it; empty when Jackson must. */
  static Optional<JsonNode> tree(Object value) {
    try {
      return Optional.of(node(value));
    } catch (NotWrittenOut e) {
      return Optional.empty();
    }
  }

  private static JsonNode node(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof String s) {
      return NODES.textNode(s);
    }
    if (v instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (v instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (v instanceof BigInteger b) {
      return NODES.numberNode(b);
    }
    if (v instanceof List<?> list) {
      ArrayNode a = NODES.arrayNode();
      for (Object x : list) {
        a.add(node(x));
      }
      return a;
    }
    if (v instanceof Map<?, ?> map) {
      ObjectNode o = NODES.objectNode();
      putAll(o, map);
      return o;
    }
    if (v instanceof NetworkingSpec n) {
      Map.Entry<String, Map<String, Object>> doc = NetworkingSpecCodec.document(n);
      ObjectNode o = NODES.objectNode();
      o.set(doc.getKey(), node(doc.getValue()));
      return o;
    }
    Object[] values = components(v);
    RecordYamlReader.Shape shape = values == null ? null : RecordYamlReader.shape(v.getClass());
    if (shape == null || shape.names().size() != values.length) {
      throw new NotWrittenOut();
    }
    ObjectNode o = NODES.objectNode();
    for (int i = 0; i < values.length; i++) {
      if (i != shape.extra() && values[i] != null) {
        o.set(shape.names().get(i), node(values[i]));
      }
    }
    if (shape.extra() >= 0 && values[shape.extra()] != null) {
      putAll(o, (Map<?, ?>) values[shape.extra()]);
    }
    return o;
  }

  /** A map's entries; a null value or a key that is not a string is left to Jackson. */
  private static void putAll(ObjectNode o, Map<?, ?> map) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String k) || e.getValue() == null) {
        throw new NotWrittenOut();
      }
      o.set(k, node(e.getValue()));
    }
  }

  /** A record's component values in its canonical order, or null for a type not written out. */
  private static Object[] components(Object v) {
    if (v instanceof Cluster c) {
      return new Object[] {c.apiVersion(), c.kind(), c.metadata(), c.spec(), c.extra()};
    }
    if (v instanceof InstanceGroup g) {
      return new Object[] {g.apiVersion(), g.kind(), g.metadata(), g.spec(), g.extra()};
    }
    if (v instanceof ObjectMeta m) {
      return new Object[] {m.name(), m.creationTimestamp(), m.labels(), m.extra()};
    }
    if (v instanceof ClusterSpec s) {
      return new Object[] {
        s.cloudProvider(),
        s.kubernetesVersion(),
        s.networkCIDR(),
        s.additionalNetworkCIDRs(),
        s.networkID(),
        s.nonMasqueradeCIDR(),
        s.podCIDR(),
        s.serviceClusterIPRange(),
        s.subnets(),
        s.topology(),
        s.networking(),
        s.api(),
        s.sshAccess(),
        s.kubernetesApiAccess(),
        s.kubeControllerManager(),
        s.kubeProxy(),
        s.kubelet(),
        s.rollingUpdate(),
        s.cloudConfig(),
        s.extra()
      };
    }
    if (v instanceof InstanceGroupSpec s) {
      return new Object[] {
        s.role(),
        s.subnets(),
        s.machineType(),
        s.minSize(),
        s.maxSize(),
        s.rollingUpdate(),
        s.nodeLabels(),
        s.additionalSecurityGroups(),
        s.extra()
      };
    }
    if (v instanceof ClusterSubnet s) {
      return new Object[] {
        s.name(), s.zone(), s.cidr(), s.type(), s.egress(), s.id(), s.ipv6CIDR(), s.extra()
      };
    }
    if (v instanceof Topology t) {
      return new Object[] {t.dns(), t.masters(), t.nodes(), t.bastion(), t.extra()};
    }
    if (v instanceof Topology.Dns d) {
      return new Object[] {d.type()};
    }
    if (v instanceof ApiSpec a) {
      return new Object[] {a.loadBalancer(), a.extra()};
    }
    if (v instanceof ApiSpec.LoadBalancer l) {
      return new Object[] {l.type(), l.extra()};
    }
    if (v instanceof KubeControllerManagerConfig k) {
      return new Object[] {
        k.allocateNodeCIDRs(),
        k.configureCloudRoutes(),
        k.clusterCIDR(),
        k.nodeCIDRMaskSize(),
        k.extra()
      };
    }
    if (v instanceof KubeProxyConfig k) {
      return new Object[] {k.clusterCIDR(), k.enabled(), k.extra()};
    }
    if (v instanceof KubeletConfig k) {
      return new Object[] {
        k.networkPluginName(), k.networkPluginMTU(), k.nonMasqueradeCIDR(), k.extra()
      };
    }
    if (v instanceof RollingUpdate r) {
      return new Object[] {r.maxSurge(), r.maxUnavailable()};
    }
    if (v instanceof CloudConfig c) {
      return new Object[] {c.routeTableQuota(), c.extra()};
    }
    return null;
  }
}
