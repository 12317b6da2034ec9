package dev.jkops.bench;

import dev.jkops.cloud.local.runtime.ClusterNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Local cloud bring-up: {@code jkops update cluster --yes} for 1, 10 and 25 nodes (kubenet, two
 * zones), traced, in paired rounds against a baseline script that performs the traced run's kernel
 * changes directly (see {@link TraceReplay}); the per-pod network setup against a bare CNI plugin
 * call; and {@code validate cluster} on 25 nodes. Needs root. Every cluster and namespace it makes
 * is deleted before it returns.
 */
final class LocalCloudBench {
  private LocalCloudBench() {}

  /** The phases of one {@code update cluster --yes}, from its trace's phase marks, in ms. */
  static final List<String> PHASES =
      List.of(
          "JVM start, CLI, state store",
          "planning and design",
          "diff (kernel reads)",
          "preview to apply",
          "kernel changes",
          "waiting for the control plane",
          "addons, exit");

  /** Each phase's length, from the launch's wall clock and the trace's marks. */
  static Map<String, Double> phases(long launchedMs, double wallMs, Map<String, Long> marks) {
    List<String> order =
        List.of("plan", "diff", "diffed", "apply", "applied", "control plane up", "done");
    Map<String, Double> out = new LinkedHashMap<>();
    long prev = launchedMs;
    for (int i = 0; i < order.size(); i++) {
      Long at = marks.get(order.get(i));
      if (at == null) {
        return Map.of();
      }
      out.put(PHASES.get(i), (double) (at - prev));
      prev = at;
    }
    out.put(PHASES.get(PHASES.size() - 1), launchedMs + wallMs - marks.get("control plane up"));
    Long etcd = marks.get("etcd start");
    Long etcdUp = marks.get("etcd ready");
    Long api = marks.get("api server start");
    Long launched = marks.get("api server launched");
    if (etcd != null && etcdUp != null) {
      out.put("etcd start (overlapping)", (double) (etcdUp - etcd));
    }
    if (api != null && launched != null) {
      // update waits only until the server's process runs, not until it listens
      out.put("API server launch (overlapping)", (double) (launched - api));
    }
    return out;
  }

  static String run(Path repo, boolean quick, Report report) throws IOException {
    if (!Shell.isRoot()) {
      throw new IllegalStateException("the local cloud benchmark needs root (network namespaces)");
    }
    Path launcher = repo.resolve("jkops");
    Path work = Files.createTempDirectory("jkops-bench-local");
    // HOME too: every update --yes exports the cluster's kubectl context into ~/.kube/config, as
    // kops' does, and the benchmark's clusters belong in its own dir, not the user's kubeconfig
    Map<String, String> env =
        Map.of("KOPS_STATE_STORE", "file://" + work.resolve("state"), "HOME", work.toString());
    // -Djkops.bench.local.sizes=1,10 and -Djkops.bench.local.rounds=N try the benchmark on less
    int[] sizes =
        java.util.Arrays.stream(System.getProperty("jkops.bench.local.sizes", "1,10,25").split(","))
            .mapToInt(x -> Integer.parseInt(x.trim()))
            .toArray();
    int rounds = Integer.getInteger("jkops.bench.local.rounds", quick ? 5 : 15);
    MarkdownTable up =
        new MarkdownTable(
            "nodes",
            "pairs",
            "jkops update --yes (ms, median)",
            "baseline script (ms, median)",
            "paired ratio, median (min-max)",
            "bar (<= 1.5x)",
            "kernel commands",
            "time in commands (ms)",
            "rerun, no changes (ms)",
            "floor: the baseline + an empty JVM + etcd's own start (ms, paired ratio of the"
                + " baseline)",
            "floor with the starts beside it: the baseline's changes made while etcd's own start"
                + " and the cluster's API server's start share the cores (the faster of one command"
                + " at a time and in parallel per namespace), + an empty JVM (ms, paired ratio)",
            "JKOPS_SERVER=on: the same update of a fresh cluster through the launcher's resident"
                + " JVM, which has served updates before (ms, paired ratio; bar <= 1.5x)",
            "delete (ms)",
            "load before -> after");
    MarkdownTable phaseTable = null;
    Map<String, Samples> raw = new LinkedHashMap<>();
    List<double[]> jkopsSeries = new ArrayList<>();
    List<double[]> baseSeries = new ArrayList<>();
    String validate = "";
    String pods = "";
    String floor = floor(launcher, env, repo, work, rounds);
    // the resident JVM's column: the same launcher with JKOPS_SERVER=on, its servers in a runtime
    // directory of the benchmark's own
    Map<String, String> served = new LinkedHashMap<>(env);
    served.put("JKOPS_SERVER", "on");
    served.put("XDG_RUNTIME_DIR", Files.createDirectories(work.resolve("run")).toString());
    try {
      for (int n : sizes) {
        String loadBefore = Machine.loadAverage();
        List<Double> jk = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> rerun = new ArrayList<>();
        List<Double> floorMs = new ArrayList<>();
        List<Double> floorRatio = new ArrayList<>();
        List<Double> etcdOwn = new ArrayList<>();
        List<Double> emptyJvmMs = new ArrayList<>();
        List<Double> overlappedRatio = new ArrayList<>();
        List<Double> besideMs = new ArrayList<>();
        List<Double> besideRatio = new ArrayList<>();
        List<Double> besideSequential = new ArrayList<>();
        List<Double> besideParallel = new ArrayList<>();
        List<Double> delete = new ArrayList<>();
        List<Double> servedMs = new ArrayList<>();
        List<Double> servedRatio = new ArrayList<>();
        List<Double> commands = new ArrayList<>();
        List<Double> inCommands = new ArrayList<>();
        Map<String, List<Double>> phaseMs = new LinkedHashMap<>();
        List<TraceReplay.Traced> lastTrace = null;
        String name = "bench-l" + n + ".jkops.local";
        ClusterNames names = ClusterNames.of(name, ClusterNames.DEFAULT_RUNTIME_BASE);
        String servedName = "bench-s" + n + ".jkops.local";
        // the resident JVM has served updates before the first round: two at this size
        for (int w = 0; w < 2; w++) {
          servedUpdate(launcher, served, repo, servedName, n);
        }
        for (int r = 0; r < rounds; r++) {
          // as long as a cluster id (TraceReplay keeps interface names within 15 characters)
          String benchId =
              ("bn" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
                  .substring(0, names.id().length());
          Path baselineDir = work.resolve("baseline-" + n + "-" + r);
          List<String> baselineNs = List.of();
          double b = 0;
          try {
            createCluster(launcher, env, repo, name, n);
            Path trace = work.resolve("trace-" + n + "-" + r + ".jsonl");
            Map<String, String> traced = new LinkedHashMap<>(env);
            traced.put("JKOPS_COMMAND_TRACE", trace.toString());
            // paired rounds: odd rounds run the baseline first (from the previous round's trace),
            // so
            // neither side always runs on a machine the other just warmed
            boolean baselineFirst = r % 2 == 1 && lastTrace != null;
            if (baselineFirst) {
              baselineNs = baseline(lastTrace, names, benchId, baselineDir);
              b = runBaseline(baselineDir);
            }
            long launched = System.currentTimeMillis();
            double j = jkops(launcher, traced, repo, "update", "cluster", name, "--yes").ms();
            String traceText = Files.readString(trace, StandardCharsets.UTF_8);
            List<TraceReplay.Traced> t = TraceReplay.parse(traceText);
            phases(launched, j, TraceReplay.phases(traceText))
                .forEach((k, v) -> phaseMs.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            lastTrace = t;
            if (!baselineFirst) {
              baselineNs = baseline(t, names, benchId, baselineDir);
              b = runBaseline(baselineDir);
            }
            jk.add(j);
            base.add(b);
            ratios.add(j / b);
            commands.add((double) t.size());
            inCommands.add(t.stream().mapToDouble(TraceReplay.Traced::ms).sum());
            Shell.Out again = jkops(launcher, env, repo, "update", "cluster", name, "--yes");
            if (again.stdout().lines().anyMatch(l -> l.startsWith("["))) {
              throw new IllegalStateException(
                  "a second update of " + name + " changed something:\n" + again.stdout());
            }
            rerun.add(again.ms());
            // the floor of an update, in the same round: the bare script's kernel work plus what
            // jkops must do that the script does not, a JVM that does nothing (EmptyMain, jkops'
            // JVM flags) and etcd's own start (a new single member, as update starts it, in a
            // namespace of the benchmark's own, until it has a leader)
            double jvm = emptyJvm(work);
            double etcd = etcdOwnStart(benchId, work.resolve("etcd-" + n + "-" + r));
            etcdOwn.add(etcd);
            emptyJvmMs.add(jvm);
            floorMs.add(b + jvm + etcd);
            floorRatio.add((b + jvm + etcd) / b);
            overlappedRatio.add((b + jvm) / b);
            // validate and the pods first: the measurement below stops the cluster's API server
            if (n == 25 && r == 0) {
              validate = validate(launcher, env, repo, name);
            }
            if (n == 10 && r == 0) {
              pods = pods(launcher, env, repo, name, names, benchId, work, quick);
            }
            // and with what an update starts beside its kernel work on the same cores (etcd and the
            // API server, each from its own process): the baseline run again while both start
            // (twice: the script one command at a time, as the baseline runs, and each step's
            // commands for different namespaces at once, as jkops' engine runs them; the faster
            // counts)
            Files.writeString(
                baselineDir.resolve("baseline-parallel.sh"),
                TraceReplay.script(
                    t,
                    names.id(),
                    benchId,
                    names.runtimeDir().toString(),
                    baselineDir.resolve("runtime").toString(),
                    true),
                StandardCharsets.UTF_8);
            ServerCommand server = ServerCommand.stop(names);
            double[] besideOf = new double[2];
            List<String> scripts = List.of("baseline.sh", "baseline-parallel.sh");
            for (int i = 0; i < scripts.size(); i++) {
              Shell.deleteNamespaces(baselineNs);
              besideOf[i] =
                  baselineBesideStarts(
                      baselineDir.resolve(scripts.get(i)),
                      server,
                      benchId,
                      work.resolve("etcd-beside-" + i + "-" + n + "-" + r));
            }
            besideSequential.add(besideOf[0]);
            besideParallel.add(besideOf[1]);
            double fastest = Math.min(besideOf[0], besideOf[1]);
            besideMs.add(jvm + fastest);
            besideRatio.add((jvm + fastest) / b);
          } finally {
            Shell.deleteNamespaces(baselineNs);
            delete.add(jkops(launcher, env, repo, "delete", "cluster", name, "--yes").ms());
          }
          // last in the round, with the round's own cluster gone, so nothing else of jkops' runs
          double w = servedUpdate(launcher, served, repo, servedName, n);
          servedMs.add(w);
          servedRatio.add(w / b);
        }
        String loadAfter = Machine.loadAverage();
        Samples sj = new Samples(jk);
        Samples sb = new Samples(base);
        Samples sr = new Samples(ratios);
        raw.put(n + " nodes | jkops update --yes", sj);
        raw.put(n + " nodes | baseline", sb);
        raw.put(n + " nodes | paired ratio", sr);
        jkopsSeries.add(new double[] {n, sj.median()});
        baseSeries.add(new double[] {n, sb.median()});
        up.row(
            n,
            rounds,
            MarkdownTable.num(sj.median(), 0),
            MarkdownTable.num(sb.median(), 0),
            MarkdownTable.ratio(sr.median())
                + " ("
                + MarkdownTable.ratio(sr.min())
                + "-"
                + MarkdownTable.ratio(sr.max())
                + ")",
            sr.median() <= 1.5 ? "met" : "missed",
            MarkdownTable.num(new Samples(commands).median(), 0),
            MarkdownTable.num(new Samples(inCommands).median(), 0),
            MarkdownTable.num(new Samples(rerun).median(), 0),
            MarkdownTable.num(new Samples(floorMs).median(), 0)
                + " (JVM "
                + MarkdownTable.num(new Samples(emptyJvmMs).median(), 0)
                + ", etcd "
                + MarkdownTable.num(new Samples(etcdOwn).median(), 0)
                + "; "
                + MarkdownTable.ratio(new Samples(floorRatio).median())
                + "; with etcd's start wholly inside the kernel work "
                + MarkdownTable.ratio(new Samples(overlappedRatio).median())
                + ")",
            msAndRatios(besideMs, besideRatio)
                + "; the script beside them "
                + MarkdownTable.num(new Samples(besideSequential).median(), 0)
                + " one command at a time, "
                + MarkdownTable.num(new Samples(besideParallel).median(), 0)
                + " in parallel per namespace)",
            msAndRatios(servedMs, servedRatio) + ")",
            MarkdownTable.num(new Samples(delete).median(), 0),
            loadBefore
                + " -> "
                + loadAfter
                + (busy(loadBefore, loadAfter) ? " (rerun: load > 1)" : ""));
        System.out.println(up.text());
        if (phaseTable == null && !phaseMs.isEmpty()) {
          List<String> cols = new ArrayList<>(List.of("nodes"));
          cols.addAll(phaseMs.keySet());
          phaseTable = new MarkdownTable(cols.toArray(String[]::new));
        }
        if (phaseTable != null) {
          List<Object> row = new ArrayList<>(List.of(n));
          phaseMs.values().forEach(v -> row.add(MarkdownTable.num(new Samples(v).median(), 0)));
          phaseTable.row(row.toArray());
          System.out.println(phaseTable.text());
        }
      }
    } finally {
      jkops(launcher, served, repo, "--stop-servers");
    }
    report.tsv("local", raw);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    series.put("jkops update cluster --yes", jkopsSeries);
    series.put("baseline (ip -batch, nft -f, CNI)", baseSeries);
    String png =
        report.plot(
            "local-bringup.png",
            "Local cloud bring-up (kubenet, 2 zones)",
            "nodes",
            "ms",
            series,
            false);
    return "Kubenet, two zones, `"
        + rounds
        + "` paired rounds per size. Each round creates the cluster, runs `./jkops update cluster"
        + " NAME --yes` (wall time, JVM start included) and the baseline one after the other (the"
        + " baseline first in odd rounds), and takes their ratio; the table gives the median of those"
        + " ratios and their range. The baseline is a script generated from a traced run's"
        + " `JKOPS_COMMAND_TRACE` that performs the same kernel changes as directly as the tools"
        + " allow (one `ip -batch` for the namespaces, two per namespace for links and the rest, one"
        + " `sysctl` per namespace, each nftables ruleset in one `nft -f`, no reads) in namespaces"
        + " of its own. It starts no etcd and no API server: those are jkops' fixed cost, in the"
        + " phases below. `update` starts the API server first thing, beside the rest, and returns"
        + " once its process runs, before it listens (as kops; `validate cluster` checks it). The"
        + " column \"floor\" is measured in each round beside the pair: that round's baseline,"
        + " plus a JVM running an empty main with jkops' JVM flags, plus etcd's own start (a new"
        + " single member started as `update` starts one, in a namespace of the benchmark's own,"
        + " until it has a leader). An update must do the same kernel work, start a JVM and wait"
        + " for etcd before it records the nodes; it can overlap etcd's start with the kernel"
        + " work (etcd needs only its instance's namespace), which this sum does not, so the"
        + " column also gives the ratio with etcd's start wholly overlapped (the baseline plus the"
        + " JVM): when both ratios are above 1.5x, the bar is below the floor at that size. The"
        + " sum leaves out what the two starts take from the kernel work while they share the"
        + " cores, so the next column measures it: the round's baseline run again while etcd's own"
        + " start and the cluster's API server's start (stopped, then started again from its own"
        + " command line, until it is ready) run beside it, once one command at a time and once"
        + " with each step's commands for different namespaces at once (as jkops' engine runs"
        + " them), the faster of the two plus the empty JVM: the floor of an update that starts"
        + " both while it changes the kernel, as jkops does so that the API answers when it"
        + " returns. The column \"JKOPS_SERVER=on\" runs the same update of a fresh cluster"
        + " (made and deleted the same way), last in the round, through the launcher with"
        + " JKOPS_SERVER=on: its perl client hands the command to a resident jkops JVM, which has"
        + " served updates before (two at each size before the first round), so the update pays"
        + " no JVM start and no class set-up. What lies between it and the first column is the"
        + " cost of one JVM per command.\n\n"
        + up.markdown()
        + "\nWhere one `update cluster --yes` spends its time (medians, ms, from the trace's phase"
        + " marks; etcd and the API server start on a thread of their own while the kernel work"
        + " goes on, so their times overlap the others):\n\n"
        + (phaseTable == null ? "" : phaseTable.markdown())
        + "\n"
        + floor
        + "\n![bring-up]("
        + png
        + ")\n\n"
        + pods
        + validate;
  }

  private static boolean busy(String... loads) {
    for (String l : loads) {
      try {
        if (Double.parseDouble(l.split(" ")[0]) > 1) {
          return true;
        }
      } catch (NumberFormatException e) {
        return true;
      }
    }
    return false;
  }

  /** Writes the baseline script for {@code t} into {@code dir}; returns its namespaces. */
  private static List<String> baseline(
      List<TraceReplay.Traced> t, ClusterNames names, String benchId, Path dir) throws IOException {
    String script =
        TraceReplay.script(
            t,
            names.id(),
            benchId,
            names.runtimeDir().toString(),
            dir.resolve("runtime").toString());
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("baseline.sh"), script, StandardCharsets.UTF_8);
    return TraceReplay.namespaces(script);
  }

  private static double runBaseline(Path dir) {
    return runScript(dir.resolve("baseline.sh"));
  }

  /** Runs a baseline script in its own directory; its wall time in ms. */
  private static double runScript(Path sh) {
    return Shell.run(List.of("bash", sh.toString()), Map.of(), sh.getParent(), 600)
        .check("baseline script " + sh)
        .ms();
  }

  /**
   * One run of {@link EmptyMain} with jkops' JVM flags (as the launcher sets them, the JDK's own
   * archive mapped at its address as jkops' is), in ms.
   */
  private static double emptyJvm(Path work) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classes;
    try {
      classes =
          Path.of(EmptyMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    return Shell.run(
            StartupBench.concat(
                StartupBench.concat(List.of(java), StartupBench.JVM_FLAGS),
                List.of(
                    StartupBench.ARCHIVE_AT_ITS_ADDRESS.get(0),
                    StartupBench.ARCHIVE_AT_ITS_ADDRESS.get(1),
                    "-cp",
                    classes,
                    EmptyMain.class.getName())),
            Map.of(),
            work,
            60)
        .check("java EmptyMain")
        .ms();
  }

  /**
   * etcd's own start, in ms: a new single member started as {@code update cluster --yes} starts one
   * (the same flags, through {@code EtcdControlPlane}), in a namespace of the benchmark's own with
   * only loopback, until it answers with a leader. Stopped and its namespace deleted afterwards.
   */
  private static double etcdOwnStart(String benchId, Path runtimeDir) throws IOException {
    String ns = "jk-" + benchId + "-etcd";
    Shell.run("ip", "netns", "add", ns).check("ip netns add " + ns);
    try {
      Shell.run("ip", "-n", ns, "link", "set", "lo", "up").check("lo up in " + ns);
      Files.createDirectories(runtimeDir);
      dev.jkops.cloud.local.etcd.EtcdControlPlane etcd =
          dev.jkops.cloud.local.etcd.EtcdControlPlane.configure(
              runtimeDir,
              "jkops-bench-" + benchId,
              List.of(
                  new dev.jkops.cloud.local.etcd.EtcdMember(
                      "e",
                      ns,
                      "127.0.0.1",
                      dev.jkops.cloud.local.etcd.EtcdControlPlane.dirOf(runtimeDir).resolve("e"))));
      long t0 = System.nanoTime();
      etcd.ensureRunning(dev.jkops.cloud.local.etcd.EtcdControlPlane.HEALTH_WAIT);
      return (System.nanoTime() - t0) / 1e6;
    } finally {
      dev.jkops.cloud.local.etcd.EtcdControlPlane.stopAll(runtimeDir);
      Shell.deleteNamespaces(List.of(ns));
    }
  }

  /**
   * A baseline script run again (its namespaces deleted first) while the two processes every first
   * update starts beside its kernel work start too, as they do there: etcd's own start (as {@link
   * #etcdOwnStart}) and the cluster's API server, stopped and started again from its own command
   * line and environment, until it writes its ready file. In ms, the script's wall time: what the
   * kernel work takes when it shares the cores with them, which no update that starts them can
   * beat. The server is stopped afterwards (the round's delete finds none running).
   */
  /** The cluster's API server's command line, environment and directory, to start it again. */
  private record ServerCommand(List<String> argv, List<String> environ, Path dir) {
    /** Reads the running server's, then stops it. */
    static ServerCommand stop(ClusterNames names) throws IOException {
      Path dir = names.runtimeDir().resolve("apiserver");
      long pid =
          dev.jkops.cloud.local.apiserver.ApiServerProcess.pid(names.runtimeDir())
              .orElseThrow(() -> new IOException("no API server runs for " + names.runtimeDir()));
      ServerCommand c =
          new ServerCommand(
              dev.jkops.cloud.local.kernel.ProcFs.argv(pid),
              nulSeparated(Path.of("/proc", Long.toString(pid), "environ")),
              dir);
      ProcessHandle old =
          ProcessHandle.of(pid).orElseThrow(() -> new IOException("API server " + pid + " gone"));
      old.destroy();
      // not this JVM's child: it has stopped when it is a zombie (pid 1 here may never reap it)
      dev.jkops.cloud.local.kernel.DetachedProcess.Detached detached =
          new dev.jkops.cloud.local.kernel.DetachedProcess.Detached(
              pid, java.util.Optional.of(old));
      for (int i = 0; i < 200 && detached.isAlive(); i++) { // bounded: 10 s
        sleep(50);
      }
      if (detached.isAlive()) {
        throw new IOException("API server " + pid + " did not stop");
      }
      return c;
    }
  }

  private static double baselineBesideStarts(
      Path script, ServerCommand serverCommand, String benchId, Path etcdDir) throws IOException {
    Path dir = serverCommand.dir();
    List<String> cmd = serverCommand.argv();
    List<String> environ = serverCommand.environ();
    Files.deleteIfExists(dir.resolve("ready"));
    ProcessBuilder server = new ProcessBuilder(cmd).directory(dir.toFile());
    server.environment().clear();
    for (String kv : environ) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        server.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    server.redirectErrorStream(true).redirectOutput(dir.resolve("bench-beside.log").toFile());
    java.util.concurrent.FutureTask<Double> etcd =
        new java.util.concurrent.FutureTask<>(() -> etcdOwnStart(benchId, etcdDir));
    Process started = server.start();
    try {
      new Thread(etcd, "bench-etcd-beside").start();
      double ms = runScript(script);
      for (int i = 0; i < 600 && !Files.exists(dir.resolve("ready")); i++) { // bounded: 30 s
        sleep(50);
      }
      if (!Files.exists(dir.resolve("ready"))) {
        throw new IOException("the API server started beside the baseline never got ready");
      }
      etcd.get(60, java.util.concurrent.TimeUnit.SECONDS);
      return ms;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("etcd's start beside the baseline failed", e);
    } finally {
      started.destroy();
      try {
        started.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** A /proc file of NUL-separated strings (a process' environment), without empty ones. */
  private static List<String> nulSeparated(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    List<String> parts = new ArrayList<>(List.of(text.split("\0")));
    parts.removeIf(String::isEmpty);
    return parts;
  }

  /**
   * The floor no update can go under, measured here: a JVM running an empty main (the same java and
   * flags class-data sharing gives it by default), and {@code jkops version}, alternating.
   */
  private static String floor(
      Path launcher, Map<String, String> env, Path repo, Path work, int rounds) throws IOException {
    Path src = work.resolve("empty/Empty.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, "public class Empty { public static void main(String[] a) {} }\n");
    String java = ProcessHandle.current().info().command().orElse("java");
    Path javac = Path.of(java).resolveSibling("javac");
    Shell.run(List.of(javac.toString(), src.toString()), Map.of(), work, 120).check("javac");
    List<Double> empty = new ArrayList<>();
    List<Double> version = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      empty.add(
          Shell.run(List.of(java, "-cp", src.getParent().toString(), "Empty"), Map.of(), work, 60)
              .check("java Empty")
              .ms());
      version.add(jkops(launcher, env, repo, "version").ms());
    }
    return "The floor (medians of "
        + rounds
        + " alternating runs, load "
        + Machine.loadAverage()
        + "): a JVM with an empty main "
        + MarkdownTable.num(new Samples(empty).median(), 0)
        + " ms; `./jkops version` "
        + MarkdownTable.num(new Samples(version).median(), 0)
        + " ms.\n";
  }

  private static boolean isRead(List<String> argv) {
    return TraceReplay.isRead(argv.size() > 3 ? argv.subList(3, argv.size()) : argv)
        || argv.contains("-j")
        || argv.contains("show")
        || argv.contains("list");
  }

  /**
   * Creates a fresh cluster, runs {@code update cluster NAME --yes} and deletes the cluster again,
   * each through {@code ./jkops} with {@code served}'s environment (JKOPS_SERVER=on). Returns the
   * update's wall time in ms, the launcher and its client included.
   */
  private static double servedUpdate(
      Path launcher, Map<String, String> served, Path repo, String name, int nodes) {
    createCluster(launcher, served, repo, name, nodes);
    try {
      return jkops(launcher, served, repo, "update", "cluster", name, "--yes").ms();
    } finally {
      jkops(launcher, served, repo, "delete", "cluster", name, "--yes");
    }
  }

  /** The benchmark's cluster: kubenet, two zones, {@code nodes} nodes. */
  static void createCluster(
      Path launcher, Map<String, String> env, Path repo, String name, int nodes) {
    jkops(
        launcher,
        env,
        repo,
        "create",
        "cluster",
        name,
        "--zones",
        "zone-a,zone-b",
        "--node-count",
        Integer.toString(nodes));
  }

  /** "median ms (median ratio, min-max" of paired samples; the caller closes the parenthesis. */
  private static String msAndRatios(List<Double> ms, List<Double> ratios) {
    Samples r = new Samples(ratios);
    return MarkdownTable.num(new Samples(ms).median(), 0)
        + " ("
        + MarkdownTable.ratio(r.median())
        + ", "
        + MarkdownTable.ratio(r.min())
        + "-"
        + MarkdownTable.ratio(r.max());
  }

  static Shell.Out jkops(Path launcher, Map<String, String> env, Path repo, String... args) {
    List<String> argv = new ArrayList<>(List.of(launcher.toString()));
    argv.addAll(List.of(args));
    return Shell.run(argv, env, repo, 900).check("jkops " + String.join(" ", args));
  }

  private static String validate(Path launcher, Map<String, String> env, Path repo, String name) {
    Shell.Out v =
        Shell.run(List.of(launcher.toString(), "validate", "cluster", name), env, repo, 300);
    String verdict = v.code() == 0 ? "valid" : "exit " + v.code();
    String said =
        v.code() == 0
            ? ""
            : "\n\nWhat it printed (last lines):\n\n```\n"
                + String.join(
                    "\n",
                    (v.stdout() + v.stderr())
                        .lines()
                        .filter(l -> !l.isBlank())
                        .reduce(
                            new ArrayList<String>(),
                            (acc, l) -> {
                              acc.add(l);
                              if (acc.size() > 15) {
                                acc.remove(0);
                              }
                              return acc;
                            },
                            (x, y) -> x))
                + "\n```";
    // validate's progress lines (stderr) time its phases; its Coverage line says what was sampled
    String phases =
        v.code() != 0
            ? ""
            : "\n\nIts progress and coverage lines:\n\n```\n"
                + String.join(
                    "\n",
                    (v.stderr() + "\n" + v.stdout())
                        .lines()
                        .filter(
                            l ->
                                l.startsWith("Start")
                                    || l.startsWith("Ran")
                                    || l.startsWith("Running")
                                    || l.startsWith("Connectivity")
                                    || l.startsWith("Coverage")
                                    || l.startsWith("CONNECTIVITY"))
                        .toList())
                + "\n```";
    return "`./jkops validate cluster` on the 25-node cluster (probe pods, every probe, the report, the clean-up): "
        + MarkdownTable.num(v.ms() / 1000, 1)
        + " s, "
        + verdict
        + "; bar < 15 s: "
        + (v.ms() < 15000 && v.code() == 0 ? "met" : "missed")
        + "."
        + said
        + phases
        + "\n\n";
  }

  /**
   * Per pod: jkops' network setup (from creating the pod's namespace to the last command on it, in
   * the trace of {@code jkops create pod}) against the same namespace and CNI ADD done bare by a
   * shell script.
   */
  private static String pods(
      Path launcher,
      Map<String, String> env,
      Path repo,
      String name,
      ClusterNames names,
      String benchId,
      Path work,
      boolean quick)
      throws IOException {
    int count = quick ? 3 : 6;
    List<Double> jk = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    List<Double> cli = new ArrayList<>();
    List<Double> inCommands = new ArrayList<>();
    List<String> bareNs = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Path trace = work.resolve("pod-" + i + ".jsonl");
        Map<String, String> traced = new LinkedHashMap<>(env);
        traced.put("JKOPS_COMMAND_TRACE", trace.toString());
        cli.add(
            jkops(launcher, traced, repo, "create", "pod", "bench-pod-" + i, "--name", name).ms());
        List<TraceReplay.Traced> t =
            TraceReplay.parse(Files.readString(trace, StandardCharsets.UTF_8));
        TraceReplay.Traced add =
            t.stream()
                .filter(
                    c ->
                        c.argv().size() == 4
                            && c.argv().get(1).equals("netns")
                            && c.argv().get(2).equals("add")
                            && c.argv().get(3).contains("-p-"))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "no pod namespace in the trace of create pod: " + trace));
        String podNs = add.argv().get(3);
        List<TraceReplay.Traced> adds =
            t.stream().filter(c -> "ADD".equals(c.env().get("CNI_COMMAND"))).toList();
        if (adds.isEmpty()) {
          throw new IllegalStateException("no CNI ADD in the trace of create pod: " + trace);
        }
        double end =
            t.stream()
                .filter(
                    c ->
                        String.join(" ", c.argv()).contains(podNs)
                            || c.env().values().stream().anyMatch(v -> v.contains(podNs)))
                .mapToDouble(c -> c.startMs() + c.ms())
                .max()
                .orElseThrow();
        jk.add(end - add.startMs());
        double from = add.startMs();
        inCommands.add(
            t.stream()
                .filter(c -> c.startMs() >= from && c.startMs() + c.ms() <= end + 0.001)
                .mapToDouble(TraceReplay.Traced::ms)
                .sum());
        // The bare calls: the same plugins, configs and node, into a namespace of the benchmark's
        // own.
        String ns = "jk-" + benchId + "-bare" + i;
        bareNs.add(ns);
        StringBuilder addCalls = new StringBuilder();
        StringBuilder delCalls = new StringBuilder();
        for (int k = 0; k < adds.size(); k++) {
          TraceReplay.Traced c = adds.get(k);
          Path conf = work.resolve("bare-" + i + "-" + k + ".json");
          Files.writeString(conf, c.stdin(), StandardCharsets.UTF_8);
          StringBuilder envs = new StringBuilder();
          int idx = i;
          c.env()
              .forEach(
                  (key, v) ->
                      envs.append(key)
                          .append("='")
                          .append(
                              key.equals("CNI_NETNS")
                                  ? "/run/netns/" + ns
                                  : key.equals("CNI_CONTAINERID")
                                      ? "bare-" + benchId + "-" + idx
                                      : v)
                          .append("' "));
          String call =
              "ip netns exec "
                  + c.argv().get(3)
                  + " "
                  + c.argv().get(4)
                  + " < "
                  + conf
                  + " >/dev/null\n";
          addCalls.append(envs).append(call);
          delCalls.insert(
              0, envs.toString().replace("CNI_COMMAND='ADD'", "CNI_COMMAND='DEL'") + call);
        }
        String script =
            "s=$(date +%s%N)\nip netns add "
                + ns
                + "\nip -n "
                + ns
                + " link set lo up\n"
                + addCalls
                + "e=$(date +%s%N)\necho $(( (e - s) / 1000 ))\n"
                + delCalls;
        Shell.Out b =
            Shell.run(List.of("bash", "-ec", script), Map.of(), work, 120).check("bare CNI call");
        bare.add(Double.parseDouble(b.stdout().strip()) / 1000);
        Shell.deleteNamespaces(List.of(ns));
      }
    } finally {
      Shell.deleteNamespaces(bareNs);
    }
    Samples j = new Samples(jk);
    Samples b = new Samples(bare);
    double ratio = j.ratioTo(b);
    MarkdownTable t = new MarkdownTable("per pod", "median ms", "ratio", "bar (within 10%)");
    t.row(
        "bare: ip netns add, lo up, the same CNI ADD call(s)",
        MarkdownTable.num(b.median(), 1),
        "1.00x",
        "baseline");
    t.row(
        "jkops create pod: namespace to last command on it",
        MarkdownTable.num(j.median(), 1),
        MarkdownTable.ratio(ratio),
        ratio <= 1.10 ? "met" : "missed");
    t.row(
        "... of which inside the kernel commands (the rest is the JVM between them)",
        MarkdownTable.num(new Samples(inCommands).median(), 1),
        MarkdownTable.ratio(new Samples(inCommands).ratioTo(b)),
        "");
    t.row(
        "whole `./jkops create pod` command (JVM included)",
        MarkdownTable.num(new Samples(cli).median(), 0),
        MarkdownTable.ratio(new Samples(cli).ratioTo(b)),
        "");
    System.out.println(t.text());
    return "Per-pod network setup, "
        + count
        + " pods on the 10-node cluster (medians):\n\n"
        + t.markdown()
        + "\n";
  }

  static List<String> namespacesWithPrefix(String prefix) throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/run/netns"))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix))
          .sorted()
          .toList();
    }
  }
}
