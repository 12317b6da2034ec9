package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Habits a kops or kubectl user brings (issue 21, item 6), typed as they would be, without a
 * running cluster: the cloud-side ones (get pods -A, List JSON, No resources found) are in
 * EverydayUseTest and RollingUpdateBarePodsTest.
 */
class KubectlHabitsTest {
  static final String NAME = "habits.example.com";
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    cli = new Cli(dir, "file://" + dir.resolve("state"));
    Cli.Result r = cli.run("create", "cluster", NAME, "--zones", "zone-a");
    assertThat(r.code()).as(r.toString()).isZero();
  }

  @Test
  void anUnknownFlagIsNamedEvenWhenARequiredOneIsMissing() {
    Cli.Result r = cli.run("create", "cluster", "other.example.com", "--zone", "zone-a");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("Unknown option", "'--zone'", "Possible solutions: --zones")
        .doesNotContain("Missing required option");
    Cli.Result typo = cli.run("apply", "--fil", "x.yaml");
    assertThat(typo.err())
        .contains("Unknown option: '--fil'")
        .doesNotContain("Missing required option");
    // --zones is optional on the local cloud (the networking guide's create gives none); -f is not
    Cli.Result reallyMissing = cli.run("apply", "other.example.com");
    assertThat(reallyMissing.code()).isEqualTo(2);
    assertThat(reallyMissing.err()).contains("Missing required option: '--filename=FILE'");
  }

  @Test
  void deleteWithNothingToDeleteSaysWhatItDeletes() {
    Cli.Result r = cli.run("delete");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("say what to delete: cluster, pod, networkpolicy, namespace, or -f FILE");
  }

  @Test
  void outputFormatErrorsListEveryFormatIncludingWide() {
    for (List<String> cmd : List.of(List.of("get", "pods"), List.of("get", "nodes"))) {
      List<String> args = new java.util.ArrayList<>(cmd);
      args.addAll(List.of(NAME, "-o", "wdie"));
      Cli.Result r = cli.run(args.toArray(String[]::new));
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).contains("unknown output format \"wdie\"; use table, wide, yaml or json");
    }
  }

  @Test
  void yesTakesItsShortFormAndADeletedClusterPointsToItsHistory() {
    Cli.Result edit = cli.run("create", "cluster", "kept.example.com", "--zones", "zone-a");
    assertThat(edit.code()).isZero();
    Cli.Result replaced = cli.run("delete", "cluster", "kept.example.com", "-y");
    assertThat(replaced.code()).as(replaced.toString()).isZero();
    Cli.Result gone = cli.run("get", "cluster", "kept.example.com");
    assertThat(gone.code()).isEqualTo(1);
    assertThat(gone.err())
        .contains(
            "it was deleted",
            "jkops get history cluster kept.example.com",
            "jkops restore cluster kept.example.com --version");
    Cli.Result never = cli.run("get", "cluster", "never.example.com");
    assertThat(never.err()).contains("create one with 'jkops create cluster'");
  }

  @Test
  void aManifestWithBadYamlIsReportedWithLineAndColumn() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                + "metadata: {name: x\nspec: {}\n");
    Cli.Result r = cli.run("apply", "-f", bad.toString(), NAME);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).containsPattern("bad\\.yaml is not valid YAML at line \\d+, column \\d+");
    Cli.Result delete = cli.run("delete", "-f", bad.toString(), "--name", NAME);
    assertThat(delete.err()).containsPattern("at line \\d+, column \\d+");
  }

  @Test
  void everyOutputEndsInANewline() {
    List<List<String>> commands =
        List.of(
            List.of("version"),
            List.of("get", "clusters"),
            List.of("get", "cluster", NAME, "-o", "yaml"),
            List.of("get", "cluster", NAME, "-o", "json"),
            List.of("get", "instancegroups", "--name", NAME),
            List.of("get", "ig", "--name", NAME, "-o", "json"),
            List.of("get", "networking", NAME),
            List.of("get", "networking", NAME, "-o", "json"),
            List.of("get", "networking", NAME, "-o", "dot"),
            List.of("get", "history", "cluster", NAME),
            List.of(
                "create",
                "cluster",
                "d.example.com",
                "--zones",
                "zone-a",
                "--dry-run",
                "-o",
                "json"),
            List.of("delete", "cluster", NAME),
            List.of("get", "cluster", "nope.example.com"),
            List.of("get", "pods", NAME, "-o", "nope"),
            List.of("update", "cluster", NAME, "--target", "nope"),
            List.of("create", "cluster", "x.example.com", "--zone", "a"));
    for (List<String> c : commands) {
      Cli.Result r = cli.run(c.toArray(String[]::new));
      if (!r.out().isEmpty()) {
        assertThat(r.out()).as(String.join(" ", c) + " stdout").endsWith("\n");
      }
      if (!r.err().isEmpty()) {
        assertThat(r.err()).as(String.join(" ", c) + " stderr").endsWith("\n");
      }
    }
  }
}
