package dev.jkops.cloud.local.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.api.JsonTrees;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A namespace's links with their addresses, its main IPv4 routes and its IPv4 interface settings,
 * read by one process ({@code ip -n NS -j -d -batch -} of {@code addr show}, {@code route show
 * table main} and {@code netconf show}). Reading a cluster's nodes took six processes per node
 * (links, addresses, routes and sysctls of the instance, links and addresses again for its bridge):
 * about 600 for 100 nodes before {@code validate} could start a pod. The values are the kernel's
 * own, interpreted as {@link NetnsIp}'s separate reads interpret them.
 */
public final class NamespaceReading {
  private static final String LINES = "addr show\nroute show table main\nnetconf show\n";

  private final String namespace;
  private final JsonNode links;
  private final JsonNode routes;
  private final JsonNode netconf;

  private NamespaceReading(String namespace, JsonNode links, JsonNode routes, JsonNode netconf) {
    this.namespace = namespace;
    this.links = links;
    this.routes = routes;
    this.netconf = netconf;
  }

  /** Reads {@code namespace} in one process. */
  public static NamespaceReading of(CommandRunner runner, String namespace) {
    String purpose = "read the links, routes and settings of " + namespace;
    Command c =
        Command.of(
                purpose,
                List.of("ip", "-n", NamespaceName.require(namespace), "-j", "-d", "-batch", "-"))
            .withStdin(LINES);
    return parse(namespace, purpose, runner.check(c).stdout());
  }

  /** The three JSON arrays {@code ip -j -batch} prints one after another. */
  static NamespaceReading parse(String namespace, String purpose, String out) {
    List<JsonNode> arrays;
    // each root value whole (readValues' MappingIterator would unwrap the first array)
    try {
      arrays = JsonTrees.readAll(out);
    } catch (IOException | RuntimeException e) {
      throw new KernelException(
          "could not " + purpose + ": ip printed JSON jkops cannot read: " + e.getMessage(), e);
    }
    if (arrays.size() != 3) {
      throw new KernelException(
          "could not " + purpose + ": ip printed " + arrays.size() + " listings, not 3");
    }
    return new NamespaceReading(namespace, arrays.get(0), arrays.get(1), arrays.get(2));
  }

  public String namespace() {
    return namespace;
  }

  /** As {@link NetnsIp#links()}. */
  public List<Link> links() {
    List<Link> out = new ArrayList<>();
    for (JsonNode l : links) {
      out.add(NetnsIp.linkOf(l));
    }
    return out;
  }

  public Optional<Link> link(String name) {
    return links().stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /** IPv4 addresses (address/prefix) on {@code dev}, as {@link NetnsIp#addresses}. */
  public List<String> addresses(String dev) {
    return addresses(dev, "inet", false);
  }

  /** Global IPv6 addresses on {@code dev}, as {@link NetnsIpv6#addresses}. */
  public List<String> ipv6Addresses(String dev) {
    return addresses(dev, "inet6", true);
  }

  private List<String> addresses(String dev, String family, boolean globalOnly) {
    List<String> out = new ArrayList<>();
    for (JsonNode l : links) {
      if (!l.path("ifname").asText().equals(dev)) {
        continue;
      }
      for (JsonNode a : l.path("addr_info")) {
        if (!a.has("local")
            || !a.path("family").asText().equals(family)
            || (globalOnly && !a.path("scope").asText().equals("global"))) {
          continue;
        }
        out.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
      }
    }
    return out;
  }

  /** The main table's IPv4 routes, as {@link NetnsIp#routes routes(0)}. */
  public List<KernelRoute> routes() {
    List<KernelRoute> out = new ArrayList<>();
    for (JsonNode r : routes) {
      NetnsIp.routeOf(r, 0).ifPresent(out::add);
    }
    return out;
  }

  /**
   * True when the namespace forwards IPv4 with reverse-path filtering off for all and new
   * interfaces: {@code net.ipv4.ip_forward=1} (the kernel's "all" forwarding) and {@code
   * net.ipv4.conf.{all,default}.rp_filter=0}.
   */
  public boolean routesIpv4() {
    return ipv4Conf("all").map(c -> c.path("forwarding").asBoolean(false)).orElse(false)
        && rpFilterOff("all")
        && rpFilterOff("default");
  }

  private boolean rpFilterOff(String dev) {
    return ipv4Conf(dev).map(c -> c.path("rp_filter").asText("").equals("off")).orElse(false);
  }

  /** {@code net.ipv4.conf.DEV.proxy_arp} is on (netconf's {@code proxy_neigh}). */
  public boolean proxyArp(String dev) {
    return ipv4Conf(dev).map(c -> c.path("proxy_neigh").asBoolean(false)).orElse(false);
  }

  private Optional<JsonNode> ipv4Conf(String dev) {
    for (JsonNode c : netconf) {
      if (c.path("family").asText().equals("inet") && c.path("interface").asText().equals(dev)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
