package dev.jkops.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jkops.cli.Main;
import dev.jkops.cloud.local.LocalClusterResources;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.docs.ConsoleExamples.Example;
import dev.jkops.docs.ConsoleExamples.Step;
import dev.jkops.testing.RequiresRoot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every marked example in the README and the networking guide runs as shown: in document order, on
 * the local cloud (AWS examples use the dry run or the Terraform target), each command must exit as
 * shown and print what the example shows (see {@link OutputPattern}). Each document runs with a
 * private HOME (so a private state store) and runtime dir; whatever clusters it leaves are deleted
 * afterwards, and none of their namespaces may remain.
 */
@RequiresRoot
class DocExamplesTest {
  @TempDir Path dir;
  Map<String, String> env;

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "docs/networking.md"})
  void everyExampleRunsAsShown(String document) throws Exception {
    ConsoleExamples doc = ConsoleExamples.read(Path.of(document));
    assertThat(doc.examples()).as("marked examples in " + document).isNotEmpty();
    Path work = Files.createDirectories(dir.resolve("work"));
    env = new HashMap<>();
    env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
    env.put(ClusterNames.RUNTIME_DIR_ENV, dir.resolve("runtime").toString());
    ExampleRunner runner = new ExampleRunner(work, env);
    removeLeftovers(doc);
    for (Example example : doc.examples()) {
      for (Step step : example.steps()) {
        ExampleRunner.Result r = runner.run(step.command());
        String where = example.where() + ", line " + step.line() + ": $ " + step.command();
        if (r.exitCode() != step.exitCode()) {
          fail(
              where
                  + "\nexited "
                  + r.exitCode()
                  + ", the example says "
                  + step.exitCode()
                  + "; it printed:\n"
                  + r.output());
        }
        if (step.checked() && !new OutputPattern(step.expected()).matches(r.output())) {
          fail(
              where
                  + "\nprinted something other than the example shows.\n--- shown in the document:\n"
                  + String.join("\n", step.expected())
                  + "\n--- printed:\n"
                  + r.output());
        }
      }
    }
  }

  /**
   * Deletes every cluster the document left in its state store; none of their namespaces may
   * remain.
   */
  @AfterEach
  void deleteWhatTheDocumentsLeft() throws IOException {
    if (env == null) {
      return;
    }
    List<String> clusters = storedClusters();
    for (String name : clusters) {
      StringWriter out = new StringWriter();
      int code =
          Main.commandLine(new PrintWriter(out), new PrintWriter(out), env)
              .execute("delete", "cluster", name, "--yes");
      assertThat(code).as("delete cluster %s: %s", name, out).isZero();
    }
    for (String name : clusters) {
      ClusterNames names = ClusterNames.of(name, env);
      assertThat(Kernel.system().netns().list(names.prefix()))
          .as("namespaces of " + name)
          .isEmpty();
    }
  }

  private List<String> storedClusters() throws IOException {
    Path state = Path.of(env.get("HOME"), ".jkops", "state");
    List<String> out = new ArrayList<>();
    if (Files.isDirectory(state)) {
      try (Stream<Path> dirs = Files.list(state)) {
        dirs.filter(d -> Files.exists(d.resolve("config")))
            .map(d -> d.getFileName().toString())
            .sorted()
            .forEach(out::add);
      }
    }
    return out;
  }

  /**
   * A run killed half way leaves its clusters' namespaces behind; the names are the document's own
   * (and the build salts their ids with this checkout), so remove them before starting again.
   */
  private void removeLeftovers(ConsoleExamples doc) {
    java.util.regex.Pattern name =
        java.util.regex.Pattern.compile("\\b([a-z0-9-]+(?:\\.[a-z0-9-]+)+\\.(?:local|com))\\b");
    for (Example e : doc.examples()) {
      for (Step s : e.steps()) {
        var m = name.matcher(s.command());
        while (m.find()) {
          LocalClusterResources cloud =
              new LocalClusterResources(Kernel.system(), ClusterNames.of(m.group(1), env));
          if (cloud.exists()) {
            cloud.destroy();
          }
        }
      }
    }
  }
}
