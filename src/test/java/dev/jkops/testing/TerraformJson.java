package dev.jkops.testing;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading Terraform JSON in tests. */
public final class TerraformJson {
  private TerraformJson() {}

  /** A value in Terraform JSON, where every block is a one-element list. */
  public static JsonNode at(JsonNode node, String... keys) {
    for (String k : keys) {
      while (node.isArray() && node.size() == 1) {
        node = node.get(0);
      }
      node = node.path(k);
    }
    while (node.isArray() && node.size() == 1 && !node.get(0).isValueNode()) {
      node = node.get(0);
    }
    return node;
  }
}
