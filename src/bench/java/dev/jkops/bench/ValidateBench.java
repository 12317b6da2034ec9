package dev.jkops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code validate cluster} from 1 to 100 nodes (kubenet, two zones): the whole command's wall time
 * and, from its progress lines, where it went (probe pods, probe servers, probes, clean-up), with
 * the number of probes and node pairs the sample covered. Needs root; every cluster it makes is
 * deleted before it returns.
 */
final class ValidateBench {
  private ValidateBench() {}

  /** Nodes above which kubenet's route table needs more than the default quota of 50 routes. */
  private static final int DEFAULT_ROUTE_QUOTA_NODES = 49;

  private static final Pattern SECONDS = Pattern.compile("in ([\\d.]+)s");

  static String run(Path repo, boolean quick, Report report) throws IOException {
    if (!Shell.isRoot()) {
      throw new IllegalStateException("the validate benchmark needs root (network namespaces)");
    }
    Path launcher = repo.resolve("jkops");
    Path work = Files.createTempDirectory("jkops-bench-validate");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KOPS_STATE_STORE", "file://" + work.resolve("state"));
    // `jkops edit cluster` with an "editor" that adds spec.cloudConfig.routeTableQuota, as a user
    // with a cluster of more than 49 kubenet nodes must.
    Path editor = work.resolve("raise-route-quota.sh");
    Files.writeString(
        editor,
        "#!/bin/sh\nsed -i 's/^spec:$/spec:\\n  cloudConfig:\\n    routeTableQuota: 200/' \"$1\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    int[] sizes = quick ? new int[] {1, 10, 25, 50, 100} : new int[] {1, 5, 10, 25, 50, 75, 100};
    int rounds = quick ? 2 : 3;
    MarkdownTable t =
        new MarkdownTable(
            "nodes",
            "probes",
            "node pairs probed",
            "validate (s)",
            "range (s)",
            "probe pods (s)",
            "probe servers (s)",
            "probes (s)",
            "clean-up (s)",
            "result",
            "bar (< 10 s at 100 nodes)");
    Map<String, Samples> raw = new LinkedHashMap<>();
    List<double[]> total = new ArrayList<>();
    Map<String, List<double[]>> phases = new LinkedHashMap<>();
    for (String p : List.of("probe pods", "probe servers", "probes", "clean-up")) {
      phases.put(p, new ArrayList<>());
    }
    for (int n : sizes) {
      String name = "bench-v" + n + ".jkops.local";
      List<Double> wall = new ArrayList<>();
      Map<String, List<Double>> phase = new LinkedHashMap<>();
      phases.keySet().forEach(k -> phase.put(k, new ArrayList<>()));
      String probes = "";
      String pairs = "";
      boolean allValid = true;
      boolean created = false;
      try {
        LocalCloudBench.jkops(
            launcher,
            env,
            repo,
            "create",
            "cluster",
            name,
            "--zones",
            "zone-a,zone-b",
            "--node-count",
            Integer.toString(n));
        created = true;
        if (n > DEFAULT_ROUTE_QUOTA_NODES) {
          Map<String, String> editing = new LinkedHashMap<>(env);
          editing.put("EDITOR", editor.toString());
          LocalCloudBench.jkops(launcher, editing, repo, "edit", "cluster", name);
        }
        LocalCloudBench.jkops(launcher, env, repo, "update", "cluster", name, "--yes");
        for (int r = 0; r < rounds; r++) {
          Shell.Out v =
              Shell.run(List.of(launcher.toString(), "validate", "cluster", name), env, repo, 600);
          allValid &= v.code() == 0;
          wall.add(v.ms() / 1000);
          String said = v.stderr() + "\n" + v.stdout();
          for (String line : said.lines().toList()) {
            if (line.startsWith("Created ") && line.contains("probe pods")) {
              phase.get("probe pods").add(seconds(line));
            } else if (line.startsWith("Started ") && line.contains("probe servers")) {
              phase.get("probe servers").add(seconds(line));
            } else if (line.startsWith("Ran ") && line.contains("probes in")) {
              phase.get("probes").add(seconds(line));
              probes = line.substring(4, line.indexOf(' ', 4));
            } else if (line.startsWith("Removed the probe pods")) {
              phase.get("clean-up").add(seconds(line));
            } else if (line.startsWith("Coverage:")) {
              Matcher m = Pattern.compile("(\\d+) of (\\d+) node pairs").matcher(line);
              if (m.find()) {
                pairs = m.group(1) + " of " + m.group(2);
              }
            }
          }
          if (v.code() != 0) {
            System.err.println(
                "validate on " + n + " nodes exited " + v.code() + ":\n" + tail(said, 15));
          }
        }
      } finally {
        if (created) {
          LocalCloudBench.jkops(launcher, env, repo, "delete", "cluster", name, "--yes");
        }
      }
      Samples w = new Samples(wall);
      raw.put(n + " nodes | validate s", w);
      total.add(new double[] {n, w.median()});
      List<String> phaseText = new ArrayList<>();
      phase.forEach(
          (k, s) -> {
            if (s.isEmpty()) {
              phaseText.add("-");
              return;
            }
            Samples ps = new Samples(s);
            raw.put(n + " nodes | " + k + " s", ps);
            phases.get(k).add(new double[] {n, ps.median()});
            phaseText.add(MarkdownTable.num(ps.median(), 1));
          });
      t.row(
          n,
          probes,
          pairs,
          MarkdownTable.num(w.median(), 1),
          MarkdownTable.num(w.min(), 1) + "-" + MarkdownTable.num(w.max(), 1),
          phaseText.get(0),
          phaseText.get(1),
          phaseText.get(2),
          phaseText.get(3),
          allValid ? "valid" : "FAILED",
          n == 100 ? (w.median() < 10 && allValid ? "met" : "missed") : "");
      System.out.println(t.text());
    }
    report.tsv("validate", raw);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    series.put("validate cluster (whole command)", total);
    series.putAll(phases);
    String png =
        report.plot(
            "validate-curve.png",
            "validate cluster: time against nodes (kubenet, 2 zones)",
            "nodes",
            "s",
            series,
            false);
    return "Kubenet, two zones (`--zones zone-a,zone-b --node-count N`; above 49 nodes `jkops edit"
        + " cluster` raises spec.cloudConfig.routeTableQuota, as kubenet needs a route per node), "
        + rounds
        + " `./jkops validate cluster` runs per size on one cluster (median and range; the JVM's"
        + " start included). The phases come from validate's own progress lines: creating the probe"
        + " pods (CNI ADD per pod), starting their servers, the probes, removing the pods. There is"
        + " no baseline to alternate with: the bar is absolute (< 10 s at 100 nodes).\n\n"
        + t.markdown()
        + "\n![validate curve]("
        + png
        + ")\n";
  }

  private static double seconds(String line) {
    Matcher m = SECONDS.matcher(line);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().filter(l -> !l.isBlank()).toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
