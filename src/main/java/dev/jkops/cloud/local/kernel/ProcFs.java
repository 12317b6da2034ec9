package dev.jkops.cloud.local.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The processes of this machine as /proc lists them. */
public final class ProcFs {
  private static final Path PROC = Path.of("/proc");

  private ProcFs() {}

  /**
   * The id of every process now in /proc (its numeric entries), some of which may exit at any
   * moment.
   */
  public static List<Long> pids() throws IOException {
    try (Stream<Path> s = Files.list(PROC)) {
      return s.map(p -> p.getFileName().toString())
          .filter(f -> !f.isEmpty() && f.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .toList();
    }
  }

  /**
   * Process {@code pid}'s command line, one element per argument; empty when the process is gone,
   * not ours to read, or a zombie (whose command line the kernel has already let go).
   */
  public static List<String> argv(long pid) {
    try {
      String raw =
          new String(Files.readAllBytes(PROC.resolve(pid + "/cmdline")), StandardCharsets.UTF_8);
      return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
