package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads kops YAML (one or many documents, {@code kops.k8s.io/v1alpha2} or the 2017 {@code
 * kops/v1alpha2}) and writes YAML or JSON with keys in alphabetical order, as kops does.
 */
public final class YamlCodec {

  /** What a file held: its clusters and instance groups, and fields jkops keeps but ignores. */
  public record Documents(
      List<Cluster> clusters, List<InstanceGroup> instanceGroups, Set<String> unmodelledFields) {
    public Documents {
      clusters = List.copyOf(clusters);
      instanceGroups = List.copyOf(instanceGroups);
      unmodelledFields = Set.copyOf(unmodelledFields);
    }
  }

  /**
   * Jackson's mappers, made on first use: reading a stored spec ({@link RecordYamlReader}) does not
   * need them, and making the first one initialises ~600 classes of Jackson's databind.
   */
  private static final class Mappers {
    private Mappers() {}

    private static final ObjectMapper YAML = configure(new ObjectMapper(kopsYaml()));
    private static final ObjectMapper JSON =
        configure(new ObjectMapper()).enable(SerializationFeature.INDENT_OUTPUT);

    private static ObjectMapper configure(ObjectMapper m) {
      return m.setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
  }

  private YamlCodec() {}

  /** YAML as kops writes it: no document start marker, quotes only where needed, no wrapping. */
  private static YAMLFactory kopsYaml() {
    return YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .disable(YAMLGenerator.Feature.SPLIT_LINES)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
        .build();
  }

  /**
   * The factory {@link #toYaml} writes with, outside {@link Mappers}: writing a spec makes no
   * mapper unless {@link RecordTrees} leaves a value to Jackson.
   */
  private static final class Writing {
    private Writing() {}

    static final YAMLFactory YAML = kopsYaml();
  }

  /**
   * Parses every document in {@code text}; {@code source} names the file in error messages. Text
   * that {@link RecordYamlReader} reads exactly as Jackson would (a stored spec, a valid file) is
   * read without Jackson's databind; everything else, every error included, by {@link
   * #readWithJackson}, so the messages come from one place.
   */
  public static Documents read(String text, String source) {
    return RecordYamlReader.read(text, source);
  }

  /** The reference reader: Jackson's YAML tree bound to the records. */
  static Documents readWithJackson(String text, String source) {
    List<Cluster> clusters = new ArrayList<>();
    List<InstanceGroup> groups = new ArrayList<>();
    Set<String> unmodelled = new LinkedHashSet<>();
    List<JsonNode> docs = new ArrayList<>();
    YamlKeys.firstDuplicate(text)
        .ifPresent(
            d -> {
              throw SpecFormatException.at(d.path(), d.detail()).inFile(source);
            });
    try (MappingIterator<JsonNode> it = Mappers.YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw SpecFormatException.at(
              null,
              "is not valid YAML"
                  + where(e)
                  + ": "
                  + firstLine(e)
                  + "; fix the syntax (indentation, colons, quotes) and try again",
              e)
          .inFile(source);
    }
    if (docs.isEmpty()) {
      throw SpecFormatException.at(null, "holds no documents; expected a kind: Cluster document")
          .inFile(source);
    }
    int index = 0;
    for (JsonNode doc : docs) {
      index++;
      String docName = docs.size() > 1 ? "document " + index + " " : "";
      if (!doc.isObject()) {
        throw SpecFormatException.at(
                null,
                docName + "is not a YAML mapping; expected apiVersion, kind, metadata and spec")
            .inFile(source);
      }
      String apiVersion = text(doc, "apiVersion");
      String kind = text(doc, "kind");
      if (kind == null) {
        throw SpecFormatException.at(
                "kind", docName + "is missing; set kind: Cluster or kind: InstanceGroup")
            .inFile(source);
      }
      if (!Cluster.API_VERSION.equals(apiVersion)
          && !Cluster.LEGACY_API_VERSION.equals(apiVersion)) {
        throw SpecFormatException.at(
                "apiVersion",
                docName
                    + "is \""
                    + apiVersion
                    + "\"; jkops reads "
                    + Cluster.API_VERSION
                    + " (and the older "
                    + Cluster.LEGACY_API_VERSION
                    + ")")
            .inFile(source);
      }
      try {
        switch (kind) {
          case Cluster.KIND -> {
            Cluster c = Mappers.YAML.treeToValue(doc, Cluster.class);
            requireName(c.metadata(), docName, source);
            unmodelled.addAll(unmodelledFields(c));
            clusters.add(c);
          }
          case InstanceGroup.KIND -> {
            InstanceGroup ig = Mappers.YAML.treeToValue(doc, InstanceGroup.class);
            requireName(ig.metadata(), docName, source);
            groups.add(ig);
          }
          default ->
              throw SpecFormatException.at(
                  "kind",
                  docName
                      + "is \""
                      + kind
                      + "\"; jkops reads kind: Cluster and kind: InstanceGroup");
        }
      } catch (SpecFormatException e) {
        throw e.field() == null || e.getMessage().startsWith(source) ? e : e.inFile(source);
      } catch (JsonProcessingException e) {
        SpecFormatException cause = findCause(e);
        if (cause != null) {
          throw cause.inFile(source);
        }
        throw SpecFormatException.at(
                path(e),
                docName
                    + "has the wrong type: "
                    + firstLine(e)
                    + "; compare with the kops API field's type",
                e)
            .inFile(source);
      }
    }
    return new Documents(clusters, groups, unmodelled);
  }

  private static void requireName(ObjectMeta meta, String docName, String source) {
    if (meta == null || meta.name() == null || meta.name().isBlank()) {
      throw SpecFormatException.at(
              "metadata.name", docName + "is missing; every object needs a name")
          .inFile(source);
    }
  }

  private static String text(JsonNode doc, String field) {
    JsonNode v = doc.get(field);
    return v == null || !v.isTextual() ? null : v.asText();
  }

  private static SpecFormatException findCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SpecFormatException s) {
        return s;
      }
    }
    return null;
  }

  private static String path(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String where(Throwable e) {
    if (e instanceof JsonProcessingException j && j.getLocation() != null) {
      JsonLocation l = j.getLocation();
      if (l.getLineNr() > 0) {
        return " at line " + l.getLineNr() + ", column " + l.getColumnNr();
      }
    }
    return "";
  }

  private static String firstLine(Throwable e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (m == null) {
      m = e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Paths of the fields the user gave that jkops keeps without modelling, for one warning. */
  public static Set<String> unmodelledFields(Cluster c) {
    return RecordYamlReader.unmodelledFields(c);
  }

  /** YAML documents separated by {@code ---}, keys sorted as kops writes them. */
  public static String toYaml(List<?> objects) {
    StringBuilder sb = new StringBuilder();
    for (Object o : objects) {
      if (sb.length() > 0) {
        sb.append("\n---\n\n");
      }
      try {
        JsonNode tree = RecordTrees.tree(o).orElseGet(() -> Mappers.YAML.valueToTree(o));
        sb.append(YamlTreeWriter.write(sorted(tree), Writing.YAML));
      } catch (java.io.UncheckedIOException e) {
        throw new IllegalStateException(
            "cannot write " + o.getClass().getSimpleName() + " as YAML", e);
      }
    }
    return sb.toString();
  }

  public static String toYaml(Object object) {
    return toYaml(List.of(object));
  }

  /** Jackson's tree of {@code o}: the reference {@link RecordTrees} is held equal to (tests). */
  static JsonNode jacksonTree(Object o) {
    return Mappers.YAML.valueToTree(o);
  }

  /** {@link #toYaml(List)} as Jackson's mapper writes it: the reference for tests. */
  static String toYamlWithJackson(List<?> objects) {
    StringBuilder sb = new StringBuilder();
    for (Object o : objects) {
      if (sb.length() > 0) {
        sb.append("\n---\n\n");
      }
      try {
        sb.append(Mappers.YAML.writeValueAsString(sorted(Mappers.YAML.valueToTree(o))));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return sb.toString();
  }

  /** One object as JSON; several as a kops-style {@code List}. */
  public static String toJson(List<?> objects) {
    try {
      Object value = objects.size() == 1 ? objects.get(0) : objects;
      return Mappers.JSON.writeValueAsString(sorted(Mappers.JSON.valueToTree(value))) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static String toJson(Object object) {
    return toJson(List.of(object));
  }

  /** A tree view of any api object, for code that compares or edits fields generically. */
  public static JsonNode toTree(Object o) {
    return sorted(Mappers.YAML.valueToTree(o));
  }

  public static <T> T fromTree(JsonNode node, Class<T> type) {
    try {
      return Mappers.YAML.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw SpecFormatException.at(path(e), firstLine(e), e);
    }
  }

  /** Parses any YAML text into a tree (used for non-kops documents such as manifests). */
  public static List<JsonNode> readTrees(String text) throws IOException {
    var duplicate = YamlKeys.firstDuplicate(text);
    if (duplicate.isPresent()) {
      throw new IOException(duplicate.get().describe());
    }
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = Mappers.YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode n = it.nextValue();
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          out.add(n);
        }
      }
    }
    return out;
  }

  public static String treeToYaml(JsonNode node) {
    try {
      return Mappers.YAML.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      TreeMap<String, JsonNode> m = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), sorted(e.getValue()));
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      m.forEach(o::set);
      return o;
    }
    if (n.isArray()) {
      var a = JsonNodeFactory.instance.arrayNode();
      n.forEach(x -> a.add(sorted(x)));
      return a;
    }
    return n;
  }
}
