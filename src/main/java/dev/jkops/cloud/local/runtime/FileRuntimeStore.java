package dev.jkops.cloud.local.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The runtime store as files, one per key under a base directory ({@code
 * /registry/pods/default/web} is {@code <base>/pods/default/web}), each written atomically (temp
 * file, then rename). A batch is written key by key: this store is for clusters without a control
 * plane, where nothing else writes.
 */
public final class FileRuntimeStore implements ClusterRuntimeStore {
  private static final String ROOT = "/registry/";
  private final Path base;

  public FileRuntimeStore(Path base) {
    this.base = base;
  }

  @Override
  public Optional<String> get(String key) {
    Path f = file(key);
    try {
      return Files.isRegularFile(f) ? Optional.of(Files.readString(f)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  @Override
  public SortedMap<String, String> list(String prefix) {
    SortedMap<String, String> out = new TreeMap<>();
    Path dir = file(prefix.substring(0, prefix.length() - 1));
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f :
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .toList()) {
        out.put(ROOT + base.relativize(f).toString().replace('\\', '/'), Files.readString(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void write(List<Write> writes) {
    for (Write w : writes) {
      if (w instanceof Put p) {
        Path f = file(p.key());
        try {
          dev.jkops.api.SafePaths.createPrivateDirs(f.getParent());
          dev.jkops.api.SafePaths.writeAtomically(
              f,
              p.value().getBytes(java.nio.charset.StandardCharsets.UTF_8),
              dev.jkops.api.SafePaths.PRIVATE_FILE);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + f + ": " + e.getMessage(), e);
        }
      } else if (w instanceof Delete d) {
        try {
          Files.deleteIfExists(file(d.key()));
        } catch (IOException e) {
          throw new UncheckedIOException(
              "cannot delete " + file(d.key()) + ": " + e.getMessage(), e);
        }
      }
    }
  }

  @Override
  public String describe() {
    return "files in " + base;
  }

  private Path file(String key) {
    ClusterRuntimeStore.requireKey(key);
    String rel = key.startsWith(ROOT) ? key.substring(ROOT.length()) : "_other" + key;
    return base.resolve(rel);
  }
}
