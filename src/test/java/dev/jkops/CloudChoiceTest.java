package dev.jkops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A cluster's cloud is chosen once, in {@code cloud.Clouds.forSpec} (issue 18): no command looks at
 * {@code spec.cloudProvider} or compares a cloud's name, no code but the factory makes a cloud, and
 * the two clouds and their shared validation report do not reach into each other.
 */
class CloudChoiceTest {
  private static final Path MAIN = Path.of("src/main/java/dev/jkops");

  /**
   * A command choosing a cloud itself: reading the spec's cloud, or comparing with a cloud's name.
   */
  static final Pattern CHOOSES_A_CLOUD =
      Pattern.compile(
          "cloudProvider\\(\\)|ZoneNames\\.(AWS|LOCAL)\\b"
              + "|\"(aws|local)\"\\s*\\.equals|equals\\(\\s*\"(aws|local)\"\\s*\\)|case\\s+\"(aws|local)\"");

  /** Where the CLI may still name a cloud, and why: neither picks the cloud a cluster runs on. */
  private static final Map<String, String> ALLOWED =
      Map.of(
          "cli/CreateClusterCommand.java", "create's --zones checks, on a spec before it is stored",
          "cli/GetClustersCommand.java", "the CLOUD column of get clusters");

  @Test
  void noCommandChoosesACloud() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : javaFiles(MAIN.resolve("cli"))) {
      String rel = MAIN.relativize(f).toString();
      if (!ALLOWED.containsKey(rel) && CHOOSES_A_CLOUD.matcher(code(f)).find()) {
        found.add(rel);
      }
    }
    assertThat(found)
        .as("cli classes that choose a cloud instead of asking Clouds.forSpec")
        .isEmpty();
  }

  @Test
  void onlyTheFactoryMakesACloud() throws IOException {
    Pattern makes = Pattern.compile("new\\s+(AwsCloud|LocalCloud|UnsupportedCloud)\\s*\\(");
    List<String> found = new ArrayList<>();
    for (Path f : javaFiles(MAIN)) {
      if (makes.matcher(code(f)).find()) {
        found.add(MAIN.relativize(f).toString());
      }
    }
    assertThat(found).containsExactly("cloud/Clouds.java");
  }

  @Test
  void theCloudsAndTheirReportDoNotReachIntoEachOther() throws IOException {
    List<String> found = new ArrayList<>();
    found.addAll(uses("cloud/aws", "dev.jkops.cloud.local"));
    found.addAll(uses("cloud/local", "dev.jkops.cloud.aws"));
    found.addAll(uses("cloud/report", "dev.jkops.cloud.aws"));
    found.addAll(uses("cloud/report", "dev.jkops.cloud.local"));
    assertThat(found).isEmpty();
  }

  @Test
  void theCheckFindsTheChoicesCommandsUsedToMake() {
    for (String old :
        List.of(
            "if (\"aws\".equals(stored.cluster().spec().cloudProvider())) {",
            "} else if (cloud == null || cloud.equals(\"local\")) {",
            "switch (cloud) { case \"aws\" -> aws(); }")) {
      assertThat(CHOOSES_A_CLOUD.matcher(old).find()).as(old).isTrue();
    }
  }

  private static List<String> uses(String dir, String forbidden) throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : javaFiles(MAIN.resolve(dir))) {
      if (Pattern.compile("\\b" + Pattern.quote(forbidden) + "\\b").matcher(code(f)).find()) {
        found.add(MAIN.relativize(f) + " uses " + forbidden);
      }
    }
    return found;
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** The source without comments, so a sentence about a cloud is not taken for code. */
  private static String code(Path f) throws IOException {
    return Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
  }
}
