package dev.jkops.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kops create_cluster golden case: its options.yaml (kops' CreateClusterOptions, PascalCase)
 * read into jkops' {@link CreateClusterOptions}, and the Cluster and InstanceGroups kops wrote.
 */
record KopsCreateCase(String name, CreateClusterOptions options, YamlCodec.Documents expected) {

  /** Keys read from options.yaml; any other key fails the test so a new case cannot pass unread. */
  private static final Set<String> KNOWN =
      Set.of(
          "ClusterName",
          "Zones",
          "ControlPlaneZones",
          "MasterZones",
          "CloudProvider",
          "Cloud",
          "Networking",
          "Topology",
          "Bastion",
          "NetworkCIDR",
          "NetworkID",
          "NodeSecurityGroups",
          "ControlPlaneSecurityGroups",
          "MasterSecurityGroups",
          "Egress",
          "KubernetesVersion",
          "NodeCount",
          "ControlPlaneCount",
          "MasterCount",
          "IPv6");

  /** Keys that do not shape networking; kops keeps them (cloudLabels becomes spec.cloudLabels). */
  private static final Set<String> NOT_NETWORKING = Set.of("cloudLabels");

  static KopsCreateCase load(Path dir) throws IOException {
    JsonNode o = YamlCodec.readTrees(Files.readString(dir.resolve("options.yaml"))).get(0);
    Iterator<String> keys = o.fieldNames();
    while (keys.hasNext()) {
      String k = keys.next();
      if (!KNOWN.contains(k) && !NOT_NETWORKING.contains(k)) {
        throw new IllegalStateException(
            dir + "/options.yaml has option " + k + " that the parity test does not read");
      }
    }
    Path expectedFile = dir.resolve("expected-v1alpha2.yaml");
    CreateClusterOptions options =
        CreateClusterOptions.builder(text(o, "ClusterName"), list(o, "Zones"))
            .cloud(o.has("CloudProvider") ? text(o, "CloudProvider") : text(o, "Cloud"))
            .controlPlaneZones(
                o.has("ControlPlaneZones") ? list(o, "ControlPlaneZones") : list(o, "MasterZones"))
            .controlPlaneCount(
                o.has("ControlPlaneCount")
                    ? number(o, "ControlPlaneCount")
                    : number(o, "MasterCount"))
            .networking(text(o, "Networking"))
            .topology(text(o, "Topology"))
            .bastion(o.path("Bastion").asBoolean(false))
            .networkCidrs(list(o, "NetworkCIDR"))
            .networkId(text(o, "NetworkID"))
            .nodeCount(number(o, "NodeCount"))
            .kubernetesVersion(text(o, "KubernetesVersion"))
            .nodeSecurityGroups(list(o, "NodeSecurityGroups"))
            .controlPlaneSecurityGroups(
                o.has("ControlPlaneSecurityGroups")
                    ? list(o, "ControlPlaneSecurityGroups")
                    : list(o, "MasterSecurityGroups"))
            .egress(text(o, "Egress"))
            .ipv6(o.path("IPv6").asBoolean(false))
            .build();
    return new KopsCreateCase(
        dir.getFileName().toString(),
        options,
        YamlCodec.read(Files.readString(expectedFile), expectedFile.toString()));
  }

  KopsCreateCase withNetworkCidrs(List<String> cidrs) {
    return new KopsCreateCase(name, options.toBuilder().networkCidrs(cidrs).build(), expected);
  }

  /** Both sides as the same flat map of networking fields, e.g. {@code subnet[us-test-1a].cidr}. */
  static Map<String, String> networkingFields(Cluster c, List<InstanceGroup> groups) {
    Map<String, String> f = new java.util.TreeMap<>();
    ClusterSpec s = c.spec();
    f.put("apiVersion", c.apiVersion());
    f.put("networking", YamlCodec.toJson(s.networking()).strip());
    f.put("networkCIDR", s.networkCIDR());
    f.put("additionalNetworkCIDRs", String.valueOf(s.additionalNetworkCIDRs()));
    f.put("networkID", s.networkID());
    f.put("nonMasqueradeCIDR", s.nonMasqueradeCIDR());
    if (s.podCIDR() != null) {
      f.put("podCIDR", s.podCIDR());
    }
    if (s.serviceClusterIPRange() != null) {
      f.put("serviceClusterIPRange", s.serviceClusterIPRange());
    }
    Topology t = s.topology();
    f.put("topology.dns.type", t == null || t.dns() == null ? null : t.dns().type());
    f.put("topology.masters", t == null ? null : t.masters());
    f.put("topology.nodes", t == null ? null : t.nodes());
    f.put("topology.bastion", t == null ? null : String.valueOf(t.bastion()));
    List<String> subnetNames = new ArrayList<>();
    for (ClusterSubnet sub : s.subnetsOrEmpty()) {
      subnetNames.add(sub.name());
      String p = "subnet[" + sub.name() + "].";
      f.put(p + "zone", sub.zone());
      f.put(p + "cidr", sub.cidr());
      f.put(p + "ipv6CIDR", sub.ipv6CIDR());
      f.put(p + "type", sub.type());
      f.put(p + "egress", sub.egress());
    }
    f.put("subnets", subnetNames.toString());
    f.put("instanceGroups", groups.stream().map(InstanceGroup::name).sorted().toList().toString());
    for (InstanceGroup ig : groups) {
      String p = "instanceGroup[" + ig.name() + "].";
      f.put(p + "role", ig.spec().role());
      f.put(p + "subnets", String.valueOf(ig.spec().subnets()));
      f.put(p + "minSize", String.valueOf(ig.spec().minSize()));
      f.put(p + "maxSize", String.valueOf(ig.spec().maxSize()));
    }
    return f;
  }

  private static String text(JsonNode o, String key) {
    return o.hasNonNull(key) ? o.get(key).asText() : null;
  }

  private static Integer number(JsonNode o, String key) {
    return o.hasNonNull(key) ? o.get(key).asInt() : null;
  }

  private static List<String> list(JsonNode o, String key) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (v.isTextual()) {
      return List.of(v.asText().split(","));
    }
    List<String> out = new ArrayList<>();
    v.forEach(x -> out.add(x.asText()));
    return out;
  }
}
