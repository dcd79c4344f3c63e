package dev.qssm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Bar charts of {@code qssm analyze}: expressibility KL (log scale) and Meyer-Wallach Q per ansatz. */
final class AnalysisPlot {
  private AnalysisPlot() {}

  static void write(List<AnalyzeCommand.Row> rows, Path png) {
    System.setProperty("java.awt.headless", "true");
    var kl = chart("Expressibility (KL to Haar, lower = more expressive)", "KL divergence", rows.size());
    kl.getStyler().setYAxisLogarithmic(true);
    kl.getStyler().setYAxisMin(1e-7); // bars start from the axis floor, not from 0
    var q = chart("Entangling capability (Meyer-Wallach Q)", "Q", rows.size());
    // one series per qubit count, categories = ansatz + layers
    var byQubits = new LinkedHashMap<Integer, List<AnalyzeCommand.Row>>();
    for (var r : rows) {
      byQubits.computeIfAbsent(r.qubits(), k -> new ArrayList<>()).add(r);
    }
    var categories = new ArrayList<String>();
    for (var r : rows) {
      var c = category(r);
      if (!categories.contains(c)) {
        categories.add(c);
      }
    }
    for (var e : byQubits.entrySet()) {
      var kls = new ArrayList<Double>();
      var qs = new ArrayList<Double>();
      for (var c : categories) {
        var hit = e.getValue().stream().filter(r -> category(r).equals(c)).findFirst();
        // log axis: a missing bar or a KL of exactly 0 is drawn at the axis floor
        kls.add(hit.map(r -> Math.max(1e-7, r.expr().kl())).orElse(1e-7));
        qs.add(hit.map(r -> r.mw().mean()).orElse(0.0));
      }
      kl.addSeries(e.getKey() + " qubits", categories, kls);
      q.addSeries(e.getKey() + " qubits", categories, qs);
    }
    try {
      List<Chart> charts = List.of(kl, q);
      BitmapEncoder.saveBitmap(charts, 2, 1, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new CommandException(png + ": cannot write: " + e.getMessage(), e);
    }
  }

  private static String category(AnalyzeCommand.Row r) {
    return r.layers() == 0 ? r.ansatz() : r.ansatz() + " L" + r.layers();
  }

  private static CategoryChart chart(String title, String y, int bars) {
    var c = new CategoryChartBuilder().width(Math.max(640, 60 * bars)).height(420).title(title).yAxisTitle(y).build();
    c.getStyler().setXAxisLabelRotation(45);
    c.getStyler().setLegendVisible(true);
    return c;
  }
}
