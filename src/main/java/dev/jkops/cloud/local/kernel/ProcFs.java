package dev.jkops.cloud.local.kernel;

import java.io.IOException;
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
}
