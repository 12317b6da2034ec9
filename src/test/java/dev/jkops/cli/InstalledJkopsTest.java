package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.testing.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jkops as a user installs it: the release archive the build makes (target/jkops-VERSION.tar.gz),
 * installed by {@code scripts/install PREFIX}, then run as {@code PREFIX/bin/jkops} with a clean
 * PATH, from a directory outside any checkout, after the sources it was built from are gone. It
 * creates, updates with --yes, validates and deletes a local cluster.
 *
 * <p>The build runs in a copy of the checkout (pom, main sources, assembly, launcher, install
 * script), so it never rewrites this run's target/ while tests load classes from it.
 */
@RequiresRoot
class InstalledJkopsTest {
  static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("inst");

  @Test
  void theInstalledJkopsCreatesUpdatesValidatesAndDeletesALocalCluster() throws Exception {
    Path checkout = Path.of("").toAbsolutePath();
    Path source = cluster.dir().resolve("source");
    for (String part :
        List.of(".mvn", "pom.xml", "jkops", "src/main", "src/assembly", "scripts/install")) {
      copy(checkout.resolve(part), source.resolve(part));
    }
    Path prefix = cluster.dir().resolve("prefix");
    Map<String, String> env =
        new HashMap<>(Map.of("PATH", SYSTEM_PATH, "HOME", cluster.dir().toString()));
    if (System.getenv("JAVA_HOME") != null) {
      env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
    }
    Run install =
        run(
            env,
            cluster.dir(),
            15,
            source.resolve("scripts/install").toString(),
            prefix.toString());
    assertThat(install.code()).as(install.toString()).isZero();
    assertThat(install.out()).contains("Installed jkops");
    Path launcher = prefix.resolve("bin/jkops");
    assertThat(Files.isSymbolicLink(launcher)).isTrue();
    assertThat(prefix.resolve("lib/jkops/jkops.jar")).isRegularFile();
    assertThat(
            source.resolve("target").toFile().listFiles((d, n) -> n.matches("jkops-.*\\.tar\\.gz")))
        .as("the release archive")
        .hasSize(1);

    // the sources are gone; the installed jkops is found on PATH and run from elsewhere
    deleteTree(source);
    Path work = Files.createDirectories(cluster.dir().resolve("elsewhere"));
    Map<String, String> user = new HashMap<>(cluster.env());
    user.put("PATH", prefix.resolve("bin") + ":" + SYSTEM_PATH);
    if (System.getenv("JKOPS_CLUSTER_ID_SALT") != null) {
      user.put(
          "JKOPS_CLUSTER_ID_SALT",
          System.getenv("JKOPS_CLUSTER_ID_SALT")); // as the fixture's names
    }
    if (System.getenv("JAVA_HOME") != null) {
      user.put("JAVA_HOME", System.getenv("JAVA_HOME"));
    }
    String name = cluster.name();
    Run which = run(user, work, 1, "bash", "-c", "command -v jkops");
    assertThat(which.out().trim()).isEqualTo(launcher.toString());
    ok(
        run(
            user,
            work,
            2,
            "jkops",
            "create",
            "cluster",
            name,
            "--zones",
            "zone-a",
            "--node-count",
            "1"));
    ok(run(user, work, 5, "jkops", "update", "cluster", name, "--yes"));
    Run validate = ok(run(user, work, 5, "jkops", "validate", "cluster", name));
    assertThat(validate.out()).contains("Your cluster " + name + " is ready");
    ok(run(user, work, 5, "jkops", "delete", "cluster", name, "--yes"));
    assertThat(run(user, work, 2, "jkops", "get", "clusters").out()).doesNotContain(name);
  }

  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Run ok(Run r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  /** Runs a program with exactly {@code env} (nothing inherited), bounded by {@code minutes}. */
  static Run run(Map<String, String> env, Path cwd, int minutes, String... argv) throws Exception {
    List<String> command = new ArrayList<>(List.of(argv));
    if (!argv[0].contains("/") && !argv[0].equals("bash")) {
      command.set(0, resolve(argv[0], env.get("PATH")));
    }
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = Files.createTempFile(cwd, "out", ".txt");
    Path err = Files.createTempFile(cwd, "err", ".txt");
    pb.redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          String.join(" ", argv) + " did not finish in " + minutes + " minutes");
    }
    try {
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The program a shell with this PATH would run. */
  static String resolve(String program, String path) {
    for (String dir : path.split(":")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(program + " is not on PATH " + path);
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
