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
 * the number of probes and node pairs the sample covered. On each cluster, in this order: one
 * validate with {@code --keep-probe-pods=false} (every probe pod made and removed, as every
 * validate did before pods were kept), the first validate that keeps its server pods, then the
 * rounds that use them (the rows' main numbers). Needs root; every cluster it makes is deleted
 * before it returns.
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
            "validate, pods kept (s)",
            "range (s)",
            "probe pods (s)",
            "probe servers (s)",
            "probes (s)",
            "clean-up (s)",
            "floor (s)",
            "validate / floor",
            "first validate (s)",
            "without kept pods (s)",
            "result",
            "bar (< 10 s at 100 nodes)");
    Map<String, Samples> raw = new LinkedHashMap<>();
    List<double[]> total = new ArrayList<>();
    List<double[]> floors = new ArrayList<>();
    List<double[]> firsts = new ArrayList<>();
    List<double[]> unkept = new ArrayList<>();
    Map<String, List<double[]>> phases = new LinkedHashMap<>();
    for (String p : List.of("probe pods", "probe servers", "probes", "clean-up")) {
      phases.put(p, new ArrayList<>());
    }
    for (int n : sizes) {
      String name = "bench-v" + n + ".jkops.local";
      List<Double> wall = new ArrayList<>();
      List<Double> floor = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      Map<String, List<Double>> phase = new LinkedHashMap<>();
      phases.keySet().forEach(k -> phase.put(k, new ArrayList<>()));
      String probes = "";
      String pairs = "";
      double first = Double.NaN;
      double fresh = Double.NaN;
      boolean allValid = true;
      boolean created = false;
      try {
        LocalCloudBench.createCluster(launcher, env, repo, name, n);
        created = true;
        if (n > DEFAULT_ROUTE_QUOTA_NODES) {
          Map<String, String> editing = new LinkedHashMap<>(env);
          editing.put("EDITOR", editor.toString());
          LocalCloudBench.jkops(launcher, editing, repo, "edit", "cluster", name);
        }
        LocalCloudBench.jkops(launcher, env, repo, "update", "cluster", name, "--yes");
        // round -2: nothing kept at its start or its end; -1: the first that keeps its servers
        for (int r = -2; r < rounds; r++) {
          Path trace = work.resolve("validate-" + n + "-" + (r + 2) + ".jsonl");
          Map<String, String> traced = new LinkedHashMap<>(env);
          traced.put("JKOPS_COMMAND_TRACE", trace.toString());
          List<String> argv =
              new ArrayList<>(List.of(launcher.toString(), "validate", "cluster", name));
          if (r == -2) {
            argv.add("--keep-probe-pods=false");
          }
          Shell.Out v = Shell.run(argv, traced, repo, 600);
          allValid &= v.code() == 0;
          if (v.code() != 0) {
            System.err.println(
                "validate on "
                    + n
                    + " nodes exited "
                    + v.code()
                    + ":\n"
                    + tail(v.stderr() + "\n" + v.stdout(), 15));
          }
          if (r < 0) {
            if (r == -2) {
              fresh = v.ms() / 1000;
            } else {
              first = v.ms() / 1000;
            }
            continue;
          }
          wall.add(v.ms() / 1000);
          // the floor right after, in the same round: what validate's kernel work costs bare
          double f = floor(Files.readString(trace, StandardCharsets.UTF_8), work, n, r);
          floor.add(f);
          ratios.add(v.ms() / 1000 / f);
          String said = v.stderr() + "\n" + v.stdout();
          for (String line : said.lines().toList()) {
            if (line.startsWith("Created ") && line.contains("probe pods")) {
              phase.get("probe pods").add(seconds(line));
            } else if (line.startsWith("Started ") && line.contains("probe servers")) {
              phase.get("probe servers").add(seconds(line));
            } else if (line.startsWith("Ran ") && line.contains("probes in")) {
              phase.get("probes").add(seconds(line));
              probes = line.substring(4, line.indexOf(' ', 4));
            } else if (line.startsWith("Removed the ")) {
              phase.get("clean-up").add(seconds(line));
            } else if (line.startsWith("Coverage:")) {
              Matcher m = Pattern.compile("(\\d+) of (\\d+) node pairs").matcher(line);
              if (m.find()) {
                pairs = m.group(1) + " of " + m.group(2);
              }
            }
          }
        }
      } finally {
        if (created) {
          LocalCloudBench.jkops(launcher, env, repo, "delete", "cluster", name, "--yes");
        }
      }
      Samples w = new Samples(wall);
      raw.put(n + " nodes | validate s", w);
      Samples fl = new Samples(floor);
      Samples ratio = new Samples(ratios);
      raw.put(n + " nodes | floor s", fl);
      floors.add(new double[] {n, fl.median()});
      firsts.add(new double[] {n, first});
      unkept.add(new double[] {n, fresh});
      raw.put(n + " nodes | first validate s", new Samples(List.of(first)));
      raw.put(n + " nodes | without kept pods s", new Samples(List.of(fresh)));
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
          MarkdownTable.num(fl.median(), 1),
          MarkdownTable.num(ratio.median(), 2)
              + "x ("
              + MarkdownTable.num(ratio.min(), 2)
              + "-"
              + MarkdownTable.num(ratio.max(), 2)
              + "x)",
          MarkdownTable.num(first, 1),
          MarkdownTable.num(fresh, 1),
          allValid ? "valid" : "FAILED",
          n == 100 ? (w.median() < 10 && allValid ? "met" : "missed") : "");
      System.out.println(t.text());
    }
    report.tsv("validate", raw);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    series.put("validate cluster, probe pods kept (whole command)", total);
    series.put("first validate (makes the probe pods, keeps the servers)", firsts);
    series.put("without kept pods (--keep-probe-pods=false)", unkept);
    series.putAll(phases);
    series.put("floor of the runs with kept pods (bare CNI ADD+DEL and probe agents)", floors);
    String png =
        report.plot(
            "validate-curve.png",
            "validate cluster: time against nodes (kubenet, 2 zones)",
            "nodes",
            "s",
            series,
            false);
    return "Kubenet, two zones (`--zones zone-a,zone-b --node-count N`; above 49 nodes `jkops edit"
        + " cluster` raises spec.cloudConfig.routeTableQuota, as kubenet needs a route per node)."
        + " On each cluster, in this order: one `./jkops validate cluster --keep-probe-pods=false`"
        + " (every probe pod made and removed, as every validate did before the pods were kept:"
        + " \"without kept pods\"), the first validate that keeps its server pods (it makes them:"
        + " \"first validate\"), then "
        + rounds
        + " validates that use the kept server pods and make only their client pods (the main"
        + " columns: median and range; the JVM's start included). The phases come from those runs'"
        + " progress lines: creating the probe pods (CNI ADD per pod), starting their servers, the"
        + " probes, removing the client pods. The bar is absolute (< 10 s at 100 nodes); the column"
        + " \"floor\" is measured right after each of those runs, from its own command trace"
        + " (`JKOPS_COMMAND_TRACE`): the same CNI ADD calls (same plugins, configs and nodes) into"
        + " namespaces of the benchmark's own, one per pod the run made, then validate's probe"
        + " agents verbatim (one process per sender) from the same namespaces with every target"
        + " address turned into the sender's loopback address (so every probe's packets leave and"
        + " come back, and no server answers), then the same CNI DEL calls and the namespaces'"
        + " deletion, each step 4 at a time as validate runs them; no JVM, no listing of the"
        + " nodes, no etcd, no probe servers. No validate can go below it on this machine at that"
        + " moment; \"validate / floor\" is the median of the rounds' ratios (min-max).\n\n"
        + t.markdown()
        + "\n![validate curve]("
        + png
        + ")\n";
  }

  /**
   * The floor of one validate run, from its trace: its probe pods' CNI ADD calls, its probe agents
   * (targets turned into loopback addresses) and its CNI DEL calls, each step 4 at a time, in
   * namespaces of the benchmark's own; returns the seconds the three steps took.
   */
  static double floor(String traceText, Path work, int nodes, int round) throws IOException {
    List<TraceReplay.Traced> trace = TraceReplay.parse(traceText);
    String benchId = "jk-vf" + Long.toHexString(System.nanoTime() & 0xffffffL);
    Map<String, String> bareOf = new LinkedHashMap<>();
    for (TraceReplay.Traced c : trace) {
      List<String> a = c.argv();
      if (a.size() == 4 && a.get(1).equals("netns") && a.get(2).equals("add")) {
        if (a.get(3).contains("-p-")) {
          bareOf.put(a.get(3), benchId + "-" + bareOf.size());
        }
      }
    }
    if (bareOf.isEmpty()) {
      throw new IllegalStateException("no probe pod in validate's trace (" + nodes + " nodes)");
    }
    Path dir = work.resolve("floor-" + nodes + "-" + round);
    Files.createDirectories(dir);
    Map<String, StringBuilder> adds = new LinkedHashMap<>();
    Map<String, StringBuilder> dels = new LinkedHashMap<>();
    bareOf.forEach(
        (pod, bare) -> {
          adds.put(
              pod,
              new StringBuilder("ip netns add " + bare + "\nip -n " + bare + " link set lo up\n"));
          dels.put(pod, new StringBuilder());
        });
    List<String> probeScripts = new ArrayList<>();
    Map<String, Path> agents = new LinkedHashMap<>(); // each program written once, not per sender
    int k = 0;
    for (TraceReplay.Traced c : trace) {
      String cni = c.env().get("CNI_COMMAND");
      if (cni != null) {
        String pod = c.env().getOrDefault("CNI_NETNS", "").replace("/run/netns/", "");
        String bare = bareOf.get(pod);
        if (bare == null || !(cni.equals("ADD") || cni.equals("DEL"))) {
          continue;
        }
        Path conf = dir.resolve("conf-" + k++ + ".json");
        Files.writeString(conf, c.stdin() == null ? "" : c.stdin(), StandardCharsets.UTF_8);
        StringBuilder envs = new StringBuilder();
        c.env()
            .forEach(
                (key, v) ->
                    envs.append(key)
                        .append("='")
                        .append(
                            key.equals("CNI_NETNS")
                                ? "/run/netns/" + bare
                                : key.equals("CNI_CONTAINERID") ? bare : v)
                        .append("' "));
        (cni.equals("ADD") ? adds : dels)
            .get(pod)
            .append(envs)
            .append(shellWords(c.argv()))
            .append(" < ")
            .append(conf)
            .append(" >/dev/null\n");
      } else if (c.argv().size() == 8
          && c.argv().get(4).equals("perl")
          && c.argv().get(5).equals("-e")) {
        // the probe agent, verbatim, with every probe's target turned into the sender's own
        // loopback address: each ICMP probe is answered by the sender's kernel, each TCP and
        // UDP one refused, no server involved
        String ns = bareOf.getOrDefault(c.argv().get(3), c.argv().get(3));
        int n = probeScripts.size();
        Path agent = agents.get(c.argv().get(6));
        if (agent == null) {
          agent = dir.resolve("agent-" + agents.size() + ".pl");
          Files.writeString(agent, c.argv().get(6), StandardCharsets.UTF_8);
          agents.put(c.argv().get(6), agent);
        }
        Path input = dir.resolve("probes-" + n + ".txt");
        Files.writeString(
            input,
            (c.stdin() == null ? "" : c.stdin())
                .replaceAll("(?m)^(\\d+ \\w+ )\\d{1,3}(\\.\\d{1,3}){3} ", "$1127.0.0.1 ")
                .replaceAll("(?m)^(\\d+ \\w+ )[0-9a-f:]*:[0-9a-f:]* ", "$1::1 "),
            StandardCharsets.UTF_8);
        probeScripts.add(
            "ip netns exec "
                + ns
                + " perl "
                + agent
                + " "
                + c.argv().get(7)
                + " < "
                + input
                + " >/dev/null");
      }
    }
    dels.forEach((pod, b) -> b.append("ip netns delete ").append(bareOf.get(pod)).append('\n'));
    Path addList = steps(dir, "add", adds.values().stream().map(StringBuilder::toString).toList());
    Path probeList = steps(dir, "probe", probeScripts);
    Path delList = steps(dir, "del", dels.values().stream().map(StringBuilder::toString).toList());
    String script =
        "s=$(date +%s%N)\n"
            + "xargs -P 4 -n 1 bash < "
            + addList
            + "\nxargs -P 4 -n 1 bash < "
            + probeList
            + " || true\nxargs -P 4 -n 1 bash < "
            + delList
            + "\ne=$(date +%s%N)\necho $(( (e - s) / 1000 ))\n";
    try {
      Shell.Out o =
          Shell.run(List.of("bash", "-ec", script), Map.of(), work, 600).check("validate's floor");
      return Double.parseDouble(o.stdout().strip()) / 1e6;
    } finally {
      List<String> left = new ArrayList<>();
      for (String bare : bareOf.values()) {
        if (Files.exists(Path.of("/run/netns", bare))) {
          left.add(bare);
        }
      }
      Shell.deleteNamespaces(left);
    }
  }

  /** One script file per step and the list of them, for {@code xargs -n 1 bash}. */
  private static Path steps(Path dir, String kind, List<String> scripts) throws IOException {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < scripts.size(); i++) {
      Path f = dir.resolve(kind + "-" + i + ".sh");
      Files.writeString(f, "set -e\n" + scripts.get(i), StandardCharsets.UTF_8);
      list.append(f).append('\n');
    }
    Path l = dir.resolve(kind + ".list");
    Files.writeString(l, list.toString(), StandardCharsets.UTF_8);
    return l;
  }

  private static String shellWords(List<String> argv) {
    StringBuilder b = new StringBuilder();
    for (String a : argv) {
      b.append(b.length() == 0 ? "" : " ")
          .append('\'')
          .append(a.replace("'", "'\\''"))
          .append('\'');
    }
    return b.toString();
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
