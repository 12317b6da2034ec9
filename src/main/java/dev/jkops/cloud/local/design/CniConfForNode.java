package dev.jkops.cloud.local.design;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.JsonTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Adapts a CNI config from the plan to one simulated node: host-local gets the node's own {@code
 * dataDir} (else every node would hand out the same addresses), and the pod's routes name the
 * cluster's ranges instead of {@code 0.0.0.0/0}, since no namespace jkops makes may have a default
 * route. Everything else is kept as the model wrote it.
 */
final class CniConfForNode {
  private CniConfForNode() {}

  static String adapt(String content, Path ipamDir, List<String> clusterRanges) {
    try {
      JsonNode root = JsonTrees.read(content);
      for (JsonNode plugin : plugins(root)) {
        JsonNode ipam = plugin.path("ipam");
        if (ipam instanceof ObjectNode o && "host-local".equals(ipam.path("type").asText())) {
          o.put("dataDir", ipamDir.toString());
          ArrayNode routes = o.putArray("routes");
          clusterRanges.forEach(r -> routes.addObject().put("dst", r));
        }
      }
      return JsonTrees.writePretty(root) + "\n";
    } catch (IOException e) {
      throw new LocalCloudException(
          "the plan's CNI config is not JSON (" + e.getMessage() + "): " + content);
    }
  }

  /** The name of the bridge the config's bridge plugin uses, if it has one. */
  static Optional<String> bridgeName(String content) {
    try {
      for (JsonNode plugin : plugins(JsonTrees.read(content))) {
        if ("bridge".equals(plugin.path("type").asText())) {
          return Optional.of(plugin.path("bridge").asText("cni0"));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new LocalCloudException(
          "the plan's CNI config is not JSON (" + e.getMessage() + "): " + content);
    }
  }

  private static Iterable<JsonNode> plugins(JsonNode root) {
    return root.has("plugins") ? root.path("plugins") : List.of(root);
  }
}
