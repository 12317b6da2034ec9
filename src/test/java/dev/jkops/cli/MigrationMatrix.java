package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.FileStateStore;
import dev.jkops.cli.MigrationWalk.Pair;
import dev.jkops.cloud.local.Leftovers;
import dev.jkops.cloud.local.LocalClusterUpdate;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration measurement behind docs/migrations.md, run by {@code scripts/migrations} (not part
 * of {@code mvn verify}: a full run takes most of an hour). "all" walks one local cluster of one
 * control plane and two nodes in two zones through every from -> to pair ({@link MigrationWalk});
 * chosen pairs each get a fresh cluster. Every switch is measured the same way: edit, update (the
 * preview's kind), update --yes, a continuous probe ({@link MigrationProbe}) between pods on the
 * two nodes while rolling-update --yes runs, then validate and a search for anything the old
 * provider left. A switch that fails (a step exits non-zero, validate red, leftovers) is recorded,
 * the cluster is deleted and made again in the mode the walk goes on from. Writes the table to
 * {@code jkops.migrations.out} after every switch and fails when a path regresses (see {@link
 * Row#regressed()}).
 */
class MigrationMatrix {
  static final List<String> MODES =
      List.of(
          "kubenet", "classic", "kopeio-vxlan", "weave", "flannel", "calico", "canal", "romana");

  /**
   * The providers added for issue 22, measurable as chosen pairs or chains (the walk of all pairs
   * stays the eight modes above). amazonvpc runs on the local cloud's stand-in for ENI secondary
   * addresses (each node's pods take a block of its own subnet).
   */
  static final List<String> NEW_MODES = List.of("cilium", "kindnet", "kube-router", "amazonvpc");

  static boolean known(String mode) {
    return MODES.contains(mode) || NEW_MODES.contains(mode);
  }

  /**
   * Every mode accepts it: classic existed up to Kubernetes 1.4 and the DaemonSet providers from
   * 1.4.
   */
  static final String EVERY_MODE_VERSION = "v1.4.8";

  /** A keeps-traffic switch may lose probes for at most this long (a converge's few hundred ms). */
  static final double KEEPS_TRAFFIC_MAX_DISRUPTION_S = 1.0;

  static final Duration PROBE_BOUND = Duration.ofMinutes(15);
  static final Pattern KIND = Pattern.compile("-> \\S+ \\(([a-z ]+)\\)");
  static final String WALK_CLUSTER = "mig-walk.local";

  @TempDir Path dir;

  /**
   * One measured switch.
   *
   * @param step its place in the run, from 1
   * @param fresh the switch ran on a cluster made for it (the run's first, or after a failed
   *     switch)
   * @param switchSeconds edit to the leftover search, all of it
   */
  record Row(
      int step,
      String from,
      String to,
      String kind,
      int sent,
      int lost,
      double disruption,
      double rollSeconds,
      double switchSeconds,
      List<String> leftovers,
      boolean valid,
      String error,
      boolean fresh) {
    static Row failed(int step, Pair p, String error, boolean fresh, double switchSeconds) {
      return new Row(
          step, p.from(), p.to(), "?", 0, 0, 0, 0, switchSeconds, List.of(), false, error, fresh);
    }

    /**
     * A path regresses when a step failed, validate is red, anything is left, or a keeps-traffic
     * switch lost too much.
     */
    boolean regressed() {
      return error != null
          || !valid
          || !leftovers.isEmpty()
          || ("keeps traffic".equals(kind) && disruption > KEEPS_TRAFFIC_MAX_DISRUPTION_S);
    }

    /** Whether the next switch needs a new cluster: this one may have left it broken. */
    boolean brokeCluster() {
      return error != null || !valid || !leftovers.isEmpty();
    }

    double lossPct() {
      return sent == 0 ? 0 : 100.0 * lost / sent;
    }

    String markdown() {
      return String.format(
          Locale.ROOT,
          "| %d | %s | %s | %s | %d of %d (%.1f%%) | %.1f | %.0f | %.0f | %s | %s |",
          step,
          fresh ? from + " (new cluster)" : from,
          to,
          kind,
          lost,
          sent,
          lossPct(),
          disruption,
          rollSeconds,
          switchSeconds,
          leftovers.isEmpty() ? "none" : String.join("; ", leftovers).replace("|", "/"),
          error != null ? "error: " + error.replace("|", "/") : valid ? "green" : "red");
    }
  }

  /**
   * What to run, as runs of switches on one cluster each: "all" (or nothing) is the walk through
   * every pair on one cluster; otherwise each FROM:TO is a run of its own.
   */
  static List<List<Pair>> plan(String spec) {
    return plan(spec, "");
  }

  /**
   * As {@link #plan(String)}; {@code steps} ("A-B", from 1) keeps only those switches of the walk,
   * so two machines (or two runs) can share it: the run starts with a cluster in switch A's from
   * mode.
   */
  static List<List<Pair>> plan(String spec, String steps) {
    if (spec == null || spec.isBlank() || spec.equals("all")) {
      List<Pair> walk = MigrationWalk.pairs(MigrationWalk.circuit(MODES, MODES.get(0)));
      int[] range = steps(steps, walk.size());
      return List.of(walk.subList(range[0] - 1, range[1]));
    }
    if (steps != null && !steps.isBlank()) {
      throw new IllegalArgumentException(
          "MIGRATIONS_STEPS "
              + steps
              + " picks switches of the walk of all pairs;"
              + " leave it out when naming pairs");
    }
    List<List<Pair>> out = new ArrayList<>();
    for (String p : spec.trim().split("[\\s,]+")) {
      if (p.contains(">")) {
        // A>B>C: a chain of switches on one cluster, each pair measured as the walk's are
        String[] modes = p.split(">");
        List<Pair> chain = new ArrayList<>();
        for (int i = 0; i + 1 < modes.length; i++) {
          if (!known(modes[i]) || !known(modes[i + 1]) || modes[i].equals(modes[i + 1])) {
            throw new IllegalArgumentException(
                "chain \""
                    + p
                    + "\": write A>B>C with neighbours different modes among "
                    + MODES
                    + " "
                    + NEW_MODES);
          }
          chain.add(new Pair(modes[i], modes[i + 1]));
        }
        if (chain.isEmpty()) {
          throw new IllegalArgumentException("chain \"" + p + "\": name at least two modes");
        }
        out.add(chain);
        continue;
      }
      String[] ft = p.split(":");
      if (ft.length != 2 || !known(ft[0]) || !known(ft[1]) || ft[0].equals(ft[1])) {
        throw new IllegalArgumentException(
            "pair \""
                + p
                + "\": write FROM:TO with two different modes among "
                + MODES
                + " "
                + NEW_MODES);
      }
      out.add(List.of(new Pair(ft[0], ft[1])));
    }
    return out;
  }

  /**
   * The first and last switch of {@code steps} ("A-B", 1-based, inclusive), or all {@code size}.
   */
  static int[] steps(String steps, int size) {
    if (steps == null || steps.isBlank()) {
      return new int[] {1, size};
    }
    Matcher m = Pattern.compile("(\\d+)-(\\d+)").matcher(steps.trim());
    if (!m.matches()
        || Integer.parseInt(m.group(1)) < 1
        || Integer.parseInt(m.group(2)) > size
        || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
      throw new IllegalArgumentException(
          "MIGRATIONS_STEPS " + steps + ": write FIRST-LAST within 1-" + size);
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  /** The Kubernetes version a run's cluster is made with: one every mode of the run accepts. */
  static Optional<String> version(List<Pair> run) {
    return run.stream().anyMatch(p -> p.from().equals("classic") || p.to().equals("classic"))
        ? Optional.of(EVERY_MODE_VERSION)
        : Optional.empty();
  }

  @Test
  void measure() throws IOException {
    String spec = System.getProperty("jkops.migrations", "all");
    Path out = Path.of(System.getProperty("jkops.migrations.out", "target/migrations.md"));
    String until = System.getProperty("jkops.migrations.deadline", "");
    Optional<Instant> deadline =
        until.isBlank() ? Optional.empty() : Optional.of(Instant.parse(until));
    List<Row> rows = new ArrayList<>();
    List<Pair> notRun = new ArrayList<>();
    Instant started = Instant.now();
    String steps = System.getProperty("jkops.migrations.steps", "");
    List<List<Pair>> plan = plan(spec, steps);
    int firstStep = spec.equals("all") ? steps(steps, MODES.size() * (MODES.size() - 1))[0] : 1;
    String label = steps.isBlank() ? spec : spec + " " + steps;
    boolean walk = spec.equals("all");
    Files.createDirectories(out.toAbsolutePath().getParent());
    for (List<Pair> run : plan) {
      Session session = null;
      try {
        for (Pair p : run) {
          if (deadline.isPresent() && Instant.now().isAfter(deadline.get())) {
            notRun.add(p);
            continue;
          }
          int step = firstStep + rows.size() + notRun.size();
          boolean fresh = session == null;
          long t0 = System.nanoTime();
          Row r;
          try {
            if (session == null) {
              // the walk runs on one version every mode accepts, even a piece of it without classic
              session =
                  new Session(
                      walk ? WALK_CLUSTER : name(p),
                      p.from(),
                      walk ? Optional.of(EVERY_MODE_VERSION) : version(run));
            }
            r = session.switchTo(step, p, fresh);
          } catch (StepFailed e) {
            r = Row.failed(step, p, e.getMessage(), fresh, (System.nanoTime() - t0) / 1e9);
          } catch (RuntimeException e) {
            e.printStackTrace(System.out);
            r =
                Row.failed(
                    step,
                    p,
                    e.getClass().getSimpleName() + ": " + e.getMessage(),
                    fresh,
                    (System.nanoTime() - t0) / 1e9);
          }
          rows.add(r);
          System.out.println(r.markdown());
          Files.writeString(
              out,
              render(
                  rows,
                  notRun,
                  Duration.between(started, Instant.now()),
                  label,
                  plan,
                  Instant.now()));
          if (r.brokeCluster() && session != null) {
            log("switch " + p + " failed; the next switch starts on a new cluster");
            session.delete();
            session = null;
          }
        }
      } finally {
        if (session != null) {
          session.delete();
        }
      }
    }
    Files.writeString(
        out,
        render(rows, notRun, Duration.between(started, Instant.now()), label, plan, Instant.now()));
    assertThat(rows.stream().filter(Row::regressed).map(Row::markdown).toList())
        .as("regressed paths")
        .isEmpty();
    assertThat(notRun).as("pairs not run before the deadline").isEmpty();
  }

  static String render(
      List<Row> rows,
      List<Pair> notRun,
      Duration took,
      String spec,
      List<List<Pair>> plan,
      Instant now) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| # | from | to | kind | probes lost | disruption (s) | roll (s) | switch (s) | leftovers | validate after |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> sb.append(r.markdown()).append('\n'));
    int planned = plan.stream().mapToInt(List::size).sum();
    boolean walk = spec == null || spec.isBlank() || spec.startsWith("all");
    String what =
        !walk
            ? spec
            : spec == null || spec.isBlank() || spec.equals("all")
                ? "all, one cluster walked through every pair"
                : "switches " + spec.substring(4) + " of the walk of all pairs";
    sb.append(
        String.format(
            Locale.ROOT,
            "%n%d of %d pair(s) measured (%s) in %d min %d s, finished %s.",
            rows.size(),
            planned,
            what,
            took.toMinutes(),
            took.toSecondsPart(),
            now.truncatedTo(ChronoUnit.MINUTES)));
    long regressed = rows.stream().filter(Row::regressed).count();
    sb.append(
        String.format(
            Locale.ROOT,
            " Regressed: %s.",
            regressed == 0
                ? "none"
                : rows.stream()
                    .filter(Row::regressed)
                    .map(r -> r.from() + ":" + r.to())
                    .reduce((a, b) -> a + " " + b)
                    .orElse("")));
    int measured = rows.size();
    List<String> missing =
        plan.stream().flatMap(List::stream).skip(measured).map(Pair::toString).toList();
    if (!missing.isEmpty()) {
      sb.append(" Not run: ").append(String.join(" ", missing)).append('.');
    }
    return sb.append('\n').toString();
  }

  static String name(Pair p) {
    return "mig-" + p.from().replace("-", "") + "-" + p.to().replace("-", "") + ".local";
  }

  private static void log(String line) {
    System.out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
  }

  /** One cluster the switches run on. */
  final class Session {
    final String name;
    final Path root;
    final Path runtime;
    final Cli cli;
    final ClusterNames names;
    final ClusterStore clusters;

    Session(String name, String mode, Optional<String> version) {
      this.name = name;
      this.root = dir.resolve(name);
      this.runtime = root.resolve("runtime");
      this.cli =
          new Cli(root, "file://" + root.resolve("state"))
              .env(ClusterNames.RUNTIME_DIR_ENV, runtime.toString());
      this.names = ClusterNames.of(name, runtime);
      this.clusters = new ClusterStore(new FileStateStore(root.resolve("state")));
      List<String> create =
          new ArrayList<>(
              List.of(
                  "create",
                  "cluster",
                  name,
                  "--zones",
                  "zone-a,zone-b",
                  "--node-count",
                  "2",
                  "--networking",
                  mode));
      version.ifPresent(v -> create.addAll(List.of("--kubernetes-version", v)));
      log("create " + name + " (" + mode + version.map(v -> ", " + v).orElse("") + ")");
      try {
        must(cli.run(create.toArray(String[]::new)), "create " + mode);
        must(cli.run("update", "cluster", name, "--yes"), "update (" + mode + ")");
        must(cli.run("validate", "cluster", name), "validate (" + mode + ") before the switch");
      } catch (StepFailed e) {
        delete();
        throw e;
      }
      log("created");
    }

    Row switchTo(int step, Pair p, boolean fresh) throws IOException {
      long t0 = System.nanoTime();
      log("switch " + step + " " + p);
      Path edited = root.resolve("edited.yaml");
      Files.writeString(
          edited,
          withKubeProxy(
              SwitchNetworkingTest.withNetworking(
                  Files.readString(root.resolve("state").resolve(name).resolve("config")),
                  yamlOf(p.to())),
              p.to().equals("kube-router")));
      must(cli.env("EDITOR", "cp " + edited + " ").run("edit", "cluster", name), "edit");
      Cli.Result preview = must(cli.run("update", "cluster", name), "update preview");
      Matcher k = KIND.matcher(preview.out());
      String kind = k.find() ? k.group(1) : "?";
      log("previewed: " + kind);
      must(cli.run("update", "cluster", name, "--yes"), "update --yes");
      log("updated");
      String toMode = LocalPods.bundle(clusters, name).cluster().spec().networking().key();
      String newMode = update().preview(clusters.require(name).bundle()).network().mode();
      MigrationProbe probe =
          new MigrationProbe(
              clusters,
              name,
              names,
              List.of("nodes-zone-a-1", "nodes-zone-b-1"),
              newMode,
              PROBE_BOUND);
      probe.start();
      Thread t = new Thread(probe, "migration-probe");
      t.start();
      log("probing; rolling");
      long r0 = System.nanoTime();
      Cli.Result roll =
          cli.runEchoing(
              "rolling-update",
              "cluster",
              name,
              "--yes",
              "--master-interval",
              "1s",
              "--node-interval",
              "1s",
              "--validate-count",
              "2",
              "--validation-timeout",
              "3m");
      double rollSeconds = (System.nanoTime() - r0) / 1e9;
      probe.stop();
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      log("rolled in " + Math.round(rollSeconds) + " s");
      try {
        must(roll, "rolling-update --yes (" + toMode + ")");
        boolean valid = cli.run("validate", "cluster", name).code() == 0;
        log("validated: " + valid);
        List<String> left =
            Leftovers.find(
                Kernel.system(), names, update().preview(clusters.require(name).bundle()));
        return new Row(
            step,
            p.from(),
            p.to(),
            kind,
            probe.sent,
            probe.lost,
            probe.disruptionSeconds(),
            rollSeconds,
            (System.nanoTime() - t0) / 1e9,
            left,
            valid,
            null,
            fresh);
      } finally {
        probe.deletePods();
      }
    }

    LocalClusterUpdate update() {
      return new LocalClusterUpdate(
          Kernel.system(),
          clusters.stateStore(),
          Map.of(ClusterNames.RUNTIME_DIR_ENV, runtime.toString()));
    }

    void delete() {
      cli.run("delete", "cluster", name, "--yes");
    }
  }

  static final class StepFailed extends RuntimeException {
    StepFailed(String message) {
      super(message);
    }
  }

  static Cli.Result must(Cli.Result r, String step) {
    if (r.code() != 0) {
      String said =
          (r.err() + r.out()).lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
      throw new StepFailed(step + " exited " + r.code() + ": " + said.replace("|", "/"));
    }
    return r;
  }

  /**
   * The spec with kube-proxy off ({@code kubeProxy: enabled: false}, which kube-router requires: it
   * proxies services itself) or back to its default, on: what a user edits along with the
   * networking when switching to or from kube-router.
   */
  static String withKubeProxy(String config, boolean disabled) {
    List<String> out = new ArrayList<>();
    boolean skipping = false;
    for (String line : config.split("\n", -1)) {
      if (line.equals("  kubeProxy:")) {
        skipping = true;
        continue;
      }
      if (skipping && line.startsWith("    ")) {
        continue;
      }
      skipping = false;
      out.add(line);
      if (disabled && line.equals("spec:")) {
        out.add("  kubeProxy:");
        out.add("    enabled: false");
      }
    }
    return String.join("\n", out);
  }

  static String yamlOf(String mode) {
    return switch (mode) {
      case "flannel" -> "flannel:\n      backend: vxlan";
      case "kopeio-vxlan" -> "kopeio: {}";
      case "kube-router" -> "kuberouter: {}";
      default -> mode + ": {}";
    };
  }
}
