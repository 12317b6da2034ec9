package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -o/--output} is one mixin, but each command keeps the formats it prints: a format it does
 * not take is a usage error (exit 2) that lists the ones it does, and its help says the same.
 */
class OutputOptionTest {
  @TempDir Path dir;

  /** A command line (without -o), the formats its error lists, and what its help says of -o. */
  record Case(List<String> args, String formats, String help) {}

  static final String STANDARD = "use table, yaml or json";
  static final List<Case> CASES =
      List.of(
          new Case(List.of("get", "clusters"), STANDARD, "table (default), yaml or json."),
          new Case(
              List.of("get", "instancegroups", "--name", "o.local"),
              STANDARD,
              "table (default), yaml or json."),
          new Case(
              List.of("get", "history", "cluster", "o.local"),
              STANDARD,
              "table (default), yaml or json."),
          new Case(
              List.of("get", "networkpolicies", "--name", "o.local"),
              STANDARD,
              "table (default), yaml or json."),
          new Case(
              List.of("get", "namespaces", "--name", "o.local"),
              STANDARD,
              "table (default), yaml or json."),
          new Case(
              List.of("validate", "cluster", "o.local"),
              STANDARD,
              "table (default), yaml or json."),
          new Case(
              List.of("get", "nodes", "--name", "o.local"),
              "use table, wide, yaml or json",
              "table (default), wide, yaml or json."),
          new Case(
              List.of("get", "pods", "--name", "o.local"),
              "use table, wide, yaml or json",
              "table (default), wide, yaml or json."),
          new Case(
              List.of("get", "networking", "o.local"),
              "use table, yaml, json or dot (a Graphviz graph",
              "table (default), yaml, json, or dot"),
          new Case(
              List.of("create", "cluster", "o.local", "--zones", "zone-a", "--dry-run"),
              "use yaml or json",
              "Output format for --dry-run."));

  private Cli cli() {
    return new Cli(dir, "file://" + dir.resolve("state"));
  }

  @Test
  void aFormatACommandDoesNotTakeIsAUsageErrorListingItsOwn() {
    Cli cli = cli();
    for (Case c : CASES) {
      List<String> args = new ArrayList<>(c.args());
      args.addAll(List.of("-o", "xml"));
      Cli.Result r = cli.run(args.toArray(String[]::new));
      assertThat(r.code()).as(args + "\n" + r).isEqualTo(2);
      assertThat(r.err())
          .as(args + "\n" + r)
          .contains("unknown output format \"xml\"; " + c.formats());
    }
  }

  @Test
  void helpSaysWhichFormatsEachCommandTakes() {
    Cli cli = cli();
    for (Case c : CASES) {
      List<String> args = new ArrayList<>(c.args().subList(0, 2));
      args.add("--help");
      Cli.Result r = cli.run(args.toArray(String[]::new));
      assertThat(r.code()).as(args + "\n" + r).isZero();
      assertThat(r.out()).as(args + "\n" + r).contains("-o, --output=").contains(c.help());
    }
  }

  @Test
  void theLongAndShortFlagAndTheirValuesWork() {
    Cli cli = cli();
    assertThat(cli.run("create", "cluster", "o.local", "--zones", "zone-a").code()).isZero();
    Cli.Result yaml = cli.run("get", "clusters", "--output", "yaml");
    assertThat(yaml.code()).as(yaml.toString()).isZero();
    assertThat(yaml.out()).contains("kind: Cluster", "name: o.local");
    Cli.Result json = cli.run("get", "clusters", "-o", "JSON");
    assertThat(json.code()).as(json.toString()).isZero();
    assertThat(json.out()).contains("\"kind\"", "\"o.local\"");
    Cli.Result table = cli.run("get", "clusters");
    assertThat(table.out()).startsWith("NAME");
    Cli.Result dryRun =
        cli.run("create", "cluster", "p.local", "--zones", "zone-a", "--dry-run", "-o", "json");
    assertThat(dryRun.code()).as(dryRun.toString()).isZero();
    assertThat(dryRun.out()).contains("\"kind\"");
    Cli.Result noTable =
        cli.run("create", "cluster", "p.local", "--zones", "zone-a", "--dry-run", "-o", "table");
    assertThat(noTable.code()).as(noTable.toString()).isEqualTo(2);
    assertThat(noTable.err()).contains("-o must be yaml or json here");
    Cli.Result notDry = cli.run("create", "cluster", "p.local", "--zones", "zone-a", "-o", "yaml");
    assertThat(notDry.code()).as(notDry.toString()).isEqualTo(2);
    assertThat(notDry.err()).contains("-o prints the spec only with --dry-run");
  }
}
