package dev.jkops.cloud.local.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jkops.api.YamlTreeWriter;

/**
 * One Kubernetes object from a manifest file, with where it came from for error messages.
 *
 * @param source the file name
 * @param index its position among the file's objects, from 1
 * @param body the object as a tree
 */
public record ManifestDocument(String source, int index, JsonNode body) {
  private static final YAMLFactory YAML = new YAMLFactory();

  public String kind() {
    return body.path("kind").asText("");
  }

  public String apiVersion() {
    return body.path("apiVersion").asText("");
  }

  public String name() {
    return body.path("metadata").path("name").asText("");
  }

  /**
   * The object as YAML, for storing what the user applied: the text a YAML mapper's {@code
   * writeValueAsString} gives, written without making one ({@link YamlTreeWriter}).
   */
  public String yaml() {
    try {
      return YamlTreeWriter.write(body, YAML);
    } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
      throw new ManifestException(describe() + " cannot be written back as YAML", e);
    }
  }

  /** e.g. {@code policy.yaml: document 2 (NetworkPolicy allow-web)}. */
  public String describe() {
    String what =
        kind().isEmpty() ? "" : " (" + kind() + (name().isEmpty() ? "" : " " + name()) + ")";
    return source + ": document " + index + what;
  }
}
