package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.FileStateStore;
import dev.jkops.cloud.local.ClusterNames;
import dev.jkops.cloud.local.LocalClusterUpdate;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.roll.Leftovers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration measurement behind docs/migrations.md, run by {@code scripts/migrations} (not part
 * of {@code mvn verify}: it takes about a minute a pair). For each from -> to pair: a local
 * cluster of one control plane and two nodes in two zones, validated; a continuous probe
 * ({@link MigrationProbe}) between pods on the two nodes; edit, update --yes and rolling-update
 * --yes through the CLI; then validate, and a search for anything the old provider left. Writes the
 * table to {@code jkops.migrations.out} and fails when a path regresses: leftovers, validate red,
 * or more loss than its kind allows (keeps traffic: probes lost for at most
 * {@value #KEEPS_TRAFFIC_MAX_DISRUPTION_S} s).
 */
class MigrationMatrix {
  static final List<String> MODES = List.of("kubenet", "classic", "kopeio-vxlan", "weave", "flannel", "calico", "canal",
      "romana");
  /** A keeps-traffic switch may lose probes for at most this long (a converge's few hundred ms). */
  static final double KEEPS_TRAFFIC_MAX_DISRUPTION_S = 1.0;
  static final Duration PROBE_BOUND = Duration.ofMinutes(15);
  static final Pattern KIND = Pattern.compile("-> \\S+ \\(([a-z ]+)\\)");

  @TempDir Path dir;

  record Row(String from, String to, String kind, int sent, int lost, double disruption, double rollSeconds,
      List<String> leftovers, boolean valid, String error) {
    boolean regressed() {
      return error != null || !valid || !leftovers.isEmpty()
          || ("keeps traffic".equals(kind) && disruption > KEEPS_TRAFFIC_MAX_DISRUPTION_S);
    }

    double lossPct() {
      return sent == 0 ? 0 : 100.0 * lost / sent;
    }

    String markdown() {
      return String.format(Locale.ROOT, "| %s | %s | %s | %d of %d (%.1f%%) | %.1f | %.0f | %s | %s |", from, to,
          kind, lost, sent, lossPct(), disruption, rollSeconds,
          leftovers.isEmpty() ? "none" : String.join("; ", leftovers), error != null ? "error: " + error
              : valid ? "green" : "red");
    }
  }

  static List<String[]> pairs(String spec) {
    List<String[]> out = new ArrayList<>();
    if (spec == null || spec.isBlank() || spec.equals("all")) {
      for (String from : MODES) {
        for (String to : MODES) {
          if (!from.equals(to)) {
            out.add(new String[] {from, to});
          }
        }
      }
      return out;
    }
    for (String p : spec.trim().split("[\\s,]+")) {
      String[] ft = p.split(":");
      if (ft.length != 2 || !MODES.contains(ft[0]) || !MODES.contains(ft[1]) || ft[0].equals(ft[1])) {
        throw new IllegalArgumentException("pair \"" + p + "\": write FROM:TO with two different modes among " + MODES);
      }
      out.add(ft);
    }
    return out;
  }

  @Test
  void measure() throws IOException {
    String spec = System.getProperty("jkops.migrations", "all");
    Path out = Path.of(System.getProperty("jkops.migrations.out", "target/migrations.md"));
    List<Row> rows = new ArrayList<>();
    Instant started = Instant.now();
    for (String[] p : pairs(spec)) {
      Row r = run(p[0], p[1]);
      rows.add(r);
      System.out.println(r.markdown());
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, render(rows, Duration.between(started, Instant.now()), spec));
    }
    assertThat(rows.stream().filter(Row::regressed).map(Row::markdown).toList()).as("regressed paths").isEmpty();
  }

  static String render(List<Row> rows, Duration took, String spec) {
    StringBuilder sb = new StringBuilder();
    sb.append("| from | to | kind | probes lost | disruption (s) | roll (s) | leftovers | validate after |\n");
    sb.append("|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> sb.append(r.markdown()).append('\n'));
    sb.append(String.format(Locale.ROOT, "%n%d pair(s) (%s) in %d min %d s, measured %s.%n", rows.size(),
        spec == null || spec.isBlank() ? "all" : spec, took.toMinutes(), took.toSecondsPart(),
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)));
    return sb.toString();
  }

  Row run(String from, String to) throws IOException {
    Path root = dir.resolve(from + "-" + to);
    Path runtime = root.resolve("runtime");
    Cli cli = new Cli(root, "file://" + root.resolve("state")).env(ClusterNames.RUNTIME_DIR_ENV, runtime.toString());
    String name = "mig-" + from.replace("-", "") + "-" + to.replace("-", "") + ".local";
    ClusterNames names = ClusterNames.of(name, runtime);
    ClusterStore clusters = new ClusterStore(new FileStateStore(root.resolve("state")));
    try {
      List<String> create = new ArrayList<>(List.of("create", "cluster", name, "--zones", "zone-a,zone-b",
          "--node-count", "2", "--networking", from));
      if (from.equals("classic") || to.equals("classic")) {
        create.addAll(List.of("--kubernetes-version", "v1.4.8"));
      }
      must(cli.run(create.toArray(String[]::new)), "create");
      must(cli.run("update", "cluster", name, "--yes"), "update");
      must(cli.run("validate", "cluster", name), "validate before the switch");
      Path edited = root.resolve("edited.yaml");
      Files.writeString(edited, SwitchNetworkingTest.withNetworking(
          Files.readString(root.resolve("state").resolve(name).resolve("config")), yamlOf(to)));
      must(cli.env("EDITOR", "cp " + edited + " ").run("edit", "cluster", name), "edit");
      Cli.Result preview = must(cli.run("update", "cluster", name), "update preview");
      Matcher k = KIND.matcher(preview.out());
      String kind = k.find() ? k.group(1) : "?";
      must(cli.run("update", "cluster", name, "--yes"), "update --yes");
      String toMode = LocalPods.bundle(clusters, name).cluster().spec().networking().key();
      String newMode = new LocalClusterUpdate(Kernel.system(), clusters.stateStore(),
          Map.of(ClusterNames.RUNTIME_DIR_ENV, runtime.toString())).preview(clusters.require(name).bundle()).network()
          .mode();
      MigrationProbe probe = new MigrationProbe(clusters, name, names, List.of("nodes-zone-a-1", "nodes-zone-b-1"),
          newMode, PROBE_BOUND);
      probe.start();
      Thread t = new Thread(probe, "migration-probe");
      t.start();
      long t0 = System.nanoTime();
      Cli.Result roll = cli.run("rolling-update", "cluster", name, "--yes", "--master-interval", "1s",
          "--node-interval", "1s", "--validate-count", "2", "--validation-timeout", "3m");
      double rollSeconds = (System.nanoTime() - t0) / 1e9;
      probe.stop();
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      must(roll, "rolling-update --yes (" + toMode + ")");
      boolean valid = cli.run("validate", "cluster", name).code() == 0;
      LocalClusterUpdate update = new LocalClusterUpdate(Kernel.system(), clusters.stateStore(),
          Map.of(ClusterNames.RUNTIME_DIR_ENV, runtime.toString()));
      List<String> left = Leftovers.find(Kernel.system(), names, update.preview(clusters.require(name).bundle()));
      return new Row(from, to, kind, probe.sent, probe.lost, probe.disruptionSeconds(), rollSeconds, left, valid, null);
    } catch (StepFailed e) {
      return new Row(from, to, "?", 0, 0, 0, 0, List.of(), false, e.getMessage());
    } finally {
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
      String said = (r.err() + r.out()).lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
      throw new StepFailed(step + " exited " + r.code() + ": " + said.replace("|", "/"));
    }
    return r;
  }

  static String yamlOf(String mode) {
    return switch (mode) {
      case "flannel" -> "flannel:\n      backend: vxlan";
      case "kopeio-vxlan" -> "kopeio: {}";
      default -> mode + ": {}";
    };
  }
}
