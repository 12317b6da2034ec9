package dev.jkops.api;

import static dev.jkops.api.TreeAssertions.assertSameNodeClasses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JsonTrees against a default ObjectMapper, the thing it stands in for: the same trees from the
 * same text, the same text from the same trees, and the same errors.
 */
class JsonTreesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Captured from a local kubenet cluster's namespaces and its etcd's JSON gateway. */
  private static final List<String> CAPTURED =
      List.of(
          "ip-link-detail.json",
          "ip-link-detail-vpc.json",
          "ip-route.json",
          "ip-route-all-vpc.json",
          "nft-ruleset.json",
          "etcd-status.json",
          "etcd-range.json",
          "etcd-members.json",
          "etcd-cluster.json",
          "cni-kubenet.conflist");

  static Stream<String> texts() throws IOException {
    List<String> t = new ArrayList<>();
    t.addAll(
        List.of(
            "{}",
            "[]",
            "{\"a\":{},\"b\":[],\"c\":[{}, [[]], {\"d\":[1,[2,[3]]]}]}",
            "{\"a\": {\"b\": {\"c\": {\"d\": [true, false, null]}}}}",
            "0",
            "-0",
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "[-1, -0.0, 0.0, 1.5, -1.5e10, 1E3, 1e-7, 2.5E+300, 1e400, -1e400, 4.9e-330]",
            "[0.1, 0.30000000000000004, 1.0, 100.0, 1e7, 12345678.9, 3.141592653589793238462643]",
            "\"caf\\u00e9 \\t tab \\\" quote \\\\ back \\/ slash \\n nl \\r cr \\b \\f\"",
            "\"\\u0000\\u0001\\u001f\\u007f \\u2028 \\ud83d\\ude00 😀 é 日本\"",
            "{\"ключ\": \"значение\", \"\\u00e9\": 1}",
            "{\"a\":1,\"b\":2,\"a\":3}",
            "{\"a\":{\"x\":1},\"b\":2,\"a\":[4]}",
            "true",
            "false",
            "null",
            "\"\"",
            "  {\"spaced\" : [ 1 , 2 ] }  \n",
            "{\"a\":1} trailing",
            "[1] [2]",
            "{\"a\":1}}",
            "\"x\" ,"));
    for (String name : CAPTURED) {
      t.add(resource(name));
    }
    return t.stream();
  }

  @ParameterizedTest
  @MethodSource("texts")
  void readsTheTreesAMapperReads(String json) throws IOException {
    JsonNode expected = MAPPER.readTree(json);
    JsonNode actual = JsonTrees.read(json);
    assertEquals(expected, actual);
    assertEquals(expected.getClass(), actual.getClass());
    assertSameNodeClasses(expected, actual);
    assertEquals(expected, JsonTrees.read(json.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @MethodSource("texts")
  void writesTheTextAMapperWrites(String json) throws IOException {
    JsonNode tree = MAPPER.readTree(json);
    assertEquals(MAPPER.writeValueAsString(tree), JsonTrees.write(tree));
    // the compact text as UTF-8; a mapper's own bytes differ only where its UTF-8 generator
    // writes a non-BMP character as two escaped surrogates, and read back as the same tree
    assertArrayEquals(
        MAPPER.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8),
        JsonTrees.writeBytes(tree));
    assertEquals(
        MAPPER.readTree(MAPPER.writeValueAsBytes(tree)),
        MAPPER.readTree(JsonTrees.writeBytes(tree)));
    assertEquals(
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree),
        JsonTrees.writePretty(tree));
    assertEquals(
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree),
        JsonTrees.writePretty(tree));
  }

  /**
   * YAML as the local API server reads it (a request body sent as YAML, a stored network policy):
   * what a YAML mapper's readTree gives, from the same parser.
   */
  static Stream<String> yamlTexts() {
    return Stream.of(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n"
            + "spec:\n  podSelector:\n    matchLabels: {app: web}\n  ingress:\n"
            + "  - ports:\n    - {protocol: TCP, port: 80}\n    - port: \"8080\"\n"
            + "  policyTypes: [Ingress]\n",
        "a: 1\nb: 2147483648\nc: 9223372036854775808\nd: 1.5\ne: 1e3\nf: -0.0\n",
        "t: true\nf: false\nn: null\ntilde: ~\nempty:\nquoted: 'null'\n",
        "- 1\n- [2, [3]]\n- {x: {y: [true]}}\n",
        "key: value\nkey: again\n",
        "first: 1\n---\nsecond: 2\n",
        "just a scalar\n",
        "42\n",
        "bin: !!binary aGVsbG8=\nanchor: &a {k: v}\nalias: *a\n",
        "");
  }

  @ParameterizedTest
  @MethodSource("yamlTexts")
  void readsTheTreesAYamlMapperReadsFromItsParser(String yaml) throws IOException {
    YAMLFactory factory = new YAMLFactory();
    JsonNode expected = new ObjectMapper(factory).readTree(yaml);
    JsonNode actual;
    try (com.fasterxml.jackson.core.JsonParser p = factory.createParser(yaml)) {
      actual = JsonTrees.read(p);
    }
    assertEquals(expected, actual);
    assertSameNodeClasses(expected, actual);
  }

  @Test
  void emptyAndBlankTextIsAMissingNodeAsForReadTree() throws IOException {
    for (String json : List.of("", " ", "\n\t  \r\n")) {
      assertEquals(MAPPER.readTree(json), JsonTrees.read(json));
      assertTrue(JsonTrees.read(json).isMissingNode());
      assertTrue(JsonTrees.read(json.getBytes(StandardCharsets.UTF_8)).isMissingNode());
      assertEquals(List.of(), JsonTrees.readAll(json));
    }
  }

  @Test
  void readAllGivesEachRootValueAsIpBatchPrintsThem() throws IOException {
    String batch = resource("ip-batch.json");
    List<JsonNode> all = JsonTrees.readAll(batch);
    assertEquals(3, all.size());
    List<JsonNode> expected = new ArrayList<>();
    MAPPER
        .readerFor(JsonNode.class)
        .readValues(MAPPER.createParser(batch))
        .forEachRemaining(n -> expected.add((JsonNode) n));
    assertEquals(expected, all);
    assertEquals(
        List.of(MAPPER.readTree("[1]"), MAPPER.readTree("{}"), MAPPER.readTree("2")),
        JsonTrees.readAll("[1] {} 2"));
  }

  static Stream<String> malformed() {
    return Stream.of(
        "{",
        "[1,2",
        "{\"a\":",
        "{\"a\" 1}",
        "{a:1}",
        "[1,]",
        "}",
        "]",
        "tru",
        "nul",
        "'x'",
        "\"unterminated",
        "\"ctrl \u0001 char\"",
        "01",
        "1.",
        "-",
        "NaN",
        "123x",
        "[\"\\q\"]",
        "[".repeat(1001) + "]".repeat(1001));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void failsAsAMapperFailsWithTheSameMessage(String json) {
    IOException expected = assertThrows(IOException.class, () -> MAPPER.readTree(json));
    JsonProcessingException actual =
        assertThrows(JsonProcessingException.class, () -> JsonTrees.read(json));
    assertEquals(expected.getMessage(), actual.getMessage());
    assertThrows(JsonProcessingException.class, () -> JsonTrees.readAll(json));
  }

  @Test
  void writesBuiltTreesAsAMapperDoes() throws IOException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode n = f.objectNode().put("apiVersion", "v1").put("kind", "Node");
    n.putObject("metadata").put("name", "n-1").putObject("labels").put("role", "");
    n.put("short", (short) 7)
        .put("int", 7)
        .put("long", 1L << 40)
        .put("float", 1.25f)
        .put("double", 0.1)
        .put("decimal", new BigDecimal("1.50"))
        .put("bigDecimalExp", new BigDecimal("1E+3"))
        .put("bigint", new BigInteger("123456789012345678901234567890"))
        .put("bool", true)
        .put("bytes", "héllo".getBytes(StandardCharsets.UTF_8))
        .putNull("nothing")
        .put("text", "tab\tquote\"é😀\u0001");
    n.putArray("list").add(1).add("two").addNull().addObject().put("x", false);
    n.set("missing", f.missingNode());
    n.putPOJO("pojoNull", null);
    assertEquals(MAPPER.writeValueAsString(n), JsonTrees.write(n));
    assertEquals(
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n), JsonTrees.writePretty(n));
    assertEquals(MAPPER.writeValueAsString(f.missingNode()), JsonTrees.write(f.missingNode()));
  }

  @Test
  void refusesPojosThatWouldNeedAMapper() {
    ObjectNode n = JsonNodeFactory.instance.objectNode().putPOJO("p", new Object());
    assertThrows(IllegalArgumentException.class, () -> JsonTrees.write(n));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = JsonTreesTest.class.getResourceAsStream("/json-trees/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
