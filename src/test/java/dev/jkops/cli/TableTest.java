package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void padsWithTabsToTheNextTabStopAsGoTabwriterDoes() {
    String t =
        new Table("NAME", "CLOUD", "ZONES")
            .row("mycluster.example.com", "aws", "us-east-1a,us-east-1b")
            .render();
    // NAME is padded to column 24 (21 chars + 1 padding, rounded up to a multiple of 8).
    assertThat(t)
        .isEqualTo("NAME\t\t\tCLOUD\tZONES\nmycluster.example.com\taws\tus-east-1a,us-east-1b\n");
  }
}
