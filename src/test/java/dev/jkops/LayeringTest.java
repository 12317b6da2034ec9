package dev.jkops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages depend one way: api -> model -> tasks -> cloud -> cli (docs/architecture.md). A class
 * may use its own layer and the layers before it, never one after.
 */
class LayeringTest {
  static final List<String> LAYERS = List.of("api", "model", "tasks", "cloud", "cli");
  static final Pattern REF = Pattern.compile("\\bdev\\.jkops\\.(api|model|tasks|cloud|cli)\\b");

  @Test
  void everyLayerDependsOnlyOnTheLayersBeforeIt() throws IOException {
    Path root = Path.of("src/main/java/dev/jkops");
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String layer = root.relativize(f).getName(0).toString();
        int own = LAYERS.indexOf(layer);
        assertThat(own).as("%s is in no known layer", f).isGreaterThanOrEqualTo(0);
        Matcher m = REF.matcher(Files.readString(f));
        while (m.find()) {
          if (LAYERS.indexOf(m.group(1)) > own) {
            violations.add(root.relativize(f) + " uses dev.jkops." + m.group(1));
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
