package dev.jkops.cloud.local.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.resources.NodeGeneration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Each node's recorded configuration, a small YAML file in its runtime dir, written atomically. */
public final class NodeGenerationHandler implements ResourceHandler<NodeGeneration> {
  private final LocalContext ctx;

  public NodeGenerationHandler(LocalContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Optional<NodeGeneration> find(NodeGeneration desired) {
    return read(desired.instance());
  }

  /** The record of one node, if it has one. */
  public Optional<NodeGeneration> read(String instance) {
    Path f = NodeGeneration.pathOf(ctx.names(), instance);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      List<JsonNode> docs = YamlCodec.readTrees(Files.readString(f));
      if (docs.isEmpty()) {
        return Optional.empty();
      }
      JsonNode d = docs.get(0);
      return Optional.of(
          new NodeGeneration(
              ctx.names(),
              instance,
              d.path("hash").asText(),
              d.path("mode").asText(),
              d.path("networking").asText(),
              d.path("kubernetesVersion").asText(),
              d.path("kubeProxy").asText()));
    } catch (IOException e) {
      throw new KernelException(
          "could not read "
              + f
              + ": "
              + e.getMessage()
              + "; delete the file and run update cluster --yes again",
          e);
    }
  }

  @Override
  public List<NodeGeneration> owned() {
    Path nodes = ctx.names().runtimeDir().resolve("nodes");
    List<NodeGeneration> out = new ArrayList<>();
    if (!Files.isDirectory(nodes)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(nodes)) {
      for (Path node : dirs.sorted().toList()) {
        read(node.getFileName().toString()).ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new KernelException("could not list " + nodes + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void create(NodeGeneration g) {
    Map<String, String> doc = new LinkedHashMap<>();
    doc.put("hash", g.hash());
    doc.put("mode", g.mode());
    doc.put("kubernetesVersion", g.kubernetesVersion());
    doc.put("networking", g.networking());
    if (!g.kubeProxy().isEmpty()) {
      doc.put("kubeProxy", g.kubeProxy());
    }
    try {
      dev.jkops.api.SafePaths.createPrivateDirs(g.path().getParent());
      dev.jkops.api.SafePaths.writeAtomically(
          g.path(),
          YamlCodec.toYaml(doc).getBytes(StandardCharsets.UTF_8),
          dev.jkops.api.SafePaths.READABLE_FILE);
    } catch (IOException e) {
      throw new KernelException("could not write " + g.path() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void update(
      NodeGeneration live, NodeGeneration desired, List<dev.jkops.tasks.Change> changes) {
    create(desired);
  }

  @Override
  public void delete(NodeGeneration live) {
    try {
      Files.deleteIfExists(live.path());
    } catch (IOException e) {
      throw new KernelException("could not delete " + live.path() + ": " + e.getMessage(), e);
    }
  }
}
