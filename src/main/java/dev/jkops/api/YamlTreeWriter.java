package dev.jkops.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

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
      JsonTrees.emit(g, tree);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a tree as YAML", e);
    }
    return out.toString();
  }
}
