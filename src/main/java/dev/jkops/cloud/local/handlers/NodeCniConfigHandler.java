package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.resources.NodeCniConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** CNI config files in each node's conf dir under the cluster's runtime dir. */
public final class NodeCniConfigHandler implements ResourceHandler<NodeCniConfig> {
  private final LocalContext ctx;

  public NodeCniConfigHandler(LocalContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Optional<NodeCniConfig> find(NodeCniConfig desired) {
    Path f = desired.path();
    return Files.isRegularFile(f) ? Optional.of(read(desired.instance(), f)) : Optional.empty();
  }

  @Override
  public List<NodeCniConfig> owned() {
    Path nodes = ctx.names().runtimeDir().resolve("nodes");
    List<NodeCniConfig> out = new ArrayList<>();
    if (!Files.isDirectory(nodes)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(nodes)) {
      for (Path node : dirs.sorted().toList()) {
        Path conf = node.resolve("net.d");
        if (Files.isDirectory(conf)) {
          try (Stream<Path> files = Files.list(conf)) {
            files.sorted().forEach(f -> out.add(read(node.getFileName().toString(), f)));
          }
        }
      }
    } catch (IOException e) {
      throw new KernelException(
          "could not list CNI configs under " + nodes + ": " + e.getMessage(), e);
    }
    return out;
  }

  private NodeCniConfig read(String instance, Path f) {
    try {
      return new NodeCniConfig(
          ctx.names(), instance, f.getFileName().toString(), Files.readString(f));
    } catch (IOException e) {
      throw new KernelException("could not read " + f + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void create(NodeCniConfig c) {
    try {
      // the plugins root runs read it: 0644 in a 0700 tree, whatever the umask (under umask 000
      // another user once appended to a node's CNI config)
      dev.jkops.api.SafePaths.createPrivateDirs(c.path().getParent());
      dev.jkops.api.SafePaths.writeAtomically(
          c.path(),
          c.content().getBytes(StandardCharsets.UTF_8),
          dev.jkops.api.SafePaths.READABLE_FILE);
    } catch (IOException e) {
      throw new KernelException(
          "could not write CNI config " + c.path() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void update(
      NodeCniConfig live, NodeCniConfig desired, List<dev.jkops.tasks.Change> changes) {
    create(desired);
  }

  @Override
  public void delete(NodeCniConfig live) {
    try {
      Files.deleteIfExists(live.path());
    } catch (IOException e) {
      throw new KernelException("could not delete " + live.path() + ": " + e.getMessage(), e);
    }
  }
}
