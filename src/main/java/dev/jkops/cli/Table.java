package dev.jkops.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A kops table: columns separated by tabs with tab stops every 8 characters (kops renders through
 * Go's tabwriter with '\t' padding), so it lines up in a terminal and splits on tabs in scripts.
 */
final class Table {
  private static final int TAB = 8;
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells for " + header.size() + " columns");
    }
    rows.add(List.of(cells));
    return this;
  }

  void print(PrintWriter out) {
    out.print(render());
    out.flush();
  }

  String render() {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] width = new int[header.size()];
    for (List<String> r : all) {
      for (int c = 0; c < r.size() - 1; c++) {
        // Go's tabwriter: cell width plus one padding, rounded up to the next tab stop.
        int w = ((r.get(c).length() + 1 + TAB - 1) / TAB) * TAB;
        width[c] = Math.max(width[c], w);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> r : all) {
      for (int c = 0; c < r.size(); c++) {
        String cell = r.get(c);
        sb.append(cell);
        if (c < r.size() - 1) {
          int tabs = (width[c] - cell.length() + TAB - 1) / TAB;
          sb.append("\t".repeat(Math.max(1, tabs)));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
