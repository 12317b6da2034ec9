package dev.jkops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code JKOPS_SERVER=on}: the real launcher and its perl client hand commands to a resident jkops
 * JVM ({@code dev.jkops.cli.CommandServer}), and a served command prints exactly what it prints in
 * a JVM of its own, exits the same, and changes the state store the same. Runs {@code ./jkops} from
 * a copy of the checkout's layout whose target/jkops.jar is this build's classes (a jar whose
 * manifest names them), with no start-up archive, in a runtime directory of its own; every server
 * it starts is gone after each test.
 */
class ResidentServerTest {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path dir;
  private Path runtime;
  private Map<String, String> env;

  @BeforeEach
  void layout() throws IOException {
    Files.copy(Path.of("jkops"), dir.resolve("jkops"));
    dir.resolve("jkops").toFile().setExecutable(true);
    Files.createDirectories(dir.resolve("target"));
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.jkops.cli.Main");
    m.getMainAttributes()
        .put(
            Attributes.Name.CLASS_PATH,
            Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.endsWith("test-classes"))
                .map(p -> Path.of(p).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" ")));
    try (JarOutputStream out =
        new JarOutputStream(Files.newOutputStream(dir.resolve("target/jkops.jar")), m)) {
      // the manifest is the whole jar
    }
    runtime = Files.createDirectories(dir.resolve("run"));
    Path home = Files.createDirectories(dir.resolve("home"));
    env = new HashMap<>();
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("HOME", home.toString());
    env.put("XDG_RUNTIME_DIR", runtime.toString());
    env.put("KOPS_STATE_STORE", "file://" + dir.resolve("state"));
    env.put("JKOPS_JAVA", JAVA);
    env.put("JKOPS_ARCHIVE", "off");
    env.put("JKOPS_SERVER", "on");
  }

  @AfterEach
  void noServerIsLeft() throws Exception {
    Run stop = run(env, dir, "--stop-servers");
    assertThat(stop.code()).as(stop.toString()).isZero();
    assertThat(servers()).as("resident JVMs left running").isEmpty();
  }

  @Test
  void aServedCommandPrintsExitsAndWritesExactlyAsInItsOwnJvm() throws Exception {
    Run first = run(env, dir, "get", "clusters");
    assertThat(served()).as("the first command runs in its own JVM").isEmpty();
    awaitServers(1);

    // each command served, then the same in a JVM of its own (JKOPS_SERVER=off) on a twin store
    Map<String, String> off = new HashMap<>(env);
    off.put("JKOPS_SERVER", "off");
    off.put("KOPS_STATE_STORE", "file://" + dir.resolve("state-off"));
    List<List<String>> commands =
        List.of(
            List.of("version"),
            List.of("get", "clusters"),
            List.of("get", "clusters", "--no-such-flag"),
            List.of("create", "cluster", "a.jkops.local", "--zones", "zone-a"),
            List.of("create", "cluster", "a.jkops.local", "--zones", "zone-a"),
            List.of("create", "cluster", "b.jkops.local", "--zones", "zone-a", "--networking", "x"),
            List.of("get", "clusters"),
            List.of("get", "networking", "a.jkops.local"),
            List.of("get", "cluster", "a.jkops.local", "-o", "yaml"));
    for (List<String> c : commands) {
      Run s = run(env, dir, c.toArray(String[]::new));
      Run o = run(off, dir, c.toArray(String[]::new));
      assertThat(s.code()).as("exit of " + c + "\n" + s + "\n" + o).isEqualTo(o.code());
      assertThat(s.out()).as("stdout of " + c).isEqualTo(o.out().replace("state-off", "state"));
      assertThat(s.err()).as("stderr of " + c).isEqualTo(o.err().replace("state-off", "state"));
    }
    assertThat(first.code()).isZero();
    assertThat(served()).hasSize(commands.size());
    assertThat(served().get(5)).contains("--networking x").contains("exit 1");
    assertThat(tree(dir.resolve("state"))).isEqualTo(tree(dir.resolve("state-off")));
  }

  @Test
  void anotherEnvironmentOrDirectoryReachesAnotherServer() throws Exception {
    run(env, dir, "version");
    awaitServers(1);
    Map<String, String> other = new HashMap<>(env);
    other.put("KOPS_STATE_STORE", "file://" + dir.resolve("elsewhere"));
    run(other, dir, "version");
    awaitServers(2);
    run(env, Files.createDirectories(dir.resolve("sub")), "version");
    awaitServers(3);
    run(env, dir, "version");
    assertThat(served()).hasSize(1);
  }

  @Test
  void whatReadsTheClientsOwnFilesOrTerminalIsNeverServed() throws Exception {
    run(env, dir, "version");
    awaitServers(1);
    Files.writeString(
        dir.resolve("c.yaml"),
        """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata:
          name: c.jkops.local
        spec:
          cloudProvider: local
          kubernetesVersion: 1.29.0
          networking:
            kubenet: {}
          nonMasqueradeCIDR: 100.64.0.0/10
          subnets:
          - name: zone-a
            type: Public
            zone: zone-a
        """);
    // /dev/stdin in the server would be the server's own (/dev/null)
    Run fromStdin =
        finish(
            launcher(Map.of(), dir, "create", "-f", "/dev/stdin")
                .redirectInput(dir.resolve("c.yaml").toFile())
                .start());
    assertThat(fromStdin.code()).as(fromStdin.toString()).isZero();
    assertThat(dir.resolve("state/c.jkops.local/config")).exists();
    Run edit = run(Map.of("EDITOR", "true"), dir, "edit", "cluster", "c.jkops.local");
    assertThat(edit.code()).as(edit.toString()).isZero();
    assertThat(served()).isEmpty();
  }

  @Test
  void anIdleServerEndsAndItsSocketGoes() throws Exception {
    Map<String, String> brief = new HashMap<>(env);
    brief.put("JKOPS_SERVER_IDLE", "1");
    run(brief, dir, "version");
    awaitServers(1);
    awaitNoServer(Duration.ofSeconds(20));
    assertThat(servers()).isEmpty();
    assertThat(sockets()).isEmpty();
  }

  @Test
  void aClientThatGoesAwayEndsItsServerAndABusyServerLetsOthersRunInTheirOwnJvm() throws Exception {
    Process editor = lockedClusterBesideAServer("d.jkops.local");
    try {
      // a served delete waits for the lock
      Process waiting = start(env, dir, "delete", "cluster", "d.jkops.local", "--yes");
      try {
        Thread.sleep(1500);
        assertThat(waiting.isAlive()).isTrue();
        // busy: another command runs in its own JVM, the same as ever
        Run version = run(env, dir, "version");
        assertThat(version.out()).startsWith("Client version: ");
        assertThat(log()).doesNotContain("served \"version\"");
      } finally {
        // the user stops the waiting command: its launcher and client go
        waiting.descendants().forEach(ProcessHandle::destroy);
        waiting.destroy();
      }
      awaitNoServer(Duration.ofSeconds(15));
      assertThat(servers()).as("the server ends with its client's command").isEmpty();
      assertThat(log()).contains("went away");
    } finally {
      stop(editor);
    }
    // the delete never ran: the cluster is still there
    assertThat(dir.resolve("state/d.jkops.local/config")).exists();
  }

  @Test
  void aCommandTheServerStartedIsNeverRunAgainByItsClientWhenTheServerDies() throws Exception {
    Process editor = lockedClusterBesideAServer("e.jkops.local");
    try {
      Process waiting =
          launcher(Map.of(), dir, "delete", "cluster", "e.jkops.local", "--yes").start();
      Thread.sleep(1500);
      assertThat(waiting.isAlive()).as("the served delete waits for the lock").isTrue();
      servers().forEach(ProcessHandle::destroyForcibly);
      long killed = System.nanoTime();
      Run r = finish(waiting);
      // a second run in a JVM of its own would wait for the lock too, then fail on it
      assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(10));
      assertThat(r.code()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).contains("the resident jkops JVM ended before the command did");
    } finally {
      stop(editor);
    }
    assertThat(dir.resolve("state/e.jkops.local/config")).exists();
  }

  /**
   * Creates {@code cluster} (which leaves a server), then starts a command in a JVM of its own that
   * holds the cluster's lock while its editor runs; returns that command.
   */
  private Process lockedClusterBesideAServer(String cluster) throws Exception {
    Run create = run(env, dir, "create", "cluster", cluster, "--zones", "zone-a");
    assertThat(create.code()).as(create.toString()).isZero();
    awaitServers(1);
    Map<String, String> editing = new HashMap<>(env);
    editing.put("JKOPS_SERVER", "off");
    Path sleeper = dir.resolve("sleeper");
    Files.writeString(sleeper, "#!/bin/sh\nsleep 60\n");
    sleeper.toFile().setExecutable(true);
    editing.put("EDITOR", sleeper.toString());
    Process editor = start(editing, dir, "edit", "cluster", cluster);
    awaitFile(dir.resolve("state/" + cluster + "/.lock"));
    return editor;
  }

  private static void stop(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  private record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** A launcher of this layout's with this test's environment, {@code extra} on top. */
  private ProcessBuilder launcher(Map<String, String> extra, Path cwd, String... args) {
    List<String> cmd = new ArrayList<>(List.of(dir.resolve("jkops").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().putAll(extra);
    pb.directory(cwd.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return pb;
  }

  private Process start(Map<String, String> extra, Path cwd, String... args) throws IOException {
    return launcher(extra, cwd, args)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private Run run(Map<String, String> extra, Path cwd, String... args) throws Exception {
    return finish(launcher(extra, cwd, args).start());
  }

  private static Run finish(Process p) throws Exception {
    Path err = Files.createTempFile("jkops-err", ".txt");
    try {
      // stderr read on its own thread, so neither pipe can fill while the other is read
      Thread t =
          new Thread(
              () -> {
                try {
                  Files.write(err, p.getErrorStream().readAllBytes());
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      t.start();
      byte[] out = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
      t.join();
      return new Run(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /** This test's resident JVMs, by their command line. */
  private List<ProcessHandle> servers() {
    String mine = "dev.jkops.cli.CommandServer " + runtime;
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(mine)).orElse(false))
        .toList();
  }

  private List<Path> sockets() throws IOException {
    Path d = runtime.resolve("jkops-" + uid());
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.toString().endsWith(".sock")).toList();
    }
  }

  private static String uid() throws IOException {
    return Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
  }

  private void awaitServers(int n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while ((servers().size() < n || sockets().size() < n) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(sockets()).as("listening servers").hasSize(n);
  }

  private void awaitNoServer(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!servers().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  private static void awaitFile(Path f) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(f) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(f).exists();
  }

  /** Every server's log, in one text. */
  private String log() throws IOException {
    Path d = runtime.resolve("jkops-" + uid());
    if (!Files.isDirectory(d)) {
      return "";
    }
    try (Stream<Path> s = Files.list(d)) {
      StringBuilder all = new StringBuilder();
      for (Path p : s.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
        all.append(Files.readString(p, StandardCharsets.UTF_8));
      }
      return all.toString();
    }
  }

  /** The commands the servers ran, one line each. */
  private List<String> served() throws IOException {
    return log().lines().filter(l -> l.contains(" served \"")).toList();
  }

  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new java.util.TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(p).toString();
        // each history version and lock records when it was made; the specs themselves must match
        if (!rel.contains(".history") && !rel.endsWith(".lock")) {
          files.put(rel, Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    }
    return files;
  }
}
