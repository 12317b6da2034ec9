package dev.jkops.bench;

import dev.jkops.cli.Main;
import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * CLI start-up: {@code jkops version} and {@code jkops get clusters} (a file state store holding
 * three clusters) against {@code kubectl version --client}, with each start-up measure on its own
 * so the doc shows what each is worth: the verb-only command tree, C1 only, the AppCDS archive, the
 * launcher, and a JDK 25 AOT cache when one is installed.
 */
final class StartupBench {
  static final String KUBECTL = "/usr/bin/kubectl";

  private StartupBench() {}

  static String run(Path repo, boolean quick, Report report) throws IOException {
    Path jar = repo.resolve("target/jkops.jar");
    Path launcher = repo.resolve("jkops");
    Path store = Files.createTempDirectory("jkops-bench-store");
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
    Map<String, String> env = Map.of("KOPS_STATE_STORE", state);
    // The launcher records its archive on first use; do that before timing anything.
    ProcessTimer.once(
        new ProcessTimer.Cmd("launcher warm-up", List.of(launcher.toString(), "version"), env),
        repo);
    Optional<Path> cds = archive(repo, "cds");
    Optional<Path> jdk25 = newestJdk(25);
    if (jdk25.isPresent()) {
      ProcessTimer.once(
          new ProcessTimer.Cmd(
              "aot warm-up",
              List.of(launcher.toString(), "version"),
              Map.of(
                  "KOPS_STATE_STORE",
                  state,
                  "JKOPS_JAVA",
                  jdk25.get().toString(),
                  "JKOPS_ARCHIVE",
                  "aot")),
          repo);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String fullTreeCp = jar + ":" + repo.resolve("target/test-classes");

    StringBuilder section = new StringBuilder();
    MarkdownTable table =
        new MarkdownTable(
            "command", "how it starts", "median ms", "p25-p75 ms", "vs kubectl", "bar (<= 2x)");
    Map<String, Samples> all = new LinkedHashMap<>();
    int rounds = quick ? 5 : 15;
    for (List<String> args : List.of(List.of("version"), List.of("get", "clusters"))) {
      String name = "jkops " + String.join(" ", args);
      List<ProcessTimer.Cmd> cmds = new ArrayList<>();
      cmds.add(
          new ProcessTimer.Cmd(
              "kubectl version --client", List.of(KUBECTL, "version", "--client")));
      cmds.add(
          new ProcessTimer.Cmd(
              "before: java -jar, every verb's model built",
              concat(List.of(java, "-cp", fullTreeCp, FullTreeMain.class.getName()), args),
              env));
      cmds.add(
          new ProcessTimer.Cmd(
              "java -jar, only the named verb built",
              concat(List.of(java, "-jar", jar.toString()), args),
              env));
      cmds.add(
          new ProcessTimer.Cmd(
              "+ -XX:TieredStopAtLevel=1",
              concat(List.of(java, "-XX:TieredStopAtLevel=1", "-jar", jar.toString()), args),
              env));
      cmds.add(
          new ProcessTimer.Cmd(
              "+ -XX:+UseSerialGC -XX:-UsePerfData",
              concat(
                  List.of(
                      java,
                      "-XX:TieredStopAtLevel=1",
                      "-XX:+UseSerialGC",
                      "-XX:-UsePerfData",
                      "-jar",
                      jar.toString()),
                  args),
              env));
      cds.ifPresent(
          a ->
              cmds.add(
                  new ProcessTimer.Cmd(
                      "+ static AppCDS archive (JDK "
                          + Runtime.version().feature()
                          + ", as ./jkops records it)",
                      concat(
                          List.of(
                              java,
                              "-XX:TieredStopAtLevel=1",
                              "-XX:+UseSerialGC",
                              "-XX:-UsePerfData",
                              "-Xlog:cds*=off",
                              "-XX:SharedArchiveFile=" + a,
                              "-jar",
                              jar.toString()),
                          args),
                      env)));
      cmds.add(
          new ProcessTimer.Cmd(
              "./jkops (the launcher: all of the above, through bash)",
              concat(List.of(launcher.toString()), args),
              env));
      jdk25.ifPresent(
          j ->
              cmds.add(
                  new ProcessTimer.Cmd(
                      "./jkops on "
                          + j.getParent().getParent().getFileName()
                          + " with its AOT cache (JKOPS_ARCHIVE=aot)",
                      concat(List.of(launcher.toString()), args),
                      Map.of(
                          "KOPS_STATE_STORE",
                          state,
                          "JKOPS_JAVA",
                          j.toString(),
                          "JKOPS_ARCHIVE",
                          "aot"))));
      Map<String, Samples> t = ProcessTimer.roundRobin(cmds, rounds, repo);
      Samples kubectl = t.get("kubectl version --client");
      t.forEach(
          (label, s) -> {
            boolean base = label.startsWith("kubectl");
            double ratio = s.ratioTo(kubectl);
            String bar =
                base
                    ? "baseline"
                    : label.startsWith("./jkops (the launcher")
                        ? (ratio <= 2.0 ? "met" : "missed")
                        : "";
            table.row(
                base ? "kubectl version --client" : name,
                base ? "Go binary" : label,
                MarkdownTable.num(s.median(), 0),
                MarkdownTable.num(s.quantile(0.25), 0)
                    + "-"
                    + MarkdownTable.num(s.quantile(0.75), 0),
                base ? "1.00x" : MarkdownTable.ratio(ratio),
                bar);
            all.put(name + " | " + label, s);
          });
    }
    section.append(table.markdown());
    section
        .append("\n")
        .append(rounds)
        .append(" rounds per row, every command once per round in turn (after one untimed round), ")
        .append("so load spikes hit all rows alike.\n\n");
    section.append(classCounts(repo, launcher, env));
    report.tsv("startup", all);
    System.out.println(table.text());
    try (Stream<Path> walk = Files.walk(store)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    return section.toString();
  }

  /** Which libraries each command loads: the lazy-loading check. */
  private static String classCounts(Path repo, Path launcher, Map<String, String> env) {
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
    for (List<String> args : List.of(List.of("version"), List.of("get", "clusters"))) {
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
    return "Classes each command loads (`JKOPS_JAVA_OPTS=-Xlog:class+load`): the AWS SDK and the Kubernetes client "
        + "are never loaded by these commands; `get clusters` needs Jackson to read the specs.\n\n"
        + t.markdown();
  }

  private static long count(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.contains("] " + prefix)).count();
  }

  static Optional<Path> archive(Path repo, String mode) throws IOException {
    try (Stream<Path> s = Files.list(repo.resolve("target"))) {
      return s.filter(p -> p.getFileName().toString().matches("jkops-" + mode + "-\\d+\\.jsa"))
          .findFirst();
    }
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
        Path release = home.resolve("release");
        Path java = home.resolve("bin/java");
        if (Files.isRegularFile(release)
            && Files.isExecutable(java)
            && !Files.isSymbolicLink(home)) {
          for (String l : Files.readAllLines(release)) {
            if (l.startsWith("JAVA_VERSION=\"")) {
              int f = Integer.parseInt(l.substring(14).split("[.\"]")[0]);
              if (f > bestFeature) {
                bestFeature = f;
                best = java;
              }
            }
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
