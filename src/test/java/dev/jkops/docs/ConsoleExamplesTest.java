package dev.jkops.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.docs.ConsoleExamples.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example convention itself: what is a command, what is output, and how output is compared. */
class ConsoleExamplesTest {
  static final Path DOC = Path.of("doc.md");

  @Test
  void markedConsoleBlocksBecomeCommandsWithTheirShownOutputAndUnmarkedBlocksAreProse() {
    ConsoleExamples doc =
        ConsoleExamples.parse(
            DOC,
            List.of(
                "Some prose.",
                "```console",
                "$ not run, no marker",
                "```",
                "<!-- example: first -->",
                "```console",
                "$ jkops version",
                "Client version: <*>",
                "$ cat > c.yaml <<'EOF'",
                "> kind: Cluster",
                "> EOF",
                "$ jkops validate cluster broken.local",
                "Validation Failed",
                "[exit 2]",
                "",
                "```",
                "<!-- example: second -->",
                "```",
                "./jkops get clusters          # list them",
                "# a comment line",
                "",
                "./jkops delete cluster x --yes",
                "```"));

    assertThat(doc.examples())
        .extracting(ConsoleExamples.Example::id)
        .containsExactly("first", "second");
    List<Step> first = doc.examples().get(0).steps();
    assertThat(first)
        .extracting(Step::command)
        .containsExactly(
            "jkops version",
            "cat > c.yaml <<'EOF'\nkind: Cluster\nEOF",
            "jkops validate cluster broken.local");
    assertThat(first.get(0).expected()).containsExactly("Client version: <*>");
    assertThat(first.get(0).line()).isEqualTo(7);
    assertThat(first.get(1).checked()).isFalse();
    assertThat(first.get(2).expected()).containsExactly("Validation Failed");
    assertThat(first.get(2).exitCode()).isEqualTo(2);
    assertThat(doc.examples().get(1).steps())
        .extracting(Step::command, Step::checked)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("./jkops get clusters", false),
            org.assertj.core.groups.Tuple.tuple("./jkops delete cluster x --yes", false));
  }

  @Test
  void aMarkerWithoutAFenceOrAnIdUsedTwiceIsAnErrorNamingTheLine() {
    assertThatThrownBy(() -> ConsoleExamples.parse(DOC, List.of("<!-- example: a -->", "text")))
        .hasMessageContaining("doc.md:1")
        .hasMessageContaining("code fence");
    assertThatThrownBy(
            () ->
                ConsoleExamples.parse(
                    DOC,
                    List.of(
                        "<!-- example: a -->",
                        "```console",
                        "$ x",
                        "```",
                        "<!-- example: a -->",
                        "```console",
                        "$ y",
                        "```")))
        .hasMessageContaining("doc.md:5")
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () ->
                ConsoleExamples.parse(
                    DOC, List.of("<!-- example: a -->", "```console", "output", "```")))
        .hasMessageContaining("output before its first command");
  }

  @Test
  void outputComparesLineByLineWithWhitespaceRunsEqual() {
    OutputPattern table = new OutputPattern(List.of("NAME   STATUS", "nodes-1  Ready"));
    assertThat(table.matches("NAME\tSTATUS\nnodes-1\t\tReady\n\n")).isTrue();
    assertThat(table.matches("NAME\tSTATUS\nnodes-1\tNotReady\n")).isFalse();
    assertThat(table.matches("NAME\tSTATUS\nnodes-1\tReady\nnodes-2\tReady\n"))
        .as("an extra line")
        .isFalse();
    assertThat(table.matches("NAME\tSTATUS\n")).as("a missing line").isFalse();
  }

  @Test
  void wildcardsStandForTextInALineAndForWholeLines() {
    OutputPattern p =
        new OutputPattern(
            List.of("CONNECTIVITY (<*> probes passed)", "...", "Your cluster c is ready"));
    assertThat(
            p.matches(
                "CONNECTIVITY (20 of 20 probes passed)\nrow 1\nrow 2\nYour cluster c is ready\n"))
        .isTrue();
    assertThat(p.matches("CONNECTIVITY (20 of 20 probes passed)\nYour cluster c is ready\n"))
        .isTrue();
    assertThat(p.matches("CONNECTIVITY 20 of 20\nYour cluster c is ready\n")).isFalse();
    assertThat(p.matches("CONNECTIVITY (1 of 2 probes passed)\nrow\nValidation Failed\n"))
        .isFalse();
    assertThat(new OutputPattern(List.of("a.b (x)")).matches("aXb (x)"))
        .as("no other character is special")
        .isFalse();
  }

  @Test
  void wordsAreSplitAsAShellWouldWithVariablesAndQuotes() {
    List<ExampleRunner.Word> w =
        ExampleRunner.Words.split(
            "EDITOR=\"sed -i 's/a/b/'\" jkops get x -o dot | dot -Tsvg > $HOME/x.svg",
            Map.of("HOME", "/h"));
    assertThat(w)
        .extracting(ExampleRunner.Word::text)
        .containsExactly(
            "EDITOR=sed -i 's/a/b/'",
            "jkops",
            "get",
            "x",
            "-o",
            "dot",
            "|",
            "dot",
            "-Tsvg",
            ">",
            "/h/x.svg");
    assertThat(w.get(0).quoted()).isTrue();
    assertThat(w.get(6).quoted()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "docs/networking.md"})
  void theDocumentsHaveMarkedExamplesThatParse(String document) throws Exception {
    assertThat(ConsoleExamples.read(Path.of(document)).examples()).isNotEmpty();
  }
}
