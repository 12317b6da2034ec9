package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.testing.Property;
import dev.jkops.testing.SpecMutations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainBlockYaml} against SnakeYAML's event parser as RecordYamlReader uses it: on every
 * text it either declines (null) or gives the same values, number types and key order included.
 * RecordYamlReaderTest then compares the whole read, through either, with Jackson's.
 */
class PlainBlockYamlTest {

  private static void declinesOrAgrees(String text) {
    Map<String, Object> plain = PlainBlockYaml.read(text);
    if (plain == null) {
      return;
    }
    List<Object> snake;
    try {
      snake = RecordYamlReader.snakeYamlDocuments(text);
    } catch (RecordYamlReader.NeedsJackson e) {
      throw new AssertionError("read " + plain + " where SnakeYAML's path says: " + e, e);
    }
    assertThat(snake).as(text).hasSize(1);
    assertThat(describe(plain)).as(text).isEqualTo(describe(snake.get(0)));
  }

  /** The values with their Java types, so 1 and 1L or "1" and 1 differ. */
  private static String describe(Object v) {
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      m.forEach((k, x) -> sb.append(describe(k)).append('=').append(describe(x)).append(", "));
      return sb.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      l.forEach(x -> sb.append(describe(x)).append(", "));
      return sb.append(']').toString();
    }
    return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
  }

  @Test
  void readsEverySpecJkopsWritesAsSnakeYamlDoes() {
    List<String> seeds = SpecMutations.seedSpecs();
    assertThat(seeds).isNotEmpty();
    int read = 0;
    for (String seed : seeds) {
      YamlCodec.Documents d = RecordYamlReader.readOrExplain(seed);
      for (Object o : concat(d.clusters(), d.instanceGroups())) {
        String written = YamlCodec.toYaml(o);
        declinesOrAgrees(written);
        read += PlainBlockYaml.read(written) != null ? 1 : 0;
      }
    }
    // what jkops writes is what this reader is for: it must not decline it
    assertThat(read).isGreaterThanOrEqualTo(seeds.size());
  }

  @Test
  void declinesOrAgreesOnDamagedSpecsYamlishTextAndEveryValueShape() {
    List<String> seeds = new ArrayList<>();
    for (String seed : SpecMutations.seedSpecs()) {
      YamlCodec.Documents d = RecordYamlReader.readOrExplain(seed);
      for (Object o : concat(d.clusters(), d.instanceGroups())) {
        seeds.add(YamlCodec.toYaml(o));
      }
    }
    Property.forAll(
        "a damaged spec",
        Property.tries(500),
        r -> SpecMutations.mutate(r, seeds.get(r.nextInt(seeds.size()))),
        PlainBlockYamlTest::declinesOrAgrees);
    Property.forAll(
        "YAML-ish text",
        Property.tries(500),
        SpecMutations::yamlish,
        PlainBlockYamlTest::declinesOrAgrees);
    List<String> values =
        List.of(
            "0",
            "-0",
            "+5",
            "007",
            "0x1F",
            "0o17",
            "0b101",
            "1_000",
            "12345678901",
            "2147483648",
            "-2147483649",
            "99999999999999999999",
            "1.5",
            "-1",
            "-x",
            "-",
            "--",
            "---",
            ".5",
            ".inf",
            ".nan",
            "1e3",
            "yes",
            "No",
            "ON",
            "off",
            "y",
            "n",
            "True",
            "FALSE",
            "true",
            "false",
            "~",
            "null",
            "Null",
            "''",
            "\"\"",
            "'12'",
            "\"true\"",
            "\"a b\"",
            "\"a\\\"b\"",
            "2024-01-02",
            "2024-01-02T03:04:05Z",
            "1:20",
            "<<",
            "=",
            "!!str 5",
            "&a x",
            "*a",
            "[a, 1]",
            "{a: 1}",
            "[]",
            "{}",
            "a b",
            "a:",
            "a:b",
            "::/0",
            ":",
            "0.0.0.0/0",
            "10.0.0.1",
            "v1.32.0",
            "200m",
            "100Mi",
            "None",
            "a#b",
            "a #b",
            "é",
            "%",
            "@x",
            "`x");
    for (String seed : seeds) {
      String[] lines = seed.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        int colon = lines[i].indexOf(": ");
        if (colon < 0) {
          continue;
        }
        for (String v : values) {
          String[] changed = lines.clone();
          changed[i] = lines[i].substring(0, colon + 2) + v;
          declinesOrAgrees(String.join("\n", changed));
        }
      }
    }
  }

  @Test
  void declinesWhatItDoesNotRead() {
    for (String text :
        List.of(
            "",
            "a: 1",
            "a: 1\n\nb: 2\n",
            "a: 1 # c\n",
            "a: 1\n---\nb: 2\n",
            "a:\n",
            "a: 1 \n",
            "a:\tb\n",
            "- a\n",
            "a: |\n  x\n",
            "a: 'x'\n",
            "a: 1\n a: 2\n",
            "a: 1\na: 2\n")) {
      assertThat(PlainBlockYaml.read(text)).as(text).isNull();
    }
    assertThat(PlainBlockYaml.read("---\na:\n  - b: 1\n    c: \"x y\"\n  - 2\nd: {}\n"))
        .isEqualTo(Map.of("a", List.of(Map.of("b", 1, "c", "x y"), 2), "d", Map.of()));
  }

  private static List<Object> concat(List<?> a, List<?> b) {
    List<Object> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
