package dev.qssm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Draws a training run's metrics.csv as a PNG: loss and accuracy per epoch, train and test. */
final class TrainingCurves {
  private TrainingCurves() {}

  static void write(Path csv, Path png) {
    System.setProperty("java.awt.headless", "true");
    List<String> lines;
    try {
      lines = Files.readAllLines(csv);
    } catch (IOException e) {
      throw new CommandException(csv + ": cannot read: " + e.getMessage(), e);
    }
    var epoch = new ArrayList<Double>();
    var cols = new ArrayList<List<Double>>();
    for (int c = 0; c < 4; c++) {
      cols.add(new ArrayList<>());
    }
    for (var line : lines.subList(1, lines.size())) {
      var f = line.split(",");
      epoch.add(Double.parseDouble(f[0]));
      for (int c = 0; c < 4; c++) {
        cols.get(c).add(Double.parseDouble(f[2 + c]));
      }
    }
    if (epoch.isEmpty()) {
      return; // no finished epoch yet
    }
    XYChart loss = chart("Loss", "cross-entropy");
    loss.addSeries("train", epoch, cols.get(0));
    loss.addSeries("test", epoch, cols.get(2));
    XYChart acc = chart("Accuracy", "accuracy");
    acc.addSeries("train", epoch, cols.get(1));
    acc.addSeries("test", epoch, cols.get(3));
    try {
      List<Chart> charts = List.of(loss, acc);
      BitmapEncoder.saveBitmap(charts, 1, 2, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new CommandException(png + ": cannot write: " + e.getMessage(), e);
    }
  }

  /**
   * Several runs on one figure: test accuracy and train loss per epoch, one line per run (e.g.
   * HQC-Mamba against its classical twin). {@code runs} maps a label to its metrics.csv.
   */
  static void compare(java.util.Map<String, Path> runs, Path png) {
    System.setProperty("java.awt.headless", "true");
    XYChart acc = chart("Test accuracy", "accuracy");
    XYChart loss = chart("Train loss", "cross-entropy");
    runs.forEach((label, csv) -> {
      var epoch = new ArrayList<Double>();
      var testAcc = new ArrayList<Double>();
      var trainLoss = new ArrayList<Double>();
      try {
        var lines = Files.readAllLines(csv);
        for (var line : lines.subList(1, lines.size())) {
          var f = line.split(",");
          epoch.add(Double.parseDouble(f[0]));
          trainLoss.add(Double.parseDouble(f[2]));
          testAcc.add(Double.parseDouble(f[5]));
        }
      } catch (IOException e) {
        throw new CommandException(csv + ": cannot read: " + e.getMessage(), e);
      }
      if (!epoch.isEmpty()) {
        acc.addSeries(label, epoch, testAcc);
        loss.addSeries(label, epoch, trainLoss);
      }
    });
    try {
      List<Chart> charts = List.of(acc, loss);
      BitmapEncoder.saveBitmap(charts, 1, 2, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new CommandException(png + ": cannot write: " + e.getMessage(), e);
    }
  }

  private static XYChart chart(String title, String y) {
    var c = new XYChartBuilder().width(560).height(400).title(title).xAxisTitle("epoch").yAxisTitle(y).build();
    c.getStyler().setMarkerSize(6);
    return c;
  }
}
