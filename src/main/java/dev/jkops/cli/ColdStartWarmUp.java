package dev.jkops.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jkops.api.JsonTrees;
import dev.jkops.tasks.ResourceId;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One-time set-up of the JVM that a planning command's main thread would otherwise pay on its way
 * to the cloud, done on a daemon thread while the main thread builds and parses the command line
 * (~75 ms in a cold JVM). Each piece is paid once per JVM, by whichever thread comes first:
 *
 * <ul>
 *   <li>a record's first {@code hashCode}, {@code equals} and {@code toString}: the JDK makes them
 *       with {@code ObjectMethods}, whose first use spins ~40 method-handle classes (~16 ms) that
 *       the start-up archive of JDK 17 cannot hold;
 *   <li>jackson-core's first JSON parse and pretty print (~12 ms of class set-up);
 *   <li>the first YAML parse (SnakeYAML's scanner and resolver, jackson's YAML factory), which the
 *       kubeconfig read of {@code update cluster --yes} pays first.
 * </ul>
 *
 * <p>Measured on a fresh 10-node {@code update cluster --yes} (docs/benchmarks.md, "2026-12-08"):
 * the time from the JVM's start to the first kernel change fell by 20-50 ms in four paired runs,
 * and the whole update by 0-7%, within its noise. It only helps where the second core is free, so
 * only the commands that plan a cluster start it. It changes nothing a command reads or writes, and
 * a failure in it is dropped: the main thread then pays the same set-up itself, as without it.
 */
final class ColdStartWarmUp {
  /** The verbs whose commands plan a cluster (update, create --yes, rolling-update). */
  private static final Set<String> VERBS = Set.of("update", "create", "rolling-update");

  private ColdStartWarmUp() {}

  /** Starts the warm-up when {@code args} name a planning command. */
  static void startFor(String[] args) {
    if (args.length == 0 || !VERBS.contains(args[0])) {
      return;
    }
    Thread t = new Thread(ColdStartWarmUp::run, "jkops-warm-up");
    t.setDaemon(true);
    t.start();
  }

  static void run() {
    try {
      ResourceId a = new ResourceId("WarmUp", "a");
      ResourceId b = new ResourceId("WarmUp", "a");
      boolean same =
          a.equals(b) && a.hashCode() == b.hashCode() && a.toString().equals(b.toString());
      JsonTrees.writePretty(JsonTrees.read("{\"same\": " + same + ", \"n\": [1, \"b\"]}"));
      try (JsonParser p =
          new YAMLFactory().createParser("a: [1, b]\n".getBytes(StandardCharsets.UTF_8))) {
        JsonTrees.read(p);
      }
    } catch (Exception | LinkageError e) {
      // nothing depends on it: the main thread does the same set-up when it gets there
    }
  }
}
