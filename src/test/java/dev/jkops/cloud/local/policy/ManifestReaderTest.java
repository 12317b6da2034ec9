package dev.jkops.cloud.local.policy;

import static dev.jkops.api.TreeAssertions.assertSameNodeClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ManifestReader against the thing it stands in for, a YAML mapper's {@code readValues}: the same
 * documents (nulls dropped, {@code kind: List} flattened) from the same text, and a syntax error
 * reported with the parser's own message and position; and each document written back as YAML
 * ({@link ManifestDocument#yaml()}) as that mapper's {@code writeValueAsString} writes it.
 */
class ManifestReaderTest {
  private static final ObjectMapper YAML_MAPPER = new ObjectMapper(new YAMLFactory());

  private static final String POLICY =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n"
          + "  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: web}\n"
          + "  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}\n"
          + "    ports:\n    - {protocol: TCP, port: 80, endPort: 90}\n    - port: \"8080\"\n"
          + "  policyTypes: [Ingress]\n";

  static Stream<String> manifests() {
    return Stream.of(
        POLICY,
        "---\n" + POLICY,
        POLICY + "---\n" + POLICY.replace("web", "db"),
        POLICY + "---\n---\n# only a comment\n---\n" + POLICY.replace("web", "db") + "...\n",
        "apiVersion: v1\nkind: List\nitems:\n- " + POLICY.replace("\n", "\n  ").stripTrailing(),
        // JSON, as the local API server stores a policy
        "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":"
            + "{\"name\":\"a\"},\"spec\":{\"podSelector\":{},\"policyTypes\":[\"Egress\"]}}",
        "kind: X\nbig: 9223372036854775808\nlong: 2147483648\nfloat: 1.5e3\nnull: ~\n"
            + "quoted: 'null'\nempty:\nbool: [true, false, yes]\n",
        "kind: X\nanchor: &a {k: v}\nalias: *a\n",
        // an alias to no anchor is no error to the parser
        "kind: X\nref: *nowhere\n",
        "kind: X\nbin: !!binary aGVsbG8=\n",
        "kind: X\ntagged: !!str 42\n");
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void readsTheDocumentsAYamlMappersReadValuesGives(String text) throws IOException {
    List<JsonNode> expected = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML_MAPPER.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        if ("List".equals(doc.path("kind").asText())) {
          doc.path("items").forEach(expected::add);
        } else {
          expected.add(doc);
        }
      }
    }
    List<ManifestDocument> docs = ManifestReader.read(text, "m.yaml");
    assertThat(docs).extracting(ManifestDocument::body).isEqualTo(expected);
    for (int i = 0; i < docs.size(); i++) {
      assertSameNodeClasses(expected.get(i), docs.get(i).body());
      assertThat(docs.get(i).index()).isEqualTo(i + 1);
    }
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void writesEachDocumentBackAsAYamlMapperWritesIt(String text) throws IOException {
    for (ManifestDocument doc : ManifestReader.read(text, "m.yaml")) {
      assertThat(doc.yaml()).isEqualTo(YAML_MAPPER.writeValueAsString(doc.body()));
    }
  }

  static Stream<String> malformed() {
    return Stream.of(
        "kind: X\n  bad: indent\n",
        "kind: [unclosed\n",
        "kind: X\nspec: {a: 1\n",
        "- a\nb: c\n",
        POLICY + "---\nkind: \"unterminated\n");
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void namesASyntaxErrorAsTheParserDoes(String text) {
    JsonProcessingException parser =
        (JsonProcessingException)
            org.junit.jupiter.api.Assertions.assertThrows(
                IOException.class,
                () -> {
                  try (MappingIterator<JsonNode> it =
                      YAML_MAPPER.readerFor(JsonNode.class).readValues(text)) {
                    while (it.hasNextValue()) {
                      it.nextValue();
                    }
                  }
                });
    String first = parser.getOriginalMessage().lines().findFirst().orElse("");
    assertThatThrownBy(() -> ManifestReader.read(text, "m.yaml"))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(
            "m.yaml is not valid YAML at line " + parser.getLocation().getLineNr())
        .hasMessageContaining(first)
        .hasMessageEndingWith("fix the syntax (indentation, colons, quotes) and try again");
  }

  @ParameterizedTest
  @MethodSource("notObjects")
  void refusesADocumentThatIsNotAnObject(String text) {
    assertThatThrownBy(() -> ManifestReader.read(text, "m.yaml"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("is not a Kubernetes object");
  }

  static Stream<String> notObjects() {
    return Stream.of("just a scalar\n", "42\n", POLICY + "---\n- a list\n");
  }

  @ParameterizedTest
  @MethodSource("empty")
  void refusesAFileWithoutObjects(String text) {
    assertThatThrownBy(() -> ManifestReader.read(text, "m.yaml"))
        .isInstanceOf(ManifestException.class)
        .hasMessage("m.yaml holds no Kubernetes objects");
  }

  static Stream<String> empty() {
    return Stream.of("", "# nothing\n", "---\n---\n", "~\n", "null\n");
  }
}
