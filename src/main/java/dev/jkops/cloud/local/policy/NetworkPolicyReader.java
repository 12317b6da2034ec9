package dev.jkops.cloud.local.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.api.Cidr;
import dev.jkops.api.FieldError;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code networking.k8s.io/v1} NetworkPolicy and checks it as the API server would, every
 * error with its field path. {@code extensions/v1beta1} (the 2017 spelling, Kubernetes before 1.7)
 * is read too, with today's v1 meaning; its namespace-annotation isolation is not modelled.
 */
public final class NetworkPolicyReader {
  public static final String API_VERSION = "networking.k8s.io/v1";
  public static final String LEGACY_API_VERSION = "extensions/v1beta1";
  public static final String DEFAULT_NAMESPACE = "default";

  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec", "status");
  private static final Set<String> SPEC = Set.of("podSelector", "ingress", "egress", "policyTypes");
  private static final Set<String> INGRESS = Set.of("from", "ports");
  private static final Set<String> EGRESS = Set.of("to", "ports");
  private static final Set<String> PEER = Set.of("podSelector", "namespaceSelector", "ipBlock");
  private static final Set<String> IP_BLOCK = Set.of("cidr", "except");
  private static final Set<String> PORT = Set.of("protocol", "port", "endPort");

  private final FieldReader in = new FieldReader();

  private NetworkPolicyReader() {}

  /** Reads one document already known to be {@code kind: NetworkPolicy}. */
  public static NetworkPolicy read(ManifestDocument doc) {
    NetworkPolicyReader r = new NetworkPolicyReader();
    NetworkPolicy policy = r.policy(doc.body());
    if (!r.in.errors().isEmpty()) {
      throw new ManifestException(doc.describe() + " is not a valid NetworkPolicy", r.in.errors());
    }
    return policy;
  }

  /** Reads every document of a file; each must be a NetworkPolicy. */
  public static List<NetworkPolicy> readAll(String text, String source) {
    List<NetworkPolicy> out = new ArrayList<>();
    for (ManifestDocument doc : ManifestReader.read(text, source)) {
      if (!"NetworkPolicy".equals(doc.kind())) {
        throw new ManifestException(
            doc.describe() + ": kind \"" + doc.kind() + "\" is not NetworkPolicy", List.of());
      }
      out.add(read(doc));
    }
    return out;
  }

  private NetworkPolicy policy(JsonNode body) {
    in.object(body, "", TOP);
    String apiVersion = body.path("apiVersion").asText("");
    if (!API_VERSION.equals(apiVersion) && !LEGACY_API_VERSION.equals(apiVersion)) {
      in.error(
          FieldError.unsupported(
              "apiVersion",
              apiVersion,
              "supported values: \"" + API_VERSION + "\", \"" + LEGACY_API_VERSION + "\""));
    }
    JsonNode meta = body.path("metadata");
    String name = in.string(meta.get("name"), "metadata.name").orElse("");
    if (name.isEmpty()) {
      in.error(FieldError.required("metadata.name", "every NetworkPolicy needs a name"));
    } else if (!name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || name.length() > 253) {
      in.error(
          FieldError.invalid(
              "metadata.name",
              name,
              "must be lower case letters, digits, '-' and '.', starting and ending with a letter or digit"));
    }
    String namespace =
        in.string(meta.get("namespace"), "metadata.namespace").orElse(DEFAULT_NAMESPACE);
    if (meta.get("namespace") != null) {
      // the namespace becomes part of a store key: "..", "/" or a newline must never get that far
      dev.jkops.api.KubernetesNames.dnsLabel("metadata.namespace", namespace).forEach(in::error);
    }
    JsonNode spec =
        in.object(body.get("spec"), "spec", SPEC)
            .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    LabelSelector podSelector =
        SelectorReader.read(in, spec.get("podSelector"), "spec.podSelector")
            .orElse(LabelSelector.everything());
    List<PolicyRule> ingress = rules(spec.get("ingress"), "spec.ingress", INGRESS, "from");
    List<PolicyRule> egress = rules(spec.get("egress"), "spec.egress", EGRESS, "to");
    Set<PolicyType> types = policyTypes(spec.get("policyTypes"), !egress.isEmpty());
    return new NetworkPolicy(name, namespace, podSelector, types, ingress, egress);
  }

  /**
   * policyTypes as given, or the API server's default: Ingress, plus Egress when egress rules
   * exist.
   */
  private Set<PolicyType> policyTypes(JsonNode node, boolean hasEgress) {
    Set<PolicyType> types = EnumSet.noneOf(PolicyType.class);
    List<JsonNode> items = in.list(node, "spec.policyTypes");
    for (int i = 0; i < items.size(); i++) {
      String path = "spec.policyTypes[" + i + "]";
      Optional<String> text = in.string(items.get(i), path);
      if (text.isEmpty()) {
        continue;
      }
      try {
        if (!types.add(PolicyType.valueOf(text.get()))) {
          in.error(FieldError.duplicate(path, text.get()));
        }
      } catch (IllegalArgumentException e) {
        in.error(
            FieldError.unsupported(path, text.get(), "supported values: \"Ingress\", \"Egress\""));
      }
    }
    if (items.isEmpty()) {
      types.add(PolicyType.Ingress);
      if (hasEgress) {
        types.add(PolicyType.Egress);
      }
    }
    return types;
  }

  private List<PolicyRule> rules(
      JsonNode node, String path, Set<String> fields, String peersField) {
    List<PolicyRule> rules = new ArrayList<>();
    List<JsonNode> items = in.list(node, path);
    for (int i = 0; i < items.size(); i++) {
      String rulePath = path + "[" + i + "]";
      JsonNode rule = items.get(i);
      if (!in.present(rule)) {
        rules.add(PolicyRule.allowAll());
        continue;
      }
      if (in.object(rule, rulePath, fields).isEmpty()) {
        continue;
      }
      List<PolicyPeer> peers = new ArrayList<>();
      List<JsonNode> rawPeers = in.list(rule.get(peersField), rulePath + "." + peersField);
      for (int p = 0; p < rawPeers.size(); p++) {
        peer(rawPeers.get(p), rulePath + "." + peersField + "[" + p + "]").ifPresent(peers::add);
      }
      List<PolicyPort> ports = new ArrayList<>();
      List<JsonNode> rawPorts = in.list(rule.get("ports"), rulePath + ".ports");
      for (int p = 0; p < rawPorts.size(); p++) {
        port(rawPorts.get(p), rulePath + ".ports[" + p + "]").ifPresent(ports::add);
      }
      rules.add(new PolicyRule(peers, ports));
    }
    return rules;
  }

  private Optional<PolicyPeer> peer(JsonNode node, String path) {
    if (in.object(node, path, PEER).isEmpty()) {
      if (!in.present(node)) {
        in.error(
            FieldError.required(
                path, "must specify a peer: podSelector, namespaceSelector or ipBlock"));
      }
      return Optional.empty();
    }
    Optional<LabelSelector> pods =
        SelectorReader.read(in, node.get("podSelector"), path + ".podSelector");
    Optional<LabelSelector> namespaces =
        SelectorReader.read(in, node.get("namespaceSelector"), path + ".namespaceSelector");
    Optional<IpBlock> block = ipBlock(node.get("ipBlock"), path + ".ipBlock");
    boolean selectors =
        in.present(node.get("podSelector")) || in.present(node.get("namespaceSelector"));
    if (in.present(node.get("ipBlock")) && selectors) {
      in.error(
          FieldError.forbidden(
              path,
              "may not specify ipBlock together with podSelector or namespaceSelector;"
                  + " use separate peers"));
      return Optional.empty();
    }
    if (!selectors && !in.present(node.get("ipBlock"))) {
      in.error(
          FieldError.required(
              path, "must specify a peer: podSelector, namespaceSelector or ipBlock"));
      return Optional.empty();
    }
    return Optional.of(new PolicyPeer(pods, namespaces, block));
  }

  private Optional<IpBlock> ipBlock(JsonNode node, String path) {
    if (in.object(node, path, IP_BLOCK).isEmpty()) {
      return Optional.empty();
    }
    Optional<PolicyCidr> cidr = cidr(node.get("cidr"), path + ".cidr");
    if (!in.present(node.get("cidr"))) {
      in.error(FieldError.required(path + ".cidr", "the block of addresses, e.g. 10.0.0.0/8"));
    }
    List<PolicyCidr> except = new ArrayList<>();
    List<JsonNode> raw = in.list(node.get("except"), path + ".except");
    for (int i = 0; i < raw.size(); i++) {
      String p = path + ".except[" + i + "]";
      Optional<PolicyCidr> e = cidr(raw.get(i), p);
      if (e.isPresent()
          && cidr.isPresent()
          && (!cidr.get().contains(e.get()) || cidr.get().equals(e.get()))) {
        in.error(
            FieldError.invalid(p, e.get().toString(), "must be a strict subset of " + cidr.get()));
      }
      e.ifPresent(except::add);
    }
    return cidr.map(c -> new IpBlock(c, except));
  }

  /**
   * An IPv4 or IPv6 block. IPv4 text keeps the messages of {@link Cidr}; IPv6 blocks are enforced
   * with {@code ip6} matches in the pods' rules and match only IPv6 traffic, as in Kubernetes.
   */
  private Optional<PolicyCidr> cidr(JsonNode node, String path) {
    Optional<String> text = in.string(node, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(PolicyCidr.parse(text.get()));
    } catch (IllegalArgumentException e) {
      in.error(FieldError.invalid(path, text.get(), e.getMessage()));
      return Optional.empty();
    }
  }

  private Optional<PolicyPort> port(JsonNode node, String path) {
    if (in.object(node, path, PORT).isEmpty()) {
      return Optional.of(
          new PolicyPort(PolicyPort.Protocol.TCP, Optional.empty(), Optional.empty()));
    }
    PolicyPort.Protocol protocol = PolicyPort.Protocol.TCP;
    Optional<String> proto = in.string(node.get("protocol"), path + ".protocol");
    if (proto.isPresent()) {
      try {
        protocol = PolicyPort.Protocol.valueOf(proto.get());
      } catch (IllegalArgumentException e) {
        in.error(
            FieldError.unsupported(
                path + ".protocol", proto.get(), "supported values: \"TCP\", \"UDP\", \"SCTP\""));
      }
    }
    Optional<Integer> port = Optional.empty();
    JsonNode rawPort = node.get("port");
    if (in.present(rawPort)) {
      if (rawPort.isIntegralNumber()) {
        port = portNumber(rawPort.asInt(), path + ".port");
      } else if (rawPort.isTextual() && rawPort.asText().matches("\\d+")) {
        in.error(
            FieldError.invalid(
                path + ".port",
                rawPort.asText(),
                "a quoted number is a port name in"
                    + " Kubernetes; write the number without quotes"));
      } else if (rawPort.isTextual()) {
        in.error(
            FieldError.unsupported(
                path + ".port",
                rawPort.asText(),
                "named ports match container ports, and"
                    + " pods on the local cloud have no containers; give the port number instead"));
      } else {
        in.error(
            FieldError.invalid(
                path + ".port", rawPort.toString(), "must be a port number 1-65535"));
      }
    }
    Optional<Integer> endPort = Optional.empty();
    JsonNode rawEnd = node.get("endPort");
    if (in.present(rawEnd)) {
      if (!rawEnd.isIntegralNumber()) {
        in.error(
            FieldError.invalid(
                path + ".endPort", rawEnd.toString(), "must be a port number 1-65535"));
      } else if (port.isEmpty()) {
        in.error(
            FieldError.required(path + ".port", "must be a port number when endPort is given"));
      } else if (rawEnd.asInt() < port.get()) {
        in.error(
            FieldError.invalid(
                path + ".endPort", rawEnd.asInt(), "must be at least port (" + port.get() + ")"));
      } else {
        endPort = portNumber(rawEnd.asInt(), path + ".endPort");
      }
    }
    return Optional.of(new PolicyPort(protocol, port, endPort));
  }

  private Optional<Integer> portNumber(int value, String path) {
    if (value < 1 || value > 65535) {
      in.error(FieldError.invalid(path, value, "must be between 1 and 65535, inclusive"));
      return Optional.empty();
    }
    return Optional.of(value);
  }
}
