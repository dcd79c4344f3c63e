package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.models.train.Checkpoint;
import dev.qssm.models.train.TrainedClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * A trained classifier evaluated on the noisy simulator over a grid of noise settings x shot
 * counts x repeats (each repeat its own sampling seed): CSV, a table of mean ± standard deviation,
 * and a PNG with one line per shot count and error bars over the repeats.
 */
final class NoiseStudy {
  private NoiseStudy() {}

  /** One noise setting: a noisy-backend option ({@code noise.KEY}) and its value, or none (ideal). */
  record Point(String label, String option, String value) {}

  record Row(Point point, int shots, int repeat, double accuracy, double loss, double seconds) {}

  /**
   * {@code KIND:V1,V2,...} with KIND a numeric noise key of the noisy backend (depolarizing,
   * amplitudeDamping, phaseDamping, bitFlip, phaseFlip, readout, ...), or {@code ibm:DEVICE} for a
   * bundled calibration snapshot (ibm:fez). A value of 0 means the ideal simulator.
   */
  static List<Point> parse(String spec) {
    int colon = spec.indexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw new IllegalArgumentException("--noise must look like KIND:V1,V2 (e.g. depolarizing:0,0.001,0.01 or ibm:fez),"
          + " got '" + spec + "'");
    }
    String kind = spec.substring(0, colon);
    var points = new ArrayList<Point>();
    for (String v : spec.substring(colon + 1).split(",")) {
      v = v.strip();
      if (kind.equals("ibm")) {
        points.add(new Point("ibm_" + v.replaceFirst("^ibm_", ""), "noise.ibm", v));
        continue;
      }
      double p;
      try {
        p = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--noise " + kind + ": '" + v + "' is not a number");
      }
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("--noise " + kind + ": " + v + " is not a probability in [0, 1]");
      }
      points.add(p == 0 ? new Point("ideal", null, null) : new Point(kind + " " + v, "noise." + kind, v));
    }
    return points;
  }

  /**
   * Evaluates the checkpoint at every grid point; {@code backendFor} builds the noisy backend for a
   * point and seed. A classifier is scored on its test digits (accuracy and loss), a QMamba on
   * next-character accuracy over the pattern (no loss: NaN).
   */
  static List<Row> run(Path checkpoint, List<Point> points, List<Integer> shots, int repeats, long seed, int limit,
      int batch, Path data, BackendFactory backendFor, ProgressBar bar) {
    boolean qmamba = Checkpoint.config(checkpoint).get("model").getAsString().equals("qmamba");
    var rows = new ArrayList<Row>();
    int total = points.size() * shots.size() * repeats, done = 0;
    for (var point : points) {
      for (int s : shots) {
        for (int r = 0; r < repeats; r++) {
          long t0 = System.nanoTime();
          String status = point.label() + ", " + s + " shots";
          try (var backend = backendFor.create(point, seed + r)) {
            double accuracy, loss;
            if (qmamba) {
              bar.update(done, total, "noise study", status);
              accuracy = QMambaEval.patternAccuracy(checkpoint, backend, s);
              loss = Double.NaN;
            } else {
              var trained = TrainedClassifier.load(checkpoint, backend, s);
              var test = trained.testSet(data, limit);
              int d = done;
              var e = trained.evaluate(test, batch, (k, n) -> bar.update(d * (long) n + k, (long) total * n,
                  "noise study", status));
              accuracy = e.accuracy();
              loss = e.loss();
            }
            rows.add(new Row(point, s, r, accuracy, loss, (System.nanoTime() - t0) / 1e9));
          }
          done++;
        }
      }
    }
    bar.clear();
    return rows;
  }

  interface BackendFactory {
    Backend create(Point point, long seed);
  }

  static void writeCsv(Path csv, List<Row> rows) {
    var sb = new StringBuilder("noise,option,value,shots,repeat,accuracy,loss,seconds\n");
    for (var r : rows) {
      sb.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.6f,%.6f,%.3f%n", r.point().label(),
          r.point().option() == null ? "" : r.point().option(), r.point().value() == null ? "0" : r.point().value(),
          r.shots(), r.repeat(), r.accuracy(), r.loss(), r.seconds()));
    }
    try {
      Files.writeString(csv, sb);
    } catch (IOException e) {
      throw new CommandException(csv + ": cannot write: " + e.getMessage(), e);
    }
  }

  /** Mean and sample standard deviation of the accuracy per (noise, shots). */
  static LinkedHashMap<String, LinkedHashMap<Integer, double[]>> summarize(List<Row> rows) {
    var acc = new LinkedHashMap<String, LinkedHashMap<Integer, List<Double>>>();
    for (var r : rows) {
      acc.computeIfAbsent(r.point().label(), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.shots(), k -> new ArrayList<>()).add(r.accuracy());
    }
    var out = new LinkedHashMap<String, LinkedHashMap<Integer, double[]>>();
    acc.forEach((label, byShots) -> byShots.forEach((s, values) -> {
      double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double var = values.size() < 2 ? 0
          : values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1);
      out.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(s, new double[] {mean, Math.sqrt(var)});
    }));
    return out;
  }

  static void printTable(java.io.PrintStream out, List<Row> rows, List<Integer> shots) {
    var summary = summarize(rows);
    var head = new StringBuilder("| noise |");
    var rule = new StringBuilder("|---|");
    for (int s : shots) {
      head.append(' ').append(s == 0 ? "exact" : s + " shots").append(" |");
      rule.append("---:|");
    }
    out.println(head);
    out.println(rule);
    summary.forEach((label, byShots) -> {
      var line = new StringBuilder("| " + label + " |");
      for (int s : shots) {
        double[] m = byShots.get(s);
        line.append(String.format(Locale.ROOT, " %.3f ± %.3f |", m[0], m[1]));
      }
      out.println(line);
    });
    out.flush();
  }

  static void plot(Path png, List<Row> rows, List<Integer> shots, String title) {
    System.setProperty("java.awt.headless", "true");
    var summary = summarize(rows);
    var labels = new ArrayList<>(summary.keySet());
    // one kind of noise: its name on the axis and only the levels under the points (full labels overlap)
    var kinds = labels.stream().filter(l -> !l.equals("ideal")).map(l -> l.substring(0, l.lastIndexOf(' ') + 1))
        .distinct().toList();
    boolean oneKind = kinds.size() == 1 && !kinds.get(0).isEmpty();
    var ticks = oneKind ? labels.stream().map(l -> l.equals("ideal") ? "0" : l.substring(kinds.get(0).length())).toList()
        : labels;
    var chart = new CategoryChartBuilder().width(760).height(480).title(title)
        .xAxisTitle(oneKind ? kinds.get(0).strip() : "noise").yAxisTitle("test accuracy").build();
    if (!oneKind && labels.size() > 3) {
      chart.getStyler().setXAxisLabelRotation(30);
    }
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    for (int s : shots) {
      var y = new ArrayList<Double>();
      var err = new ArrayList<Double>();
      for (var label : labels) {
        double[] m = summary.get(label).get(s);
        y.add(m[0]);
        err.add(m[1]);
      }
      chart.addSeries(s == 0 ? "exact" : s + " shots", ticks, y, err);
    }
    try {
      BitmapEncoder.saveBitmap(chart, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new CommandException(png + ": cannot write: " + e.getMessage(), e);
    }
  }
}
