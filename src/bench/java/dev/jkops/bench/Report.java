package dev.jkops.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Where results go: sections of docs/benchmarks.md, raw numbers in docs/bench/, plots in docs/img/.
 */
final class Report {
  private final Path doc;
  private final Path data;
  private final Path img;

  Report(Path repo) {
    this.doc = repo.resolve("docs/benchmarks.md");
    this.data = repo.resolve("docs/bench");
    this.img = repo.resolve("docs/img");
  }

  /** Replaces the generated section {@code name} of docs/benchmarks.md. */
  void section(String name, String body) throws IOException {
    String text =
        Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "# Benchmarks\n";
    Files.createDirectories(doc.getParent());
    Files.writeString(doc, DocSections.replace(text, name, body), StandardCharsets.UTF_8);
  }

  /** Every sample of every row, for whoever wants more than medians. */
  void tsv(String name, Map<String, Samples> rows) throws IOException {
    Files.createDirectories(data);
    StringBuilder sb = new StringBuilder("row\tmedian\tcount\tsamples\n");
    rows.forEach(
        (k, s) -> {
          sb.append(k)
              .append('\t')
              .append(MarkdownTable.num(s.median(), 3))
              .append('\t')
              .append(s.count())
              .append('\t');
          s.values().forEach(v -> sb.append(String.format(Locale.ROOT, "%.3f ", v)));
          sb.setLength(sb.length() - 1);
          sb.append('\n');
        });
    Files.writeString(data.resolve(name + ".tsv"), sb.toString(), StandardCharsets.UTF_8);
  }

  /** Free-form rows (already formatted). */
  void tsvLines(String name, String header, List<String> lines) throws IOException {
    Files.createDirectories(data);
    Files.writeString(
        data.resolve(name + ".tsv"),
        header + "\n" + String.join("\n", lines) + "\n",
        StandardCharsets.UTF_8);
  }

  /**
   * One line per series through its (x, y) points; log-log when {@code log}. Returns the
   * doc-relative path.
   */
  String plot(
      String file,
      String title,
      String xLabel,
      String yLabel,
      Map<String, List<double[]>> series,
      boolean log)
      throws IOException {
    XYSeriesCollection ds = new XYSeriesCollection();
    series.forEach(
        (name, points) -> {
          XYSeries s = new XYSeries(name);
          points.forEach(p -> s.add(p[0], p[1]));
          ds.addSeries(s);
        });
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, yLabel, ds, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < ds.getSeriesCount(); i++) {
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(r);
    if (log) {
      LogAxis x = new LogAxis(xLabel);
      x.setBase(10);
      x.setSmallestValue(0.1);
      LogAxis y = new LogAxis(yLabel);
      y.setBase(10);
      y.setSmallestValue(0.01);
      plot.setDomainAxis(x);
      plot.setRangeAxis(y);
    }
    Files.createDirectories(img);
    Path out = img.resolve(file);
    ChartUtils.saveChartAsPNG(out.toFile(), chart, 900, 520);
    return "img/" + file;
  }
}
