package dev.jkops.bench;

import dev.jkops.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * CLI start-up, by issue 24's method: {@code jkops version}, {@code jkops get clusters} (a file
 * state store holding three clusters) and {@code jkops get networking NAME}, each paired with
 * {@code kubectl version --client} run just before it, in one run: every round runs kubectl, then a
 * row, then kubectl, then the next row, so a load spike hits a pair alike. Each row reports the
 * median of its paired ratios and their spread (min-max). The floor rows run an empty {@code main}
 * ({@link EmptyMain}) with jkops' JVM flags and a class-data archive of its own: what the JVM alone
 * costs against kubectl, on JDK 17 and on a newer JDK when one is installed, which also runs the
 * three commands through the launcher (its AOT cache and its static archive).
 */
final class StartupBench {
  static final String KUBECTL = "/usr/bin/kubectl";

  /** The flags ./jkops starts java with (besides the archive). */
  static final List<String> JVM_FLAGS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:CompileThresholdScaling=6",
          "-XX:+UseSerialGC",
          "-XX:-UsePerfData");

  /**
   * What ./jkops adds wherever it maps an archive: map it at the address it was dumped for, not a
   * random one (JDK 17u's default, which relocates the whole archive on every start). The floor
   * gets the same, so it stays the floor.
   */
  static final List<String> ARCHIVE_AT_ITS_ADDRESS =
      List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

  static final String NETWORKING_CLUSTER = "alpha.bench.jkops.local";

  private StartupBench() {}

  /** A command timed against kubectl; {@code bar} says whether the 2x bar applies to it. */
  private record Row(String command, String how, ProcessTimer.Cmd cmd, boolean bar) {}

  static String run(Path repo, boolean quick, Report report) throws IOException {
    Path launcher = repo.resolve("jkops");
    Path work = Files.createTempDirectory("jkops-bench-startup");
    Path store = Files.createDirectories(work.resolve("store"));
    String state = "file://" + store;
    for (String c : List.of("alpha", "beta", "gamma")) {
      PrintWriter sink = new PrintWriter(Writer.nullWriter());
      int rc =
          Main.commandLine(sink, sink, Map.of())
              .execute(
                  "--state",
                  state,
                  "create",
                  "cluster",
                  c + ".bench.jkops.local",
                  "--zones",
                  "zone-a,zone-b",
                  "--node-count",
                  "2");
      if (rc != 0) {
        throw new IllegalStateException("could not create cluster " + c + " in " + store);
      }
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int javaFeature = Runtime.version().feature();
    Optional<Path> newer = newestJdk(javaFeature + 1);
    Path emptyJar = emptyMainJar(work);

    List<Row> rows = new ArrayList<>();
    rows.add(floorRow(java, javaFeature, emptyJar, work, "static AppCDS archive", "cds"));
    newer.ifPresent(
        j -> {
          int f = feature(j);
          rows.add(floorRow(j.toString(), f, emptyJar, work, "static AppCDS archive", "cds"));
          if (f >= 25) {
            rows.add(floorRow(j.toString(), f, emptyJar, work, "AOT cache", "aot"));
          }
        });
    List<List<String>> commands =
        List.of(
            List.of("version"),
            List.of("get", "clusters"),
            List.of("get", "networking", NETWORKING_CLUSTER));
    for (List<String> args : commands) {
      String name = "jkops " + String.join(" ", args);
      rows.add(
          new Row(
              name,
              "./jkops on JDK " + javaFeature + " (static AppCDS archive)",
              new ProcessTimer.Cmd(
                  name,
                  concat(List.of(launcher.toString()), args),
                  launcherEnv(state, java, "cds")),
              true));
      newer.ifPresent(
          j -> {
            int f = feature(j);
            for (String mode : f >= 25 ? List.of("cds", "aot") : List.of("cds")) {
              String how =
                  "./jkops on JDK "
                      + f
                      + (mode.equals("aot")
                          ? " (AOT cache, JKOPS_ARCHIVE=aot)"
                          : " (static AppCDS archive)");
              rows.add(
                  new Row(
                      name,
                      how,
                      new ProcessTimer.Cmd(
                          name + " " + how,
                          concat(List.of(launcher.toString()), args),
                          launcherEnv(state, j.toString(), mode)),
                      false));
            }
          });
    }
    // The same commands as a user of the release runs them: scripts/install into a prefix of the
    // benchmark's own, then PREFIX/bin/jkops (a symlink to the launcher in release mode: no check
    // that the jar is newer than every source, its archive in PREFIX/lib/jkops/cache). No bar: the
    // bar's rows are the checkout's ./jkops, which the README's commands run.
    Path installed = installRelease(repo, work);
    for (List<String> args : commands) {
      String name = "jkops " + String.join(" ", args);
      String how = "installed jkops (scripts/install) on JDK " + javaFeature;
      rows.add(
          new Row(
              name,
              how,
              new ProcessTimer.Cmd(
                  name + " " + how,
                  concat(List.of(installed.toString()), args),
                  launcherEnv(state, java, "cds")),
              false));
    }
    // What start-up costs besides the JVM and jkops' own classes: the launcher script alone
    // (./jkops
    // ending in a java that does nothing: /bin/true in a copy of the JDK's home, so the launcher
    // takes
    // the same path, its cached key and archive checks, minus the archive it cannot record), and
    // `version` through picocli (`--state` before it, so Main builds the command tree and parses as
    // for any other command, where plain `version` prints its line straight away).
    rows.add(
        new Row(
            "./jkops alone (java = /bin/true)",
            "the launcher script, its checks and exec",
            new ProcessTimer.Cmd(
                "launcher alone",
                List.of(launcher.toString(), "version"),
                launcherEnv(state, doNothingJava(java, work).toString(), "cds")),
            false));
    rows.add(
        new Row(
            "jkops --state URI version",
            "./jkops on JDK " + javaFeature + ", through picocli's model (no bar)",
            new ProcessTimer.Cmd(
                "jkops --state URI version",
                List.of(launcher.toString(), "--state", state, "version"),
                launcherEnv(state, java, "cds")),
            false));
    // The launcher records each archive on first use (seconds): do that before timing anything.
    for (Row r : rows) {
      ProcessTimer.once(r.cmd(), repo);
    }

    // the set-up above (archives recorded, the release installed) is seconds of both cores: let the
    // load it left settle before the pairs, so the ratios are taken on a machine as quiet as before
    long settled = Machine.settle(0.8, 150);
    System.out.println("waited " + settled + " s for the load of the set-up to settle");
    int pairs = quick ? 5 : 15;
    String loadBefore = Machine.loadAverage();
    ProcessTimer.Cmd kubectl =
        new ProcessTimer.Cmd("kubectl version --client", List.of(KUBECTL, "version", "--client"));
    Map<Row, List<Double>> ms = new LinkedHashMap<>();
    Map<Row, List<Double>> base = new LinkedHashMap<>();
    Map<Row, List<Double>> ratios = new LinkedHashMap<>();
    rows.forEach(
        r -> {
          ms.put(r, new ArrayList<>());
          base.put(r, new ArrayList<>());
          ratios.put(r, new ArrayList<>());
        });
    ProcessTimer.once(kubectl, repo); // page cache
    for (int p = 0; p < pairs; p++) {
      for (Row r : rows) {
        double k = ProcessTimer.once(kubectl, repo);
        double j = ProcessTimer.once(r.cmd(), repo);
        base.get(r).add(k);
        ms.get(r).add(j);
        ratios.get(r).add(j / k);
      }
    }
    String loadAfter = Machine.loadAverage();
    // Where `get networking`'s time goes (-Djkops.steps), in as many runs after the pairs: what
    // it shares with `get clusters` (the JVM, picocli, reading the stored spec) and what is its own
    // (the cloud's facts, completion, the plan, the tables).
    StepBreakdown netSteps = new StepBreakdown();
    for (int p = 0; p < pairs; p++) {
      netSteps.run(
          concat(List.of(launcher.toString()), commands.get(2)),
          launcherEnv(state, java, "cds"),
          repo);
    }
    MarkdownTable stepTable =
        netSteps.table(
            "`jkops get networking NAME` on JDK "
                + javaFeature
                + ", step (-Djkops.steps, "
                + pairs
                + " runs after the pairs)");

    MarkdownTable table =
        new MarkdownTable(
            "command",
            "how it starts",
            "median ms",
            "kubectl median ms (its pairs)",
            "median of paired ratios",
            "spread (min-max)",
            "bar (<= 2x)");
    Map<String, Samples> all = new LinkedHashMap<>();
    for (Row r : rows) {
      Samples ratio = new Samples(ratios.get(r));
      String bar = r.bar() ? (ratio.median() <= 2.0 ? "met" : "missed") : "";
      if (r.command().startsWith("empty main")) {
        bar = "floor";
      }
      table.row(
          r.command(),
          r.how(),
          MarkdownTable.num(new Samples(ms.get(r)).median(), 0),
          MarkdownTable.num(new Samples(base.get(r)).median(), 0),
          MarkdownTable.ratio(ratio.median()),
          MarkdownTable.ratio(ratio.min()) + "-" + MarkdownTable.ratio(ratio.max()),
          bar);
      String key = r.command() + " | " + r.how();
      all.put(key + " | ms", new Samples(ms.get(r)));
      all.put(key + " | kubectl ms", new Samples(base.get(r)));
      all.put(key + " | ratio", ratio);
    }
    StringBuilder section = new StringBuilder();
    section
        .append("Load average at the start of the pairs: ")
        .append(loadBefore)
        .append("; at the end: ")
        .append(loadAfter)
        .append(".\n");
    String rerun =
        oneMinute(loadBefore) > 1 || oneMinute(loadAfter) > 1
            ? "**rerun: load above 1** (these ratios are not the bar's)\n"
            : "";
    section.append(rerun.isEmpty() ? "" : "\n" + rerun);
    section.append("\n").append(table.markdown());
    section
        .append("\n")
        .append(pairs)
        .append(" pairs per row (after one untimed run of each): every round runs kubectl, then")
        .append(" the row, for each row in turn; a row's ratio is the median of its pairs'.")
        .append(" The floor rows are an empty `main` with jkops' JVM flags (")
        .append(String.join(" ", JVM_FLAGS))
        .append(") and an archive of its own.\n\n");
    section.append(stepTable.markdown()).append("\n");
    all.putAll(netSteps.samples("jkops get networking step "));
    section.append(classCounts(repo, launcher, Map.of("KOPS_STATE_STORE", state), commands));
    report.tsv("startup", all);
    System.out.println("load average at the start: " + loadBefore + "; at the end: " + loadAfter);
    System.out.println(table.text());
    System.out.println(stepTable.text());
    if (!rerun.isEmpty()) {
      System.out.println("rerun: load above 1");
    }
    try (Stream<Path> walk = Files.walk(work)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    return section.toString();
  }

  private static double oneMinute(String loadAverage) {
    try {
      return Double.parseDouble(loadAverage.split(" ")[0]);
    } catch (NumberFormatException e) {
      return Double.MAX_VALUE; // unknown load: say rerun
    }
  }

  private static Map<String, String> launcherEnv(String state, String java, String mode) {
    return Map.of("KOPS_STATE_STORE", state, "JKOPS_JAVA", java, "JKOPS_ARCHIVE", mode);
  }

  /**
   * The empty main on {@code java}, with jkops' flags and an archive of its own recorded here the
   * way ./jkops records jkops' (a class list, then a static dump; or JDK 25's AOT cache).
   */
  private static Row floorRow(
      String java, int feature, Path jar, Path work, String archive, String mode) {
    Path file =
        work.resolve("empty-" + feature + "-" + mode + (mode.equals("aot") ? ".aot" : ".jsa"));
    List<String> use;
    if (mode.equals("aot")) {
      run(
          concat(
              concat(List.of(java), JVM_FLAGS),
              List.of(
                  "-XX:AOTCacheOutput=" + file,
                  "-Xlog:aot*=off",
                  "-Xlog:cds*=off",
                  "-cp",
                  jar.toString(),
                  EmptyMain.class.getName())));
      use =
          concat(
              ARCHIVE_AT_ITS_ADDRESS,
              List.of("-Xlog:aot*=off", "-Xlog:cds*=off", "-XX:AOTCache=" + file));
    } else {
      Path list = work.resolve("empty-" + feature + ".classlist");
      run(
          concat(
              concat(List.of(java), JVM_FLAGS),
              List.of(
                  "-Xshare:off",
                  "-XX:DumpLoadedClassList=" + list,
                  "-cp",
                  jar.toString(),
                  EmptyMain.class.getName())));
      run(
          concat(
              concat(List.of(java), JVM_FLAGS),
              List.of(
                  "-Xshare:dump",
                  "-XX:SharedClassListFile=" + list,
                  "-XX:SharedArchiveFile=" + file,
                  "-Xlog:cds*=off",
                  "-cp",
                  jar.toString())));
      use =
          concat(
              ARCHIVE_AT_ITS_ADDRESS, List.of("-Xlog:cds*=off", "-XX:SharedArchiveFile=" + file));
    }
    List<String> argv =
        concat(
            concat(concat(List.of(java), JVM_FLAGS), use),
            List.of("-cp", jar.toString(), EmptyMain.class.getName()));
    return new Row(
        "empty main (the floor)",
        "java " + feature + ", jkops' flags, " + archive,
        new ProcessTimer.Cmd("empty main, JDK " + feature + ", " + archive, argv),
        false);
  }

  /**
   * A java that does nothing: {@code /bin/true} as {@code bin/java} of a directory holding a copy
   * of {@code java}'s home's release file, so the launcher sees a JDK of the same version.
   */
  private static Path doNothingJava(String java, Path work) throws IOException {
    Path home = Files.createDirectories(work.resolve("do-nothing-jdk/bin")).getParent();
    Files.copy(Path.of(java).getParent().getParent().resolve("release"), home.resolve("release"));
    Path fake = home.resolve("bin/java");
    Files.copy(Path.of("/bin/true"), fake);
    if (!fake.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + fake + " executable");
    }
    return fake;
  }

  /**
   * Installs the release archive the build made ({@code scripts/install PREFIX}, which rebuilds it
   * only when a source is newer) into {@code work/prefix}; returns {@code PREFIX/bin/jkops}.
   */
  private static Path installRelease(Path repo, Path work) {
    Path prefix = work.resolve("prefix");
    Shell.run(
            List.of(repo.resolve("scripts/install").toString(), prefix.toString()),
            Map.of(),
            repo,
            600)
        .check("scripts/install " + prefix);
    return prefix.resolve("bin/jkops");
  }

  /** Runs a set-up command (an archive dump); fails with its output when it fails. */
  private static void run(List<String> argv) {
    ProcessTimer.once(new ProcessTimer.Cmd(String.join(" ", argv), argv), Path.of("."));
  }

  /** A jar holding only {@link EmptyMain}: AppCDS archives classes from jars, not directories. */
  private static Path emptyMainJar(Path work) throws IOException {
    Path jar = work.resolve("empty-main.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    String entry = EmptyMain.class.getName().replace('.', '/') + ".class";
    try (OutputStream o = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(o, m);
        InputStream in = EmptyMain.class.getClassLoader().getResourceAsStream(entry)) {
      if (in == null) {
        throw new IOException("cannot read " + entry + " from the class path");
      }
      j.putNextEntry(new JarEntry(entry));
      in.transferTo(j);
      j.closeEntry();
    }
    return jar;
  }

  /** Which libraries each command loads: the lazy-loading check. */
  private static String classCounts(
      Path repo, Path launcher, Map<String, String> env, List<List<String>> commands) {
    MarkdownTable t =
        new MarkdownTable(
            "command",
            "classes loaded",
            "from the archive",
            "Jackson",
            "SnakeYAML",
            "AWS SDK",
            "fabric8",
            "picocli");
    for (List<String> args : commands) {
      Map<String, String> e = new LinkedHashMap<>(env);
      e.put("JKOPS_JAVA_OPTS", "-Xlog:class+load=info:stdout");
      String out = ProcessTimer.output(concat(List.of(launcher.toString()), args), e, repo);
      List<String> lines = out.lines().filter(l -> l.contains(" source: ")).toList();
      t.row(
          "jkops " + String.join(" ", args),
          lines.size(),
          lines.stream().filter(l -> l.contains("shared objects file")).count(),
          count(lines, "com.fasterxml.jackson."),
          count(lines, "org.yaml.snakeyaml."),
          count(lines, "software.amazon."),
          count(lines, "io.fabric8."),
          count(lines, "picocli."));
    }
    return "Classes each command loads on the default Java (`JKOPS_JAVA_OPTS=-Xlog:class+load`):"
        + " `get clusters` and `get networking` need Jackson to read the specs.\n\n"
        + t.markdown();
  }

  private static long count(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.contains("] " + prefix)).count();
  }

  /** The feature version of a java ({@code .../bin/java}), from its home's release file. */
  static int feature(Path java) {
    try {
      for (String l : Files.readAllLines(java.getParent().getParent().resolve("release"))) {
        if (l.startsWith("JAVA_VERSION=\"")) {
          return Integer.parseInt(l.substring(14).split("[.\"]")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /**
   * The java of the newest JDK under /usr/lib/jvm at or above {@code feature}, from each release
   * file.
   */
  static Optional<Path> newestJdk(int feature) throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    Path best = null;
    int bestFeature = feature - 1;
    try (Stream<Path> s = Files.list(jvms)) {
      for (Path home : s.toList()) {
        Path java = home.resolve("bin/java");
        if (Files.isRegularFile(home.resolve("release"))
            && Files.isExecutable(java)
            && !Files.isSymbolicLink(home)) {
          int f = feature(java);
          if (f > bestFeature) {
            bestFeature = f;
            best = java;
          }
        }
      }
    }
    return Optional.ofNullable(best);
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
