package dev.jkops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The arithmetic and formatting every benchmark's tables rely on. */
class BenchFormattingTest {

  @Test
  void medianIsTheMiddleValueAndIgnoresOneSlowRun() {
    assertThat(Samples.of(120, 100, 9000).median()).isEqualTo(120);
    assertThat(Samples.of(4, 1, 3, 2).median()).isEqualTo(2.5);
    assertThat(Samples.of(7).median()).isEqualTo(7);
  }

  @Test
  void quantilesInterpolateBetweenRanks() {
    Samples s = Samples.of(10, 20, 30, 40, 50);
    assertThat(s.quantile(0)).isEqualTo(10);
    assertThat(s.quantile(1)).isEqualTo(50);
    assertThat(s.quantile(0.25)).isEqualTo(20);
    assertThat(s.quantile(0.1)).isEqualTo(14);
    assertThatThrownBy(() -> s.quantile(1.5)).hasMessageContaining("outside [0, 1]");
  }

  @Test
  void ratioComparesMediansAgainstTheBaseline() {
    Samples jkops = Samples.of(300, 310, 290);
    Samples kubectl = Samples.of(100, 150, 50);
    assertThat(jkops.ratioTo(kubectl)).isEqualTo(3.0);
    assertThatThrownBy(() -> jkops.ratioTo(Samples.of(0, 0)))
        .hasMessageContaining("positive baseline");
    assertThatThrownBy(() -> Samples.of()).hasMessageContaining("at least one sample");
  }

  @Test
  void markdownTableEscapesPipesAndChecksTheColumnCount() {
    MarkdownTable t =
        new MarkdownTable("command", "median ms", "ratio")
            .row("jkops get clusters | wc", 210, MarkdownTable.ratio(2.1));
    assertThat(t.markdown())
        .isEqualTo(
            """
        | command | median ms | ratio |
        |---|---|---|
        | jkops get clusters \\| wc | 210 | 2.10x |
        """);
    assertThatThrownBy(() -> t.row("only one"))
        .hasMessageContaining("row has 1 cells, the table 3 columns");
  }

  @Test
  void textTableAlignsColumns() {
    MarkdownTable t = new MarkdownTable("nodes", "ms").row(5, "12.5").row(5000, "1.0");
    assertThat(t.text())
        .isEqualTo(
            """
        nodes  ms
        5      12.5
        5000   1.0
        """);
  }

  @Test
  void numbersUseADotWhateverTheLocale() {
    java.util.Locale before = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      assertThat(MarkdownTable.num(1234.5678, 2)).isEqualTo("1234.57");
    } finally {
      java.util.Locale.setDefault(before);
    }
  }

  @Test
  void sectionsAreReplacedInPlaceAndTheTextAroundThemKept() {
    String doc =
        "# Benchmarks\n\nintro\n\n<!-- bench:startup -->\nold\n<!-- /bench:startup -->\n\nafter\n";
    String out = DocSections.replace(doc, "startup", "| a |\n");
    assertThat(out)
        .isEqualTo(
            "# Benchmarks\n\nintro\n\n<!-- bench:startup -->\n| a |\n<!-- /bench:startup -->\n\nafter\n");
    assertThat(DocSections.replace(out, "startup", "| a |\n")).isEqualTo(out);
  }

  @Test
  void aMissingSectionIsAppendedAndBrokenMarkersRefused() {
    assertThat(DocSections.replace("# B\n", "planner", "x"))
        .isEqualTo("# B\n\n<!-- bench:planner -->\nx\n<!-- /bench:planner -->\n");
    assertThatThrownBy(() -> DocSections.replace("<!-- bench:planner -->\n", "planner", "x"))
        .hasMessageContaining("opened or closed but not both");
    assertThatThrownBy(() -> DocSections.replace("", "Bad Name", "x"))
        .hasMessageContaining("lower-case");
  }
}
