package dev.jkops.cli;

import dev.jkops.api.StepMarks;
import dev.jkops.cloud.local.kernel.NamespaceName;
import dev.jkops.cloud.local.kernel.Netns;
import dev.jkops.cloud.local.pods.Pod;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jkops get pods [-n NS|-A] [-o wide|yaml|json]}: kubectl's columns, every namespace unless
 * -n.
 */
@Command(
    name = "pods",
    aliases = {"pod", "po"},
    description = "Show the pods of a local cluster.")
final class GetPodsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Mixin OutputOption.WithWide output;

  @Mixin NamespaceOptions namespaces;

  @CommandLine.Parameters(
      arity = "0..1",
      paramLabel = "CLUSTER",
      description = ClusterNameOption.POSITIONAL)
  String clusterArg;

  @Override
  public Integer call() {
    StepMarks.mark("command-started");
    boolean wide = output.wide();
    OutputFormat format = output.format();
    String namespace = namespaces.only();
    List<Pod> pods = LocalPods.listPods(store, cluster.resolve(clusterArg));
    StepMarks.mark("pods-listed");
    // one listing of /run/netns for every pod, where a file check per pod cost ~0.1 ms each
    String[] listed = Netns.RUN_DIR.toFile().list();
    Set<String> live = listed == null ? Set.of() : Set.of(listed);
    return print(
        pods,
        namespace,
        format,
        wide,
        netns -> live.contains(NamespaceName.require(netns)),
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  /**
   * Prints the pods of {@code namespace} (all for null) as {@code format}; {@code running} says
   * whether a pod's network namespace exists. Apart from the listing, so the launcher's training
   * run prints a table without a cluster (see {@link StartupTraining}).
   */
  static int print(
      List<Pod> pods,
      String namespace,
      OutputFormat format,
      boolean wide,
      Predicate<String> running,
      PrintWriter out,
      PrintWriter err) {
    List<Pod> shown =
        pods.stream().filter(p -> namespace == null || p.namespace().equals(namespace)).toList();
    if (format != OutputFormat.TABLE) {
      out.print(KubeList.render(format, shown.stream().map(GetPodsCommand::document).toList()));
      out.flush();
      return 0;
    }
    if (shown.isEmpty()) {
      err.println(KubeList.noResources(namespace));
      err.flush();
      return 0;
    }
    Table t =
        wide
            ? new Table("NAMESPACE", "NAME", "READY", "STATUS", "AGE", "IP", "NODE")
            : new Table("NAMESPACE", "NAME", "READY", "STATUS", "AGE");
    Instant now = Instant.now();
    for (Pod p : shown) {
      boolean up = running.test(p.netns());
      String status = up ? "Running" : "Unknown";
      String age = age(p.created(), now);
      if (wide) {
        t.row(p.namespace(), p.name(), up ? "1/1" : "0/1", status, age, p.address(), p.node());
      } else {
        t.row(p.namespace(), p.name(), up ? "1/1" : "0/1", status, age);
      }
    }
    StepMarks.mark("table-made");
    t.print(out);
    out.flush();
    StepMarks.mark("table-printed");
    return 0;
  }

  static Map<String, Object> document(Pod p) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("apiVersion", "v1");
    d.put("kind", "Pod");
    d.put(
        "metadata",
        Map.of(
            "name",
            p.name(),
            "namespace",
            p.namespace(),
            "labels",
            p.labels(),
            "creationTimestamp",
            p.created()));
    d.put("spec", Map.of("nodeName", p.node()));
    d.put("status", Map.of("phase", "Running", "podIP", p.address()));
    return d;
  }

  static String age(String created, Instant now) {
    Duration d = Duration.between(instant(created), now);
    if (d.toDays() > 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h";
    }
    return d.toMinutes() > 0 ? d.toMinutes() + "m" : Math.max(0, d.toSeconds()) + "s";
  }

  /**
   * {@link Instant#parse} of a record's creation time, read directly when it has the one shape
   * {@link Instant#toString} writes ({@code 2026-12-06T01:04:05.123456Z}: UTC, seconds, 0-9
   * fraction digits): Instant.parse's formatter machinery cost ~10 us a pod in a cold JVM. Anything
   * else, or any field out of range, goes to Instant.parse, so it reads or fails as before.
   */
  static Instant instant(String s) {
    int end = s.length() - 1;
    if (end >= 19
        && s.charAt(4) == '-'
        && s.charAt(7) == '-'
        && s.charAt(10) == 'T'
        && s.charAt(13) == ':'
        && s.charAt(16) == ':'
        && s.charAt(end) == 'Z'
        && (end == 19 || s.charAt(19) == '.' && end > 20 && end <= 29)) {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 7);
      int day = digits(s, 8, 10);
      int hour = digits(s, 11, 13);
      int minute = digits(s, 14, 16);
      int second = digits(s, 17, 19);
      int fraction = end == 19 ? 0 : digits(s, 20, end);
      if (Math.min(Math.min(Math.min(year, month), Math.min(day, hour)), Math.min(minute, second))
              >= 0
          && fraction >= 0) {
        int nanos = fraction;
        for (int i = end - 20; i < 9 && end > 19; i++) {
          nanos *= 10;
        }
        try {
          return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos)
              .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException outOfRange) {
          // Instant.parse says what is wrong with it
        }
      }
    }
    return Instant.parse(s);
  }

  /** The decimal number in s[from, to), or -1 when a character is not a digit. */
  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
