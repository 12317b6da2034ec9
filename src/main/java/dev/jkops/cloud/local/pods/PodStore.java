package dev.jkops.cloud.local.pods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The cluster's pods on disk: one JSON file per pod in {@code <runtime>/pods/}, written atomically
 * (temp file, then rename), so a crash never leaves half a record and parallel creates don't clash.
 */
public final class PodStore {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Path dir;

  public PodStore(Path runtimeDir) {
    this.dir = runtimeDir.resolve("pods");
  }

  public Optional<Pod> get(String namespace, String name) {
    Path f = file(namespace, name);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(f.toFile(), Pod.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pod record " + f + ": " + e.getMessage(), e);
    }
  }

  public void put(Pod pod) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".pod", ".tmp");
      JSON.writeValue(tmp.toFile(), pod);
      Files.move(tmp, file(pod.namespace(), pod.name()), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pod record for " + pod.qualifiedName() + " in " + dir, e);
    }
  }

  public void delete(String namespace, String name) {
    try {
      Files.deleteIfExists(file(namespace, name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete pod record " + file(namespace, name), e);
    }
  }

  /** Every pod, sorted by namespace then name. */
  public List<Pod> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Pod> pods = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        pods.add(JSON.readValue(f.toFile(), Pod.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list pod records in " + dir + ": " + e.getMessage(), e);
    }
    pods.sort(Comparator.comparing(Pod::namespace).thenComparing(Pod::name));
    return pods;
  }

  private Path file(String namespace, String name) {
    return dir.resolve(namespace + "_" + name + ".json");
  }
}
