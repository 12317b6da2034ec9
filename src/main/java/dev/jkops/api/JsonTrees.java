package dev.jkops.api;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * JSON text to databind's {@link JsonNode} trees and back with jackson-core's streaming parser and
 * generator alone, giving the same trees and the same text as a default {@code new
 * ObjectMapper()}'s {@code readTree}, {@code writeValueAsString} and {@code
 * writerWithDefaultPrettyPrinter()}.
 *
 * <p>Why not a mapper: the first {@code ObjectMapper} in a JVM costs ~30 ms of CPU in class
 * initialisation (its serializer and deserializer caches, type factory, date formats), and a first
 * {@code update cluster} of a local cluster only ever reads and writes small trees. For the same
 * reason nothing here calls {@link JsonNode#toString()} or {@code toPrettyString()}: databind
 * writes those through a mapper of its own that it builds on first use.
 */
public final class JsonTrees {
  /** Default features, as a default mapper's own factory has them. */
  private static final JsonFactory FACTORY = new JsonFactory();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  /**
   * The tree of the first JSON value in {@code json}; {@link MissingNode} when there is none (empty
   * or blank text), as {@code readTree} answers. Text after the first value is not read, as {@code
   * readTree} ignores it by default.
   *
   * @throws IOException (a {@link com.fasterxml.jackson.core.JsonProcessingException}) with the
   *     parser's own message when the text is not JSON
   */
  public static JsonNode read(String json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      return p.nextToken() == null ? MissingNode.getInstance() : value(p);
    }
  }

  /** {@link #read(String)} for UTF-8 (or UTF-16/32, which the parser detects) bytes. */
  public static JsonNode read(byte[] json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      return p.nextToken() == null ? MissingNode.getInstance() : value(p);
    }
  }

  /**
   * The next value from a parser of any format jackson-core's factories make (a YAML parser, for
   * one), built as {@link #read(String)} builds it: the first on a new parser, and each call after
   * that the next root value (a YAML stream's next document); {@link MissingNode} when the input
   * has no more. The caller owns and closes the parser.
   */
  public static JsonNode read(JsonParser p) throws IOException {
    return p.nextToken() == null ? MissingNode.getInstance() : value(p);
  }

  /**
   * Every root-level value in {@code json}, in order: for programs that print several documents one
   * after another ({@code ip -j -batch} prints one array per command). Empty for blank text.
   */
  public static List<JsonNode> readAll(String json) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(json)) {
      while (p.nextToken() != null) {
        out.add(value(p));
      }
    }
    return out;
  }

  /** A streaming parser over {@code json}, for readers that decode token by token. */
  public static JsonParser parser(byte[] json) throws IOException {
    return FACTORY.createParser(json);
  }

  /**
   * The value that starts at the parser's current token, leaving the parser on its last token (the
   * scalar itself, or the container's end marker). Containers are built with an explicit stack, so
   * depth is bounded by the parser's nesting limit, not by this thread's stack.
   */
  private static JsonNode value(JsonParser p) throws IOException {
    JsonToken first = p.currentToken();
    if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
      return scalar(p, first);
    }
    ContainerNode<?> root =
        first == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
    Deque<ContainerNode<?>> open = new ArrayDeque<>();
    open.push(root);
    while (true) {
      ContainerNode<?> into = open.peek();
      String name = null;
      JsonToken t = p.nextToken();
      if (t == JsonToken.FIELD_NAME) {
        name = p.currentName();
        t = p.nextToken();
      }
      if (t == null) {
        // the parser reports an unclosed container itself; this is only a guard
        throw new JsonParseException(p, "Unexpected end-of-input in a JSON container");
      }
      switch (t) {
        case END_OBJECT, END_ARRAY -> {
          open.pop();
          if (open.isEmpty()) {
            return root;
          }
        }
        case START_OBJECT -> {
          ObjectNode o = NODES.objectNode();
          add(into, name, o);
          open.push(o);
        }
        case START_ARRAY -> {
          ArrayNode a = NODES.arrayNode();
          add(into, name, a);
          open.push(a);
        }
        default -> add(into, name, scalar(p, t));
      }
    }
  }

  /**
   * Adds to an array, or sets an object's field. {@code replace} keeps a repeated key where it was
   * first seen, with its last value, as {@code readTree} does.
   */
  private static void add(ContainerNode<?> into, String name, JsonNode v) {
    if (into instanceof ObjectNode o) {
      o.replace(name, v);
    } else {
      ((ArrayNode) into).add(v);
    }
  }

  /**
   * A scalar's node, with the number node types {@code readTree} picks by default: the smallest of
   * int, long and BigInteger that holds an integer, and double for any number with a fraction or an
   * exponent.
   */
  private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      // YAML's !!binary; as readTree: bytes as a binary node, anything else as a POJO (which
      // write() refuses)
      case VALUE_EMBEDDED_OBJECT -> {
        Object o = p.getEmbeddedObject();
        yield o == null
            ? NODES.nullNode()
            : o instanceof byte[] b ? NODES.binaryNode(b) : NODES.pojoNode(o);
      }
      default -> throw new JsonParseException(p, "Unexpected token " + t + " for a JSON value");
    };
  }

  /** Compact JSON, as {@code new ObjectMapper().writeValueAsString(node)} writes it. */
  public static String write(JsonNode node) {
    return write(node, false);
  }

  /**
   * {@link #write(JsonNode)}'s text as UTF-8 bytes. A mapper's {@code writeValueAsBytes} gives the
   * same bytes except for characters outside the BMP, which its UTF-8 generator writes as two
   * escaped surrogates where these are the character's own four bytes: the same JSON value.
   */
  public static byte[] writeBytes(JsonNode node) {
    return write(node, false).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Indented JSON ({@link DefaultPrettyPrinter}: two spaces, {@code "key" : value}), as {@code
   * writerWithDefaultPrettyPrinter()} or {@code INDENT_OUTPUT} write it; no trailing newline.
   */
  public static String writePretty(JsonNode node) {
    return write(node, true);
  }

  private static String write(JsonNode node, boolean pretty) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (pretty) {
        // a fresh printer per generator: a DefaultPrettyPrinter keeps the current nesting level
        g.setPrettyPrinter(new DefaultPrettyPrinter());
      }
      emit(g, node);
    } catch (IOException e) {
      // a StringWriter does not fail; what is left is the generator's nesting limit
      throw new UncheckedIOException("cannot write a JSON tree: " + e.getMessage(), e);
    }
    return out.toString();
  }

  /**
   * The generator calls a mapper makes for {@code n}, with any generator (JSON here, YAML in {@link
   * YamlTreeWriter}).
   */
  static void emit(JsonGenerator g, JsonNode n) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
          g.writeFieldName(e.getKey());
          emit(g, e.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode e : n) {
          emit(g, e);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(n.textValue());
      case NUMBER -> number(g, n);
      case BOOLEAN -> g.writeBoolean(n.booleanValue());
      // a mapper writes a missing node as null too
      case NULL, MISSING -> g.writeNull();
      case BINARY -> {
        // a mapper's default base64 is the generator's default too (MIME, no line feeds)
        byte[] b = n.binaryValue();
        g.writeBinary(Base64Variants.getDefaultVariant(), b, 0, b.length);
      }
      case POJO -> pojo(g, (POJONode) n);
    }
  }

  /** Each number with the generator call of its own width, so it reads back as the same node. */
  private static void number(JsonGenerator g, JsonNode n) throws IOException {
    switch (n.numberType()) {
      case INT -> {
        if (n.isShort()) {
          g.writeNumber(n.shortValue());
        } else {
          g.writeNumber(n.intValue());
        }
      }
      case LONG -> g.writeNumber(n.longValue());
      case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
      case FLOAT -> g.writeNumber(n.floatValue());
      case DOUBLE -> g.writeNumber(n.doubleValue());
      case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
    }
  }

  /**
   * A POJO node holding null is written as null; any other object would need databind's
   * serializers, which is what this class is here to avoid.
   */
  private static void pojo(JsonGenerator g, POJONode n) throws IOException {
    Object v = n.getPojo();
    if (v == null) {
      g.writeNull();
    } else {
      throw new IllegalArgumentException(
          "JsonTrees writes no POJO nodes (" + v.getClass().getName() + "): build the tree of it");
    }
  }
}
