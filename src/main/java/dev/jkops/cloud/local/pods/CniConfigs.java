package dev.jkops.cloud.local.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.Cidr;
import dev.jkops.api.JsonTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a node's CNI config ({@code .conf} or {@code .conflist}) into the list of plugin configs
 * the runtime calls in turn, each completed with the network's name and cniVersion, and made safe
 * for a shared machine: host-local keeps its leases in the node's own data directory, and a route
 * to {@code 0.0.0.0/0} becomes routes to the cluster's own CIDRs, so no pod has a path out of the
 * project's namespaces (on a real node that default route would lead to the internet gateway).
 */
public final class CniConfigs {

  private CniConfigs() {}

  /** The network's name ({@code name}), for records and logs. */
  public static String networkName(String config) {
    return parse(config).path("name").asText("unnamed");
  }

  public static List<String> plugins(String config, Path ipamDir, List<Cidr> podRoutes) {
    JsonNode root = parse(config);
    List<JsonNode> raw = new ArrayList<>();
    if (root.has("plugins")) {
      root.path("plugins").forEach(raw::add);
    } else {
      raw.add(root);
    }
    if (raw.isEmpty()) {
      throw new PodException("the node's CNI config has no plugins: " + config);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode p : raw) {
      ObjectNode plugin = p.deepCopy();
      plugin.put("cniVersion", root.path("cniVersion").asText("0.4.0"));
      plugin.put("name", root.path("name").asText("jkops"));
      if (plugin.has("ipam") && plugin.path("ipam").isObject()) {
        confine((ObjectNode) plugin.path("ipam"), ipamDir, podRoutes);
      }
      if ("bridge".equals(plugin.path("type").asText())) {
        plugin.put("isDefaultGateway", false);
      }
      out.add(JsonTrees.write(plugin));
    }
    return out;
  }

  private static void confine(ObjectNode ipam, Path ipamDir, List<Cidr> podRoutes) {
    if ("host-local".equals(ipam.path("type").asText())) {
      ipam.put("dataDir", ipamDir.toString());
    }
    if (ipam.has("routes")) {
      ArrayNode routes = JsonNodeFactory.instance.arrayNode();
      for (JsonNode r : ipam.path("routes")) {
        String dst = r.path("dst").asText();
        if (dst.equals("0.0.0.0/0") || dst.equals("default")) {
          podRoutes.forEach(
              c -> routes.add(JsonNodeFactory.instance.objectNode().put("dst", c.toString())));
        } else if (isIpv6Default(dst)) {
          // IPv6's default route (an IPv6 provider's config has one) is dropped, never passed on:
          // the plugins would add it in the pod as they are told, and no jkops namespace may have
          // a path out; the IPv6 VPC block a pod needs is routed by the node's own config
          continue;
        } else {
          routes.add(r);
        }
      }
      ipam.set("routes", routes);
    }
  }

  private static boolean isIpv6Default(String dst) {
    return dst.contains(":") && dst.endsWith("/0");
  }

  /**
   * The pod's address from a CNI result, e.g. {@code 100.96.1.2/24}: its first IPv4 address, or,
   * for a pod of an IPv6 cluster (which has none), its first IPv6 one ({@code
   * fd01:2345:6789:ab01:1::2/80}).
   */
  public static String firstAddress(String result) {
    String ipv6 = null;
    for (JsonNode ip : parse(result).path("ips")) {
      String a = ip.path("address").asText("");
      if (!a.contains("/")) {
        continue;
      }
      if (!a.contains(":")) {
        return a;
      }
      if (ipv6 == null) {
        ipv6 = a;
      }
    }
    if (ipv6 != null) {
      return ipv6;
    }
    throw new PodException("the CNI plugins returned no IP address: " + result);
  }

  /** {@code config} with {@code prevResult} set, as a chained plugin receives it. */
  static String withPrevResult(String config, String prevResult) {
    ObjectNode c = (ObjectNode) parse(config);
    if (prevResult != null && !prevResult.isBlank()) {
      c.set("prevResult", parse(prevResult));
    }
    return JsonTrees.write(c);
  }

  static JsonNode parse(String json) {
    try {
      return JsonTrees.read(json);
    } catch (IOException e) {
      throw new PodException(
          "CNI config or result is not JSON: " + e.getMessage() + ": " + json, e);
    }
  }
}
