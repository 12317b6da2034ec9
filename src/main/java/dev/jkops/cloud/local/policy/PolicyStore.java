package dev.jkops.cloud.local.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The cluster's NetworkPolicies and namespace labels on disk, in {@code <runtime>/policies/} (each
 * policy as the YAML the user applied) and {@code <runtime>/namespaces/} (labels as JSON).
 */
public final class PolicyStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path policies;
  private final Path namespaces;

  public PolicyStore(Path runtimeDir) {
    this.policies = runtimeDir.resolve("policies");
    this.namespaces = runtimeDir.resolve("namespaces");
  }

  /** Stores a policy (replacing one of the same namespace and name); {@code yaml} is its document. */
  public void putPolicy(NetworkPolicy policy, String yaml) {
    write(policies.resolve(policy.namespace() + "_" + policy.name() + ".yaml"), yaml);
  }

  public boolean deletePolicy(String namespace, String name) {
    try {
      return Files.deleteIfExists(policies.resolve(namespace + "_" + name + ".yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<NetworkPolicy> policies() {
    List<NetworkPolicy> out = new ArrayList<>();
    for (Path f : files(policies, ".yaml")) {
      out.addAll(NetworkPolicyReader.readAll(read(f), f.toString()));
    }
    return out;
  }

  public void putNamespaceLabels(String namespace, Map<String, String> labels) {
    try {
      write(namespaces.resolve(namespace + ".json"), JSON.writeValueAsString(new TreeMap<>(labels)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Namespace -> labels, for the namespaces that were applied with labels. */
  public Map<String, Map<String, String>> namespaceLabels() {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (Path f : files(namespaces, ".json")) {
      String name = f.getFileName().toString().replaceFirst("\\.json$", "");
      try {
        out.put(name, JSON.readValue(f.toFile(), new TypeReference<Map<String, String>>() {}));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read namespace labels " + f, e);
      }
    }
    return out;
  }

  private static List<Path> files(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path f, String text) {
    try {
      Files.createDirectories(f.getParent());
      Path tmp = Files.createTempFile(f.getParent(), ".tmp", ".part");
      Files.writeString(tmp, text);
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f, e);
    }
  }
}
