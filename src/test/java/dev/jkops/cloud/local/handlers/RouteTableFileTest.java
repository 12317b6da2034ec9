package dev.jkops.cloud.local.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.resources.RouteTable;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A route table's file is written without {@link Properties#store} (whose date comment costs the
 * first update a search of the class path) and must read back as the JDK's own writer's does.
 */
class RouteTableFileTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "main",
        "private-zone-a.a.example.com",
        " leading space",
        "trailing space ",
        "a=b:c#d!e",
        "back\\slash",
        "tab\tnew\nline\rfeed\f",
        "#comment-like",
        "!bang",
        "ünïcødé ✓",
        ""
      })
  void theFileReadsBackAsTheJdksWriterWritesIt(String name) throws Exception {
    RouteTable t =
        new RouteTable(
            ClusterNames.of("a.example.com", ClusterNames.DEFAULT_RUNTIME_BASE),
            name,
            100,
            List.of(),
            50);
    String text = RouteTableHandler.fileText(t);

    Properties mine = new Properties();
    mine.load(new StringReader(text));
    assertThat(mine.getProperty("name")).isEqualTo(name);
    assertThat(mine.getProperty("table")).isEqualTo("100");
    assertThat(mine.getProperty("quota")).isEqualTo("50");
    assertThat(mine).hasSize(3);

    // line for line what Properties.store(Writer) writes, but for its date comment
    Properties jdk = new Properties();
    jdk.setProperty("name", name);
    StringWriter w = new StringWriter();
    jdk.store(w, null);
    String jdkLine = w.toString().lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
    assertThat(RouteTableHandler.propertyLine("name", name)).isEqualTo(jdkLine + "\n");
  }
}
