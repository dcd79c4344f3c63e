package dev.qssm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** A confusion matrix (true class down, predicted class across) as a PNG heat map of row fractions; any classifier. */
final class ConfusionMatrixPlot {
  private ConfusionMatrixPlot() {}

  /** counts[t][p]: how often true class t was predicted as p. */
  static int[][] count(int[] labels, int[] predicted, int classes) {
    var m = new int[classes][classes];
    for (int i = 0; i < labels.length; i++) {
      m[labels[i]][predicted[i]]++;
    }
    return m;
  }

  static void write(int[][] counts, List<String> names, String title, Path png) {
    System.setProperty("java.awt.headless", "true");
    int n = counts.length;
    var chart = new HeatMapChartBuilder().width(640).height(560).title(title).xAxisTitle("predicted")
        .yAxisTitle("true").build();
    chart.getStyler().setShowValue(n <= 12); // beyond that the numbers overlap
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(1);
    chart.getStyler().setRangeColors(new java.awt.Color[] {java.awt.Color.WHITE, new java.awt.Color(8, 48, 107)});
    var heat = new ArrayList<Number[]>();
    for (int t = 0; t < n; t++) {
      int row = 0;
      for (int c : counts[t]) {
        row += c;
      }
      for (int p = 0; p < n; p++) {
        // row fraction, rounded so the printed values stay readable
        double f = row == 0 ? 0 : Math.round(100.0 * counts[t][p] / row) / 100.0;
        heat.add(new Number[] {p, n - 1 - t, f});
      }
    }
    var rows = new ArrayList<>(names);
    java.util.Collections.reverse(rows); // first class on top
    chart.addSeries("row fraction", names, rows, heat);
    try {
      BitmapEncoder.saveBitmap(chart, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new CommandException(png + ": cannot write: " + e.getMessage(), e);
    }
  }
}
