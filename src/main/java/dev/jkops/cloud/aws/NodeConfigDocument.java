package dev.jkops.cloud.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.jkops.api.InstanceGroup;
import dev.jkops.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An instance group's node configuration as jkops publishes it in the state store, where kops
 * publishes its nodeup configuration: {@code <cluster>/igconfig/<role>/<group>/nodeupconfig.yaml}
 * ({@code control-plane} or {@code node}; kops publishes none for bastions, and neither does
 * jkops). It lists the files the group's user data writes, path and content byte for byte, so what
 * a node was told is readable without its user data; the user data carries its sha256 as kops'
 * carries {@code NodeupConfigHash}. jkops' own document, not kops' {@code NodeupConfig}: nodeup
 * cannot read it.
 *
 * @param role kops' spelling of the role in the key: {@code control-plane} or {@code node}
 * @param group the instance group's name
 * @param content the YAML document
 */
record NodeConfigDocument(String role, String group, String content) {
  static final String FILE_NAME = "nodeupconfig.yaml";

  /** Literal blocks keep each file's lines as the node gets them. */
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());

  /** The group's document; empty for a bastion, which is not a node. */
  static Optional<NodeConfigDocument> of(
      AwsCluster c, InstanceGroup ig, Map<String, String> files) {
    Role role = Role.of(ig.spec());
    if (!role.isKubernetesNode()) {
      return Optional.empty();
    }
    String roleKey = role == Role.CONTROL_PLANE ? "control-plane" : "node";
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cluster", c.name());
    doc.put("instanceGroup", ig.name());
    doc.put("role", roleKey);
    List<Map<String, String>> listed = new ArrayList<>();
    files.forEach(
        (path, content) -> {
          Map<String, String> f = new LinkedHashMap<>();
          f.put("path", path);
          f.put("content", content);
          listed.add(f);
        });
    doc.put("files", listed);
    try {
      String text =
          "# jkops: the files the user data of instance group "
              + ig.name()
              + " writes on each instance\n"
              + YAML.writeValueAsString(doc);
      return Optional.of(new NodeConfigDocument(roleKey, ig.name(), text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always YAML", e);
    }
  }

  /** Its path below the state store. */
  String path(String cluster) {
    return cluster + "/igconfig/" + role + "/" + group + "/" + FILE_NAME;
  }

  /** kops' Terraform name of the object, before sanitizing. */
  String objectName() {
    return "nodeupconfig-" + group;
  }

  String sha256() {
    return UserData.sha256(content);
  }
}
