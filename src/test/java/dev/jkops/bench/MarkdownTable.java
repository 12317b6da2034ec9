package dev.jkops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A GitHub-flavoured Markdown table, also printable as aligned plain text for the terminal. */
public final class MarkdownTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public MarkdownTable(String... header) {
    if (header.length == 0) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    this.header = List.of(header);
  }

  public MarkdownTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has "
              + cells.length
              + " cells, the table "
              + header.size()
              + " columns ("
              + String.join(", ", header)
              + ")");
    }
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(c == null ? "" : c.toString().replace("|", "\\|").replace("\n", " "));
    }
    rows.add(r);
    return this;
  }

  public int size() {
    return rows.size();
  }

  public String markdown() {
    StringBuilder sb = new StringBuilder();
    line(sb, header);
    sb.append('|');
    for (int i = 0; i < header.size(); i++) {
      sb.append("---|");
    }
    sb.append('\n');
    rows.forEach(r -> line(sb, r));
    return sb.toString();
  }

  /** Columns padded to their widest cell, two spaces apart, for printing. */
  public String text() {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    pad(sb, header, w);
    rows.forEach(r -> pad(sb, r, w));
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells) {
    sb.append('|');
    cells.forEach(c -> sb.append(' ').append(c).append(" |"));
    sb.append('\n');
  }

  private static void pad(StringBuilder sb, List<String> cells, int[] w) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(cells.get(i));
      if (i < cells.size() - 1) {
        line.append(" ".repeat(w[i] - cells.get(i).length() + 2));
      }
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  /** A number with {@code digits} decimals, the same on every locale. */
  public static String num(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** A ratio as {@code 1.23x}. */
  public static String ratio(double v) {
    return num(v, 2) + "x";
  }
}
