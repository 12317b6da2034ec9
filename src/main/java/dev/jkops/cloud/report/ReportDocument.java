package dev.jkops.cloud.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * validate's {@code -o yaml|json} output in kops' shape ({@code failures[].type/name/message},
 * {@code nodes[].name/zone/role/hostname/status}), plus jkops' {@code connectivity} list and its
 * {@code coverage} (node and zone pairs probed, out of how many).
 */
public final class ReportDocument {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
          .enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                  .build())
          .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

  @JsonPropertyOrder({"type", "name", "message"})
  record Failure(String type, String name, String message) {}

  @JsonPropertyOrder({"name", "zone", "role", "hostname", "status"})
  record Node(String name, String zone, String role, String hostname, String status) {}

  @JsonPropertyOrder({
    "check",
    "protocol",
    "from",
    "to",
    "expected",
    "passed",
    "observed",
    "millis"
  })
  record Connectivity(
      String check,
      String protocol,
      String from,
      String to,
      String expected,
      boolean passed,
      String observed,
      long millis) {}

  @JsonPropertyOrder({"name", "address", "running", "healthy", "leader", "problem"})
  record EtcdMemberDoc(
      String name,
      String address,
      boolean running,
      boolean healthy,
      boolean leader,
      String problem) {}

  @JsonPropertyOrder({"members", "leader", "quorum", "healthy", "hasQuorum"})
  record EtcdDoc(
      List<EtcdMemberDoc> members, String leader, int quorum, long healthy, boolean hasQuorum) {}

  @JsonPropertyOrder({"nodes", "nodePairsProbed", "nodePairs", "zonePairsProbed", "zonePairs"})
  record CoverageDoc(
      int nodes, int nodePairsProbed, int nodePairs, int zonePairsProbed, int zonePairs) {}

  @JsonPropertyOrder({"failures", "warnings", "nodes", "etcd", "connectivity", "coverage"})
  record Document(
      List<Failure> failures,
      List<Failure> warnings,
      List<Node> nodes,
      EtcdDoc etcd,
      List<Connectivity> connectivity,
      CoverageDoc coverage) {}

  private ReportDocument() {}

  static Document of(ValidationReport r) {
    return new Document(
        r.failures().stream().map(f -> new Failure(f.kind(), f.name(), f.message())).toList(),
        r.warnings().stream().map(f -> new Failure(f.kind(), f.name(), f.message())).toList(),
        r.nodes().stream()
            .map(
                n ->
                    new Node(
                        n.name(), n.zone(), n.role(), n.hostname(), n.ready() ? "True" : "False"))
            .toList(),
        r.etcd()
            .map(
                h ->
                    new EtcdDoc(
                        h.members().stream()
                            .map(
                                m ->
                                    new EtcdMemberDoc(
                                        m.name(),
                                        m.address(),
                                        m.running(),
                                        m.healthy(),
                                        m.leader(),
                                        m.problem()))
                            .toList(),
                        h.leader().orElse(null),
                        h.quorum(),
                        h.healthyCount(),
                        h.hasQuorum()))
            .orElse(null),
        r.connectivity().stream()
            .map(
                p ->
                    new Connectivity(
                        p.probe().check().words(),
                        p.probe().protocolText(),
                        p.probe().from().describe(),
                        p.probe().to().describe(),
                        p.probe().expectAllowed() ? "reach" : "dropped",
                        p.passed(),
                        p.observed(),
                        p.millis()))
            .toList(),
        r.coverage()
            .map(
                c ->
                    new CoverageDoc(
                        c.nodes(),
                        c.nodePairsProbed(),
                        c.nodePairs(),
                        c.zonePairsProbed(),
                        c.zonePairs()))
            .orElse(null));
  }

  public static String yaml(ValidationReport r) {
    return write(YAML, r);
  }

  public static String json(ValidationReport r) {
    return write(JSON, r) + "\n";
  }

  private static String write(ObjectMapper m, ValidationReport r) {
    try {
      return m.writeValueAsString(of(r));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
