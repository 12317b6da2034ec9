package dev.jkops.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A tree written as YAML by a {@link YAMLFactory}'s generator, without a mapper: the same calls, in
 * the same order, that a mapper's {@code writeValueAsString(tree)} makes on a generator of the same
 * factory, so the same text. Making a mapper initialises Jackson's databind (~30 ms of a cold JVM),
 * which a command that only writes YAML does not need.
 */
public final class YamlTreeWriter {
  private YamlTreeWriter() {}

  /** {@code tree} as one YAML document written by {@code factory}. */
  public static String write(JsonNode tree, YAMLFactory factory) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = factory.createGenerator(out)) {
      write(tree, g);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a tree as YAML", e);
    }
    return out.toString();
  }

  private static void write(JsonNode n, JsonGenerator g) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> f = fields.next();
          g.writeFieldName(f.getKey());
          write(f.getValue(), g);
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode x : n) {
          write(x, g);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(n.textValue());
      case BOOLEAN -> g.writeBoolean(n.booleanValue());
      case NULL -> g.writeNull();
      case NUMBER -> writeNumber(n, g);
      default -> throw new IllegalArgumentException("cannot write a " + n.getNodeType() + " node");
    }
  }

  private static void writeNumber(JsonNode n, JsonGenerator g) throws IOException {
    switch (n.numberType()) {
      case INT -> g.writeNumber(n.intValue());
      case LONG -> g.writeNumber(n.longValue());
      case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
      case DOUBLE -> g.writeNumber(n.doubleValue());
      case FLOAT -> g.writeNumber(n.floatValue());
      case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
      default -> throw new IllegalArgumentException("cannot write a number of " + n.numberType());
    }
  }
}
