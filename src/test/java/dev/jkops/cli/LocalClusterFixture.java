package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.FileStateStore;
import dev.jkops.cloud.local.Leftovers;
import dev.jkops.cloud.local.LocalClusterUpdate;
import dev.jkops.cloud.local.etcd.EtcdProcesses;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local cluster for one test, as the CLI tests run it: its own temp dir (HOME, the file state
 * store, the runtime dir), a name with a random suffix so runs never share namespaces, and a {@link
 * Cli} with that environment. Registered with {@code @RegisterExtension}, after each test it
 * unlocks and deletes the cluster and fails the test if any of it is left on the machine: a jk-*
 * namespace with the cluster's prefix, its runtime dir, or an etcd process; then the temp dir goes.
 *
 * <p>It is made with the test instance (so a test's fields can read its name and Cli), and checks
 * only tests that started: one that {@code @RequiresRoot} skipped built nothing to check.
 */
final class LocalClusterFixture implements BeforeEachCallback, AfterEachCallback {
  private final Path dir;
  private final Path runtime;
  private final String name;
  private final ClusterNames names;
  private final Map<String, String> env = new HashMap<>();
  private final Cli cli;
  private final boolean buildsOnTheMachine;
  private boolean started;

  private LocalClusterFixture(String namePrefix, boolean buildsOnTheMachine) {
    this(
        "jkops-" + namePrefix,
        namePrefix + ThreadLocalRandom.current().nextInt(1_000_000) + ".local",
        "runtime",
        buildsOnTheMachine);
  }

  private LocalClusterFixture(
      String dirPrefix, String name, String runtimeBelowDir, boolean buildsOnTheMachine) {
    try {
      dir = Files.createTempDirectory(dirPrefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.name = name;
    runtime = dir.resolve(runtimeBelowDir);
    names = ClusterNames.of(name, runtime());
    env.put("HOME", dir.toString());
    env.put("TMPDIR", dir.toString());
    env.put("KOPS_STATE_STORE", "file://" + state());
    env.put(ClusterNames.RUNTIME_DIR_ENV, runtime().toString());
    cli = new Cli(dir, "file://" + state()).env(env);
    this.buildsOnTheMachine = buildsOnTheMachine;
  }

  /** A cluster the test may build: after the test it is deleted and nothing of it may be left. */
  LocalClusterFixture(String namePrefix) {
    this(namePrefix, true);
  }

  /**
   * A cluster named {@code name} (which the caller makes unique) whose runtime base ({@code
   * JKOPS_RUNTIME_DIR}) is {@code runtimeBelowDir} under the temp dir: for long names.
   */
  static LocalClusterFixture named(String dirPrefix, String name, String runtimeBelowDir) {
    return new LocalClusterFixture(dirPrefix, name, runtimeBelowDir, true);
  }

  /**
   * A cluster that only lives in the state store (tests that need no root); a {@code @Nested} class
   * that builds it calls {@link #deleteAndAssertNothingLeftBehind} itself.
   */
  static LocalClusterFixture inTheStateStoreOnly(String namePrefix) {
    return new LocalClusterFixture(namePrefix, false);
  }

  Path dir() {
    return dir;
  }

  Path state() {
    return dir.resolve("state");
  }

  /**
   * The runtime base ({@code JKOPS_RUNTIME_DIR}); the cluster's own dir below it is {@code
   * names().runtimeDir()}.
   */
  Path runtime() {
    return runtime;
  }

  String name() {
    return name;
  }

  ClusterNames names() {
    return names;
  }

  Cli cli() {
    return cli;
  }

  /** The environment the Cli runs with, for a jkops run as its own process. */
  Map<String, String> env() {
    return Map.copyOf(env);
  }

  /** Adds a variable for the Cli and for {@link #env()}. */
  LocalClusterFixture env(String variable, String value) {
    env.put(variable, value);
    cli.env(variable, value);
    return this;
  }

  /**
   * What {@code update cluster} would still have to change on the machine after a switch or a roll
   * (devices, routes, CNI files, rulesets: {@link Leftovers}); empty when nothing was left behind.
   */
  List<String> leftovers() {
    ClusterStore store = new ClusterStore(new FileStateStore(state()));
    LocalClusterUpdate update =
        new LocalClusterUpdate(
            Kernel.system(),
            store.stateStore(),
            Map.of(ClusterNames.RUNTIME_DIR_ENV, runtime().toString()));
    return Leftovers.find(Kernel.system(), names, update.preview(store.require(name).bundle()));
  }

  /**
   * Waits until the cluster's API server listens: {@code update cluster --yes} returns once it has
   * started it, before it answers (as kops does), and kubectl needs it answering.
   */
  void awaitApiServer() {
    dev.jkops.cloud.local.apiserver.ApiServerProcess.awaitReady(
        names.runtimeDir(), java.time.Duration.ofSeconds(60));
  }

  /**
   * Unlocks (a killed run may hold the lock) and deletes the cluster; fails if anything of it is
   * left.
   */
  void deleteAndAssertNothingLeftBehind() {
    cli.run("unlock", "cluster", name, "--force");
    cli.run("delete", "cluster", name, "--yes");
    SoftAssertions left = new SoftAssertions();
    left.assertThat(EtcdProcesses.under(runtime())).as("etcd processes left").isEmpty();
    left.assertThat(dev.jkops.cloud.local.apiserver.ApiServerProcess.pid(names.runtimeDir()))
        .as("API server left")
        .isEmpty();
    left.assertThat(Kernel.system().netns().list(names.prefix())).as("namespaces left").isEmpty();
    left.assertThat(names.runtimeDir()).as("runtime dir left").doesNotExist();
    left.assertAll();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    started = true;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      if (started && buildsOnTheMachine) {
        deleteAndAssertNothingLeftBehind();
      }
    } catch (RuntimeException | Error leak) {
      try {
        deleteDir();
      } catch (IOException | RuntimeException e) {
        leak.addSuppressed(e); // the leak is the news; a dir that would not go is a footnote to it
      }
      throw leak;
    }
    deleteDir();
  }

  private void deleteDir() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
