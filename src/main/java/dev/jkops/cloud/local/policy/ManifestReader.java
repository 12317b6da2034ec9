package dev.jkops.cloud.local.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jkops.api.JsonTrees;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits what {@code apply -f} reads into Kubernetes objects: YAML or JSON, one or many documents,
 * and {@code kind: List} flattened into its items, as kubectl does. The documents are read from the
 * YAML factory's parser into trees by {@link JsonTrees}, the same trees a YAML mapper's {@code
 * readValues} gives (ManifestReaderTest compares them): the local API server reads every stored
 * policy through here on each policy write, and making a mapper there cost its JVM databind's
 * start.
 */
public final class ManifestReader {
  private static final YAMLFactory YAML = new YAMLFactory();

  private ManifestReader() {}

  public static List<ManifestDocument> read(String text, String source) {
    List<JsonNode> raw = new ArrayList<>();
    dev.jkops.api.YamlKeys.firstDuplicate(text)
        .ifPresent(
            d -> {
              throw new ManifestException(source + ": " + d.describe(), List.of());
            });
    try (JsonParser p = YAML.createParser(text)) {
      for (JsonNode doc = JsonTrees.read(p); !doc.isMissingNode(); doc = JsonTrees.read(p)) {
        if (!doc.isNull()) {
          raw.add(doc);
        }
      }
    } catch (IOException | RuntimeException e) {
      String first =
          (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                      && j.getOriginalMessage() != null
                  ? j.getOriginalMessage()
                  : String.valueOf(e.getMessage()))
              .lines()
              .findFirst()
              .orElse("");
      String where = "";
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
          && j.getLocation() != null
          && j.getLocation().getLineNr() > 0) {
        where =
            " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
      }
      throw new ManifestException(
          source
              + " is not valid YAML"
              + where
              + ": "
              + first
              + "; fix the syntax (indentation, colons, quotes) and try again",
          e);
    }
    List<ManifestDocument> docs = new ArrayList<>();
    for (JsonNode doc : raw) {
      if (!doc.isObject()) {
        throw new ManifestException(
            source
                + ": document "
                + (docs.size() + 1)
                + " is not a Kubernetes object (a map with apiVersion and kind)",
            List.of());
      }
      if ("List".equals(doc.path("kind").asText()) && doc.path("items").isArray()) {
        for (JsonNode item : doc.path("items")) {
          docs.add(new ManifestDocument(source, docs.size() + 1, item));
        }
      } else {
        docs.add(new ManifestDocument(source, docs.size() + 1, doc));
      }
    }
    if (docs.isEmpty()) {
      throw new ManifestException(source + " holds no Kubernetes objects", List.of());
    }
    return docs;
  }
}
