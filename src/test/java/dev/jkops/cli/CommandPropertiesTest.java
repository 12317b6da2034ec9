package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.testing.Property;
import dev.jkops.testing.SpecMutations;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Generated command lines and mutated spec files through the whole CLI: whatever the input, jkops
 * answers with output or one clear error (exit 1, or 2 for usage), never a stack trace or an
 * "internal error"; a rejected command leaves the state store byte for byte as it was; and no name
 * escapes the state store's directory.
 */
class CommandPropertiesTest {
  static final String NAME = "fuzz.example.com";
  static final int TRIES = Property.tries(150);

  /**
   * Commands that act on a cloud (the kernel of this machine or AWS) are left out: their flags are
   * parsed by the same picocli model, and their cloud side has its own fault and kill tests.
   */
  static final Set<String> CLOUD_COMMANDS =
      Set.of(
          "jkops update",
          "jkops update cluster",
          "jkops rolling-update",
          "jkops rolling-update cluster",
          "jkops validate",
          "jkops validate cluster",
          "jkops exec",
          "jkops logs",
          "jkops logs node",
          "jkops doctor",
          "jkops create pod",
          "jkops delete pod",
          "jkops apply",
          "jkops get nodes",
          "jkops get pods",
          "jkops get networkpolicies",
          "jkops get namespaces",
          "jkops delete networkpolicy",
          "jkops delete namespace");

  @TempDir Path dir;
  Path template;

  @BeforeEach
  void storeWithOneCluster() {
    template = dir.resolve("template");
    Cli.Result r =
        new Cli(dir, "file://" + template)
            .run("create", "cluster", "--name", NAME, "--zones", "us-east-1a,us-east-1b");
    assertThat(r.code()).as(r.toString()).isZero();
  }

  @Test
  void generatedCommandLinesGetAnAnswerOrAClearErrorAndRejectionsChangeNothing() throws Exception {
    List<CommandSpec> commands = new ArrayList<>();
    collect(
        Main.commandLine(
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of())
            .getCommandSpec(),
        commands);
    assertThat(commands)
        .extracting(CommandSpec::qualifiedName)
        .contains(
            "jkops create cluster",
            "jkops replace",
            "jkops get history",
            "jkops restore cluster",
            "jkops unlock cluster");
    int[] outcomes = new int[3];
    int[] n = {0};
    Property.forAll(
        "generated command lines",
        TRIES,
        r -> argv(r, Property.oneOf(r, commands)),
        args -> {
          Path work = dir.resolve("try-" + n[0]++);
          Cli.Result res = runIn(work, args);
          outcomes[Math.min(res.code(), 2)]++;
        });
    System.out.println(
        "generated command lines: "
            + TRIES
            + " tries, exit 0: "
            + outcomes[0]
            + ", exit 1: "
            + outcomes[1]
            + ", exit 2: "
            + outcomes[2]);
    assertThat(outcomes[1] + outcomes[2])
        .as("most generated command lines are rejected")
        .isPositive();
  }

  @Test
  void mutatedSpecFilesAreStoredOnlyWhenValidAndRefusedCleanlyOtherwise() throws Exception {
    List<String> seeds = SpecMutations.seedSpecs();
    int[] n = {0};
    int[] accepted = {0};
    Property.forAll(
        "mutated spec files",
        TRIES,
        r -> {
          String text = SpecMutations.mutate(r, Property.oneOf(r, seeds));
          return new String[] {
            Property.oneOf(r, List.of("create", "replace", "replace --force")), text
          };
        },
        in -> {
          Path work = dir.resolve("spec-" + n[0]++);
          try {
            Files.createDirectories(work);
            Path file = Files.writeString(work.resolve("spec.yaml"), in[1]);
            List<String> args = new ArrayList<>(List.of(in[0].split(" ")));
            args.addAll(List.of("-f", file.toString()));
            Cli.Result res = runIn(work, args);
            if (res.code() == 0) {
              accepted[0]++;
              // what was stored reads back, and validates: every stored cluster lists and shows as
              // YAML
              Cli cli = new Cli(work, "file://" + work.resolve("state"));
              Cli.Result list = cli.run("get", "clusters");
              assertThat(list.code()).as(list.toString()).isZero();
              for (String c :
                  new ClusterStore(new dev.jkops.api.store.FileStateStore(work.resolve("state")))
                      .list()) {
                Cli.Result get = cli.run("get", "cluster", c, "-o", "yaml");
                assertThat(get.code()).as(get.toString()).isZero();
              }
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    System.out.println(
        "mutated spec files: " + TRIES + " tries, " + accepted[0] + " accepted as valid");
  }

  /** Runs one command on a fresh copy of the template store and checks the properties. */
  private Cli.Result runIn(Path work, List<String> args) {
    try {
      Path state = work.resolve("state");
      copy(template, state);
      Files.writeString(work.resolve("editor.sh"), "#!/bin/sh\nexit 0\n");
      Map<String, String> before = Cli.snapshot(state);
      Set<String> workBefore = topLevel(work);
      Cli cli =
          new Cli(work, "file://" + state)
              .env("JKOPS_LOCK_TIMEOUT", "0")
              .env("EDITOR", "/bin/true")
              .env("KUBE_EDITOR", "/bin/true")
              // an AWS call would go nowhere: a closed loopback port, never the real AWS
              .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
              .env("AWS_ACCESS_KEY_ID", "x")
              .env("AWS_SECRET_ACCESS_KEY", "y");
      Cli.Result res = cli.run(args.toArray(String[]::new));
      String all = res.out() + res.err();
      assertThat(res.code()).as(res.toString()).isBetween(0, 2);
      assertThat(all)
          .as(res.toString())
          .doesNotContain("internal error")
          .doesNotContain("\tat ")
          .doesNotContainPattern("(?m)^\\S+(Exception|Error):");
      if (res.code() != 0) {
        assertThat(res.err()).as(res.toString()).isNotBlank();
        assertThat(Cli.snapshot(state))
            .as("a rejected command leaves the store as it was\n" + res)
            .isEqualTo(before);
      }
      assertThat(topLevel(work))
          .as("nothing written beside the store")
          .isSubsetOf(union(workBefore, Set.of("state")));
      try (Stream<Path> files = Files.list(state)) {
        for (Path p : files.toList()) {
          ClusterStore.checkName("cluster", p.getFileName().toString());
        }
      }
      return res;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return s;
  }

  private static Set<String> topLevel(Path work) throws IOException {
    try (Stream<Path> s = Files.list(work)) {
      return new java.util.HashSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void collect(CommandSpec spec, List<CommandSpec> out) {
    if (CLOUD_COMMANDS.contains(spec.qualifiedName())) {
      return;
    }
    out.add(spec);
    spec.subcommands().values().stream()
        .map(CommandLine::getCommandSpec)
        .distinct()
        .forEach(s -> collect(s, out));
  }

  /**
   * The command's words, then a random mix of its own options with generated values, positionals
   * and junk.
   */
  static List<String> argv(Random r, CommandSpec spec) {
    List<String> args = new ArrayList<>(List.of(spec.qualifiedName().split(" ")));
    args.remove(0);
    List<OptionSpec> options =
        spec.options().stream()
            .filter(o -> !o.longestName().equals("--state") && !o.longestName().equals("--out"))
            .toList();
    int count = r.nextInt(5);
    for (int i = 0; i < count; i++) {
      switch (r.nextInt(12)) {
        case 0 -> args.add(Property.token(r));
        case 1 -> args.add("--" + Property.asciiGarbage(r, 8));
        case 2, 3 -> args.add(r.nextBoolean() ? NAME : SpecMutations.hostileName(r));
        default -> {
          if (options.isEmpty()) {
            args.add(Property.token(r));
            break;
          }
          OptionSpec o = Property.oneOf(r, options);
          String name = Property.oneOf(r, List.of(o.names()));
          // create --yes would build a real cluster on this machine; the rest of --yes is
          // store-only
          if (name.equals("--yes") && spec.qualifiedName().equals("jkops create cluster")) {
            break;
          }
          args.add(name);
          if (o.arity().max() > 0 && r.nextInt(8) != 0) {
            args.add(value(r, name));
          }
        }
      }
    }
    return args;
  }

  private static String value(Random r, String option) {
    return switch (option) {
      case "--name" -> r.nextBoolean() ? NAME : SpecMutations.hostileName(r);
      case "--zones", "--master-zones", "--control-plane-zones" ->
          r.nextBoolean() ? "zone-a,zone-b" : Property.token(r);
      case "--network-cidr", "--ssh-access", "--admin-access" ->
          SpecMutations.mutateCidr(r, "10.0.0.0/16");
      case "-f", "--filename" ->
          Property.oneOf(
              r, List.of("/dev/null", "/nonexistent/x.yaml", "..", "/etc/hostname", "-"));
      case "--version" -> String.valueOf(r.nextInt(5) - 1);
      default -> Property.token(r);
    };
  }
}
