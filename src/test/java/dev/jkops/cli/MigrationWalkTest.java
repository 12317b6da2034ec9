package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.cli.MigrationMatrix.Row;
import dev.jkops.cli.MigrationWalk.Pair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pieces of scripts/migrations that run without root: the walk, the plan, the table and the
 * regression rule.
 */
class MigrationWalkTest {
  @Test
  void theWalkSwitchesThroughEveryOrderedPairOfTheEightModesExactlyOnceAndEndsWhereItStarted() {
    List<String> walk = MigrationWalk.circuit(MigrationMatrix.MODES, "kubenet");
    List<Pair> pairs = MigrationWalk.pairs(walk);

    assertThat(walk).hasSize(57).startsWith("kubenet").endsWith("kubenet");
    assertThat(pairs).hasSize(56).doesNotHaveDuplicates().allMatch(p -> !p.from().equals(p.to()));
    Set<Pair> every = new HashSet<>();
    for (String a : MigrationMatrix.MODES) {
      for (String b : MigrationMatrix.MODES) {
        if (!a.equals(b)) {
          every.add(new Pair(a, b));
        }
      }
    }
    assertThat(Set.copyOf(pairs)).isEqualTo(every);
    for (int i = 0; i + 1 < pairs.size(); i++) {
      assertThat(pairs.get(i).to())
          .as("switch %d ends where switch %d starts", i + 1, i + 2)
          .isEqualTo(pairs.get(i + 1).from());
    }
  }

  @Test
  void aWalkOnThreeModesHasSixPairsAndTheSameWalkEveryTime() {
    List<String> modes = List.of("a", "b", "c");
    assertThat(MigrationWalk.pairs(MigrationWalk.circuit(modes, "b")))
        .hasSize(6)
        .doesNotHaveDuplicates();
    assertThat(MigrationWalk.circuit(modes, "b")).isEqualTo(MigrationWalk.circuit(modes, "b"));
    assertThatThrownBy(() -> MigrationWalk.circuit(modes, "d")).hasMessageContaining("start d");
  }

  @Test
  void
      allIsOneRunOnVersionOneFourWhileChosenPairsGetAClusterEachOnTheDefaultUnlessClassicIsInvolved() {
    List<List<Pair>> all = MigrationMatrix.plan("all");
    assertThat(all).hasSize(1);
    assertThat(all.get(0)).hasSize(56);
    assertThat(MigrationMatrix.version(all.get(0))).contains("v1.4.8");

    List<List<Pair>> chosen = MigrationMatrix.plan("kubenet:flannel calico:classic");
    assertThat(chosen)
        .containsExactly(
            List.of(new Pair("kubenet", "flannel")), List.of(new Pair("calico", "classic")));
    assertThat(MigrationMatrix.version(chosen.get(0))).isEmpty();
    assertThat(MigrationMatrix.version(chosen.get(1))).contains("v1.4.8");

    assertThatThrownBy(() -> MigrationMatrix.plan("kubenet:kubenet"))
        .hasMessageContaining("pair \"kubenet:kubenet\"")
        .hasMessageContaining("FROM:TO");
    assertThatThrownBy(() -> MigrationMatrix.plan("kubenet-flannel"))
        .hasMessageContaining("FROM:TO");
  }

  @Test
  void stepsPickAPieceOfTheWalkSoTwoRunsCanShareIt() {
    List<Pair> walk = MigrationMatrix.plan("all").get(0);
    List<Pair> first = MigrationMatrix.plan("all", "1-28").get(0);
    List<Pair> second = MigrationMatrix.plan("all", "29-56").get(0);
    assertThat(first).hasSize(28).isEqualTo(walk.subList(0, 28));
    assertThat(second).hasSize(28).isEqualTo(walk.subList(28, 56));
    assertThat(second.get(0).from()).isEqualTo(first.get(27).to());
    assertThatThrownBy(() -> MigrationMatrix.plan("all", "0-3"))
        .hasMessageContaining("within 1-56");
    assertThatThrownBy(() -> MigrationMatrix.plan("all", "30-57"))
        .hasMessageContaining("within 1-56");
    assertThatThrownBy(() -> MigrationMatrix.plan("kubenet:weave", "1-2"))
        .hasMessageContaining("leave it out");
    assertThat(
            MigrationMatrix.render(
                List.of(),
                List.of(),
                Duration.ZERO,
                "all 29-56",
                List.of(second),
                Instant.parse("2026-11-26T16:00:00Z")))
        .contains("0 of 28 pair(s) measured (switches 29-56 of the walk");
  }

  static Row row(
      String kind, double disruption, List<String> leftovers, boolean valid, String error) {
    return new Row(
        1, "kubenet", "flannel", kind, 400, 3, disruption, 60, 80, leftovers, valid, error, false);
  }

  @Test
  void aPathRegressesOnAFailedStepRedValidateLeftoversOrAKeepsTrafficSwitchLosingOverOneSecond() {
    assertThat(row("keeps traffic", 1.0, List.of(), true, null).regressed()).isFalse();
    assertThat(row("keeps traffic", 1.1, List.of(), true, null).regressed()).isTrue();
    assertThat(row("keeps traffic", 1.1, List.of(), true, null).brokeCluster()).isFalse();
    assertThat(row("disruptive", 5.0, List.of(), true, null).regressed()).isFalse();
    assertThat(
            row("keeps traffic", 0, List.of("nodes-zone-a-1: device flannel.1"), true, null)
                .regressed())
        .isTrue();
    assertThat(row("keeps traffic", 0, List.of("x"), true, null).brokeCluster()).isTrue();
    assertThat(row("keeps traffic", 0, List.of(), false, null).regressed()).isTrue();
    assertThat(row("keeps traffic", 0, List.of(), true, "edit exited 1: no").regressed()).isTrue();
  }

  @Test
  void theTableHasARowPerSwitchAndSaysWhatRegressedAndWhatWasNotRun() {
    List<List<Pair>> plan = MigrationMatrix.plan("kubenet:flannel flannel:calico calico:weave");
    List<Row> rows =
        List.of(
            row("keeps traffic", 0.3, List.of(), true, null),
            new Row(
                2,
                "flannel",
                "calico",
                "?",
                0,
                0,
                0,
                0,
                12,
                List.of(),
                false,
                "update --yes exited 1: a|b",
                true));
    String table =
        MigrationMatrix.render(
            rows,
            List.of(new Pair("calico", "weave")),
            Duration.ofSeconds(125),
            "kubenet:flannel flannel:calico calico:weave",
            plan,
            Instant.parse("2026-11-26T16:00:30Z"));

    assertThat(table.lines().toList())
        .contains(
            "| 1 | kubenet | flannel | keeps traffic | 3 of 400 (0.8%) | 0.3 | 60 | 80 | none | green |",
            "| 2 | flannel (new cluster) | calico | ? | 0 of 0 (0.0%) | 0.0 | 0 | 12 | none | error: update --yes exited 1: a/b |");
    assertThat(table)
        .contains("2 of 3 pair(s) measured")
        .contains("in 2 min 5 s, finished 2026-11-26T16:00:00Z")
        .contains("Regressed: flannel:calico.")
        .contains("Not run: calico:weave.");
    assertThat(Optional.of(table.lines().filter(l -> l.startsWith("| #")).count())).contains(1L);
  }
}
