package dev.jkops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./jkops} launcher's start-up archive: recorded once, used on every later start, and never
 * in the way: a broken or stale archive, a failed training run, or an old JDK still run the command.
 * Runs the real script against a small jar whose Main prints a line and whose StartupTraining can be
 * told to fail, in a copy of the checkout's layout without sources (so the launcher never rebuilds).
 */
class LauncherTest {
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path dir;
  private Path jar;

  @BeforeEach
  void layout() throws Exception {
    Files.copy(Path.of("jkops"), dir.resolve("jkops"));
    dir.resolve("jkops").toFile().setExecutable(true);
    Path src = dir.resolve("gen/dev/jkops/cli");
    Files.createDirectories(src);
    Files.writeString(src.resolve("Main.java"), """
        package dev.jkops.cli;
        public class Main {
          public static void main(String[] a) { System.out.println("launched " + String.join(" ", a)); }
        }
        """);
    Files.writeString(src.resolve("StartupTraining.java"), """
        package dev.jkops.cli;
        public class StartupTraining {
          public static void main(String[] a) {
            if (System.getenv("TRAINING_FAILS") != null) { System.exit(3); }
            Main.main(new String[] {"trained"});
          }
        }
        """);
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        dir.resolve("classes").toString(), src.resolve("Main.java").toString(), src.resolve("StartupTraining.java").toString());
    assertThat(rc).isZero();
    Files.createDirectories(dir.resolve("target"));
    jar = dir.resolve("target/jkops.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.jkops.cli.Main");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
      for (String c : List.of("Main", "StartupTraining")) {
        out.putNextEntry(new JarEntry("dev/jkops/cli/" + c + ".class"));
        out.write(Files.readAllBytes(dir.resolve("classes/dev/jkops/cli/" + c + ".class")));
        out.closeEntry();
      }
    }
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
  }

  private record Run(int code, String out, String err) {}

  private Run run(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(dir.resolve("jkops").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("JKOPS_JAVA_OPTS");
    pb.environment().remove("JKOPS_ARCHIVE");
    pb.environment().put("JKOPS_JAVA", JAVA);
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  private List<Path> archives() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("target"))) {
      return s.filter(p -> p.getFileName().toString().matches("jkops-(cds|aot)-\\d+\\.jsa")).toList();
    }
  }

  @Test
  void theFirstRunRecordsAnArchiveAndLaterRunsMapIt() throws Exception {
    Run first = run(Map.of(), "version");
    assertThat(first.code()).isZero();
    assertThat(first.out()).isEqualTo("launched version\n");
    assertThat(first.err()).isEmpty();
    assertThat(archives()).hasSize(1);

    Run second = run(Map.of("JKOPS_JAVA_OPTS", "-Xlog:class+load=info:stdout"), "get", "clusters");
    assertThat(second.out()).contains("launched get clusters");
    assertThat(second.out()).containsPattern("dev\\.jkops\\.cli\\.Main source: shared objects file");
  }

  @Test
  void aCorruptArchiveFallsBackToAPlainStartWithoutNoise() throws Exception {
    run(Map.of(), "version");
    Path archive = archives().get(0);
    archive.toFile().setWritable(true);
    Files.writeString(archive, "not an archive");
    Run r = run(Map.of(), "version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("launched version\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aRebuiltJarGetsAFreshArchive() throws Exception {
    run(Map.of(), "version");
    Path archive = archives().get(0);
    FileTime before = Files.getLastModifiedTime(archive);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
    Run r = run(Map.of(), "version");
    assertThat(r.out()).isEqualTo("launched version\n");
    assertThat(archives()).hasSize(1);
    assertThat(Files.getLastModifiedTime(archives().get(0))).isGreaterThan(before);
  }

  @Test
  void aFailedTrainingRunsTheCommandAnywayAndIsNotRetriedForTheSameJar() throws Exception {
    Run r = run(Map.of("TRAINING_FAILS", "1"), "version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("launched version\n");
    assertThat(archives()).isEmpty();
    try (Stream<Path> s = Files.list(dir.resolve("target"))) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      assertThat(names).anyMatch(n -> n.endsWith(".jsa.failed"));
      assertThat(names).noneMatch(n -> n.contains(".tmp."));
    }
    // Without the failure the marker still stands until the jar changes: no training on every start.
    assertThat(run(Map.of(), "version").out()).isEqualTo("launched version\n");
    assertThat(archives()).isEmpty();
  }

  @Test
  void archivesCanBeTurnedOffAndAotFallsBackToCdsBeforeJdk25() throws Exception {
    assertThat(run(Map.of("JKOPS_ARCHIVE", "off"), "version").out()).isEqualTo("launched version\n");
    assertThat(archives()).isEmpty();
    if (Runtime.version().feature() < 25) {
      assertThat(run(Map.of("JKOPS_ARCHIVE", "aot"), "version").out()).isEqualTo("launched version\n");
      assertThat(archives()).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).startsWith("jkops-cds-"));
    }
  }

  @Test
  void aMissingJavaIsAClearError() throws Exception {
    Run r = run(Map.of("JKOPS_JAVA", dir.resolve("no-such-java").toString()), "version");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no java found").contains("JKOPS_JAVA");
    assertThat(r.out()).isEmpty();
  }
}
