package dev.jkops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * The {@code ./jkops} launcher's start-up archive: recorded once, used on every later start, and
 * never in the way: a broken or stale archive, a failed training run, or an old JDK still run the
 * command. Runs the real script against a small jar whose Main prints a line and whose
 * StartupTraining can be told to fail, in a copy of the checkout's layout without sources (so the
 * launcher never rebuilds).
 */
class LauncherTest {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path dir;
  private Path jar;

  @BeforeEach
  void layout() throws Exception {
    Files.copy(Path.of("jkops"), dir.resolve("jkops"));
    dir.resolve("jkops").toFile().setExecutable(true);
    Path src = dir.resolve("gen/dev/jkops/cli");
    Files.createDirectories(src);
    Files.writeString(
        src.resolve("Main.java"),
        """
        package dev.jkops.cli;
        public class Main {
          public static void main(String[] a) { System.out.println("launched " + String.join(" ", a)); }
        }
        """);
    Files.writeString(
        src.resolve("StartupTraining.java"),
        """
        package dev.jkops.cli;
        public class StartupTraining {
          public static void main(String[] a) {
            if (System.getenv("TRAINING_FAILS") != null) { System.exit(3); }
            Main.main(new String[] {"trained"});
          }
        }
        """);
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "--release",
                "17",
                "-d",
                dir.resolve("classes").toString(),
                src.resolve("Main.java").toString(),
                src.resolve("StartupTraining.java").toString());
    assertThat(rc).isZero();
    Files.createDirectories(dir.resolve("target"));
    jar = dir.resolve("target/jkops.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest())) {
      for (String c : List.of("Main", "StartupTraining")) {
        out.putNextEntry(new JarEntry("dev/jkops/cli/" + c + ".class"));
        out.write(Files.readAllBytes(dir.resolve("classes/dev/jkops/cli/" + c + ".class")));
        out.closeEntry();
      }
    }
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
  }

  private static Manifest manifest() {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.jkops.cli.Main");
    return m;
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
    return new Run(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  private List<Path> archives() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("target"))) {
      return s.filter(p -> p.getFileName().toString().matches("jkops-(cds|aot)-\\d+\\.jsa"))
          .toList();
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
    assertThat(second.out())
        .containsPattern("dev\\.jkops\\.cli\\.Main source: shared objects file");
  }

  @Test
  void theArchiveIsMappedWhereItWasDumpedUnlessTheUserAsksForARandomAddress() throws Exception {
    assertThat(run(Map.of(), "version").code()).isZero();

    // JDK 17u relocates every archive to a random address by default (ArchiveRelocationMode=1),
    // patching all of it on each start; the launcher asks for the dumped address.
    Run fixed = run(Map.of("JKOPS_JAVA_OPTS", "-Xlog:cds=info:stdout"), "version");
    assertThat(fixed.code()).isZero();
    assertThat(fixed.out())
        .contains("launched version")
        .containsPattern("Mapped static +region #0")
        .doesNotContain("alternative address");

    // JKOPS_JAVA_OPTS comes last, so the JDK's default is one option away, and still maps it.
    Run random =
        run(
            Map.of(
                "JKOPS_JAVA_OPTS",
                "-XX:ArchiveRelocationMode=1 -Xlog:cds=info:stdout -Xlog:class+load=info:stdout"),
            "version");
    assertThat(random.code()).isZero();
    assertThat(random.out())
        .contains("launched version")
        .contains("alternative address")
        .containsPattern("dev\\.jkops\\.cli\\.Main source: shared objects file");
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
    // Without the failure the marker still stands until the jar changes: no training on every
    // start.
    assertThat(run(Map.of(), "version").out()).isEqualTo("launched version\n");
    assertThat(archives()).isEmpty();
  }

  @Test
  void archivesCanBeTurnedOffAndAotFallsBackToCdsBeforeJdk25() throws Exception {
    assertThat(run(Map.of("JKOPS_ARCHIVE", "off"), "version").out())
        .isEqualTo("launched version\n");
    assertThat(archives()).isEmpty();
    if (Runtime.version().feature() < 25) {
      assertThat(run(Map.of("JKOPS_ARCHIVE", "aot"), "version").out())
          .isEqualTo("launched version\n");
      assertThat(archives())
          .singleElement()
          .satisfies(p -> assertThat(p.getFileName().toString()).startsWith("jkops-cds-"));
    }
  }

  @Test
  void aMissingJavaIsAClearError() throws Exception {
    Run r = run(Map.of("JKOPS_JAVA", dir.resolve("no-such-java").toString()), "version");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no java found").contains("JKOPS_JAVA");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theArchiveIsStaticSoItHoldsClassesAJava5CompilerWouldEmit() throws Exception {
    // picocli is compiled for Java 5; JDK 17's dynamic archive refuses such classes, a static one
    // keeps them.
    Path old = dir.resolve("old");
    Files.createDirectories(old.resolve("old"));
    Files.writeString(
        old.resolve("Old.java"),
        "package old; public class Old { public static String hi() { return \"old\"; } }");
    assertThat(
            ToolProvider.getSystemJavaCompiler()
                .run(
                    null,
                    null,
                    null,
                    "--release",
                    "8",
                    "-d",
                    old.toString(),
                    old.resolve("Old.java").toString()))
        .isZero();
    byte[] bytes = Files.readAllBytes(old.resolve("old/Old.class"));
    bytes[7] = 49; // major version 49: Java 5, as picocli's classes (this class uses nothing newer)
    Files.write(old.resolve("old/Old.class"), bytes);
    Path src = dir.resolve("gen/dev/jkops/cli");
    Files.writeString(
        src.resolve("Main.java"),
        """
        package dev.jkops.cli;
        public class Main {
          public static void main(String[] a) { System.out.println("launched " + String.join(" ", a) + " " + old.Old.hi()); }
        }
        """);
    assertThat(
            ToolProvider.getSystemJavaCompiler()
                .run(
                    null,
                    null,
                    null,
                    "--release",
                    "17",
                    "-cp",
                    old.toString(),
                    "-d",
                    dir.resolve("classes").toString(),
                    src.resolve("Main.java").toString()))
        .isZero();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest())) {
      for (String c : List.of("dev/jkops/cli/Main", "dev/jkops/cli/StartupTraining")) {
        out.putNextEntry(new JarEntry(c + ".class"));
        out.write(Files.readAllBytes(dir.resolve("classes/" + c + ".class")));
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("old/Old.class"));
      out.write(bytes);
      out.closeEntry();
    }
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));

    assertThat(run(Map.of(), "version").out()).isEqualTo("launched version old\n");
    Run r = run(Map.of("JKOPS_JAVA_OPTS", "-Xlog:class+load=info:stdout"), "version");
    assertThat(r.out()).contains("launched version old");
    assertThat(r.out()).contains("old.Old source: shared objects file");
  }

  @Test
  void theJavaIsResolvedOnceAndAStaleCacheLineIsNotTrusted() throws Exception {
    run(Map.of(), "version");
    Path cache = dir.resolve("target/jkops-java.cache");
    String line = Files.readString(cache);
    String home = Path.of(JAVA).toRealPath().getParent().getParent().toString();
    assertThat(line).startsWith(JAVA + "\t" + home + "\t");
    List<Path> recorded = archives();
    assertThat(recorded).hasSize(1);

    // A line that no longer holds (the java moved to another home, say after update-alternatives)
    // is
    // worked out again, and the command still maps the same archive rather than recording another.
    Files.writeString(cache, JAVA + "\t" + dir + "\tIMPLEMENTOR=\"x\";\t12345\nsome other line\n");
    Run r = run(Map.of("JKOPS_JAVA_OPTS", "-Xlog:class+load=info:stdout"), "version");
    assertThat(r.out()).containsPattern("dev\\.jkops\\.cli\\.Main source: shared objects file");
    assertThat(archives()).isEqualTo(recorded);
    assertThat(Files.readString(cache)).contains(JAVA + "\t" + home + "\t").doesNotContain("12345");

    // Garbage in the cache is not an error either.
    Files.writeString(cache, "\t\t\t\n\u0000\n");
    Run g = run(Map.of(), "version");
    assertThat(g.code()).isZero();
    assertThat(g.out()).isEqualTo("launched version\n");
    assertThat(g.err()).isEmpty();
  }
}
