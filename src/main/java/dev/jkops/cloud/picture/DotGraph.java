package dev.jkops.cloud.picture;

import dev.jkops.cloud.picture.NetworkPicture.Gateway;
import dev.jkops.cloud.picture.NetworkPicture.Link;
import dev.jkops.cloud.picture.NetworkPicture.Machine;
import dev.jkops.cloud.picture.NetworkPicture.Route;
import dev.jkops.cloud.picture.NetworkPicture.RouteTable;
import dev.jkops.cloud.picture.NetworkPicture.Subnet;
import dev.jkops.cloud.picture.NetworkPicture.ToAddress;
import dev.jkops.cloud.picture.NetworkPicture.ToGateway;
import dev.jkops.cloud.picture.NetworkPicture.ToMachine;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Draws a {@link NetworkPicture} as a Graphviz digraph ({@code dot -Tpng} renders it). A pure
 * function of the picture: the same picture gives the same text, byte for byte.
 *
 * <p>The VPC is a box holding one box per subnet; each subnet holds the VPC router's address in it
 * (the anchor its route table associations point at), its instances and its NAT gateway. Route
 * tables sit in the VPC with their routes listed; each route is also an edge to its target. Pod
 * paths between nodes are coloured edges: blue for an overlay (VXLAN, IP-in-IP), green for a direct
 * route; a pair with the same path both ways is one edge with arrows at both ends.
 */
public final class DotGraph {
  private DotGraph() {}

  public static String render(NetworkPicture p) {
    StringBuilder sb = new StringBuilder();
    sb.append("digraph \"network\" {\n");
    sb.append("  graph [label=")
        .append(label(List.of(p.title())))
        .append(
            ", labelloc=\"t\", fontname=\"Helvetica\","
                + " fontsize=14, rankdir=\"LR\", newrank=true];\n");
    sb.append("  node [fontname=\"Helvetica\", fontsize=10, shape=\"box\", style=\"rounded\"];\n");
    sb.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    sb.append("  subgraph \"cluster_vpc\" {\n");
    sb.append("    label=").append(label(List.of("VPC " + p.vpcCidr()))).append(";\n");
    sb.append("    style=\"rounded\";\n");
    int n = 0;
    for (Subnet s : p.subnets()) {
      n++;
      sb.append("    subgraph \"cluster_subnet_").append(n).append("\" {\n");
      sb.append("      label=")
          .append(
              label(
                  List.of("subnet " + s.name(), s.cidr() + ", zone " + s.zone() + ", " + s.type())))
          .append(";\n");
      sb.append("      style=\"rounded,filled\"; fillcolor=\"")
          .append(fill(s.type()))
          .append("\";\n");
      sb.append("      ")
          .append(id("subnet", s.name()))
          .append(" [label=")
          .append(label(List.of("VPC router", s.router())))
          .append(", shape=\"ellipse\", style=\"\"];\n");
      for (Machine m : p.machines()) {
        if (m.subnet().equals(s.name())) {
          sb.append("      ").append(machine(m)).append('\n');
        }
      }
      for (Gateway g : p.gateways()) {
        if (g.subnet().filter(s.name()::equals).isPresent()) {
          sb.append("      ").append(gateway(g)).append('\n');
        }
      }
      sb.append("    }\n");
    }
    Set<String> subnetNames = new LinkedHashSet<>();
    p.subnets().forEach(s -> subnetNames.add(s.name()));
    for (Machine m : p.machines()) {
      if (!subnetNames.contains(m.subnet())) {
        sb.append("    ").append(machine(m)).append('\n');
      }
    }
    for (RouteTable t : p.routeTables()) {
      List<String> lines = new ArrayList<>();
      lines.add("route table " + t.name());
      for (Route r : t.routes()) {
        lines.add(r.destination() + " -> " + r.target().key());
      }
      if (t.routes().isEmpty()) {
        lines.add("(no routes)");
      }
      sb.append("    ")
          .append(id("table", t.name()))
          .append(" [label=")
          .append(leftLabel(lines))
          .append(", shape=\"note\", style=\"\"];\n");
    }
    sb.append("  }\n");
    for (Gateway g : p.gateways()) {
      if (g.subnet().isEmpty() || !subnetNames.contains(g.subnet().get())) {
        sb.append("  ").append(gateway(g)).append('\n');
      }
    }
    Set<String> unknownHops = new LinkedHashSet<>();
    p.routeTables()
        .forEach(
            t ->
                t.routes()
                    .forEach(
                        r -> {
                          if (r.target() instanceof ToAddress a) {
                            unknownHops.add(a.address());
                          }
                        }));
    for (String a : unknownHops.stream().sorted().toList()) {
      sb.append("  ")
          .append(id("address", a))
          .append(" [label=")
          .append(label(List.of("next hop " + a, "(no instance)")))
          .append(", color=\"red\", fontcolor=\"red\"];\n");
    }
    Set<String> machineNames = new LinkedHashSet<>();
    p.machines().forEach(m -> machineNames.add(m.name()));
    for (String end :
        p.links().stream()
            .flatMap(l -> java.util.stream.Stream.of(l.from(), l.to()))
            .filter(e -> !machineNames.contains(e))
            .distinct()
            .sorted()
            .toList()) {
      sb.append("  ")
          .append(id("instance", end))
          .append(" [label=")
          .append(label(List.of(end, "(no instance)")))
          .append(", color=\"red\", fontcolor=\"red\"];\n");
    }
    for (RouteTable t : p.routeTables()) {
      for (String s : t.subnets()) {
        sb.append("  ")
            .append(id("table", t.name()))
            .append(" -> ")
            .append(id("subnet", s))
            .append(
                " [style=\"dashed\", arrowhead=\"none\", color=\"gray40\", label=\"associated\"];\n");
      }
      for (Route r : t.routes()) {
        sb.append("  ")
            .append(id("table", t.name()))
            .append(" -> ")
            .append(target(r))
            .append(" [label=")
            .append(label(List.of(r.destination())))
            .append("];\n");
      }
    }
    for (Link l : p.links()) {
      boolean reverse = p.links().contains(new Link(l.to(), l.from(), l.kind(), l.label()));
      if (reverse && l.from().compareTo(l.to()) > 0) {
        continue;
      }
      sb.append("  ")
          .append(id("instance", l.from()))
          .append(" -> ")
          .append(id("instance", l.to()))
          .append(" [label=")
          .append(label(List.of(l.kind() + " " + l.label())))
          .append(", color=\"")
          .append(l.kind().equals("route") ? "darkgreen" : "blue")
          .append("\", fontcolor=\"")
          .append(l.kind().equals("route") ? "darkgreen" : "blue")
          .append('"')
          .append(reverse ? ", dir=\"both\"" : "")
          .append("];\n");
    }
    sb.append("}\n");
    return sb.toString();
  }

  private static String machine(Machine m) {
    List<String> lines = new ArrayList<>();
    lines.add(m.name());
    lines.add(m.role() + ", " + m.address());
    lines.add(
        m.podRange()
            .map(r -> "pods " + r)
            .orElse(m.role().equals("bastion") ? "no pods" : "pods: none"));
    lines.addAll(m.details());
    return id("instance", m.name())
        + " [label="
        + label(lines)
        + ", style=\"rounded,filled\", fillcolor=\"white\"];";
  }

  private static String gateway(Gateway g) {
    return id("gateway", g.id())
        + " [label="
        + label(List.of(g.label()))
        + ", shape=\"hexagon\", style=\"\"];";
  }

  private static String target(Route r) {
    if (r.target() instanceof ToMachine m) {
      return id("instance", m.machine());
    } else if (r.target() instanceof ToGateway g) {
      return id("gateway", g.gateway());
    }
    return id("address", ((ToAddress) r.target()).address());
  }

  private static String fill(String subnetType) {
    return switch (subnetType == null ? "" : subnetType) {
      case "Private" -> "lightyellow";
      case "Utility" -> "lightcyan";
      default -> "aliceblue";
    };
  }

  /**
   * A node id: kind and name, quoted, so names from the spec can never clash or break the syntax.
   */
  static String id(String kind, String name) {
    return quote(kind + ":" + name);
  }

  /** Centred lines. */
  static String label(List<String> lines) {
    return "\"" + String.join("\\n", lines.stream().map(DotGraph::escape).toList()) + "\"";
  }

  /** Left-justified lines (each ends with {@code \l}). */
  static String leftLabel(List<String> lines) {
    StringBuilder sb = new StringBuilder("\"");
    lines.forEach(l -> sb.append(escape(l)).append("\\l"));
    return sb.append('"').toString();
  }

  static String quote(String s) {
    return "\"" + escape(s) + "\"";
  }

  /**
   * Text inside a DOT double-quoted string: backslash and quote escaped (so {@code \n} in a name
   * stays two characters, never a line break), control characters made spaces.
   */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '\\' || c == '"') {
        sb.append('\\').append(c);
      } else if (Character.isISOControl(c)) {
        sb.append(' ');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
