package dev.qssm.cli;

import dev.qssm.QssmException;
import dev.qssm.backend.Backend;
import dev.qssm.models.qmamba.NeedleTask;
import dev.qssm.models.qmamba.PatternTrainer;
import dev.qssm.models.qmamba.QMamba;
import dev.qssm.models.train.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * Evaluates a trained QMamba on the task it was trained on ({@code config.json}'s "task"): pattern
 * (next-character accuracy from held-out starts, a confusion-matrix PNG and text generated from a
 * random start) or needle (accuracy by document length x needle position, a heat-map PNG). The
 * lead's {@code qssm eval} calls {@link #run}.
 */
/** What {@code qssm eval} does for a QMamba checkpoint (pattern or needle task). */
final class QMambaEval {
  /** Needle evaluation lengths and documents per (length, position). */
  static final int[] NEEDLE_LENGTHS = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

  /** Characters generated from a random start. */
  static final int GENERATE = 30;

  private QMambaEval() {}

  /**
   * Loads {@code checkpointDir} (a training output directory or its {@code checkpoint/}), evaluates it
   * on {@code backend} with {@code shots} per sequence (0 = exact), prints a table and writes the plot
   * next to the checkpoint. Returns the exit code.
   */
  static int run(Main main, Path checkpointDir, Backend backend, int shots) {
    return run(main, checkpointDir, backend, shots, NEEDLE_LENGTHS, 2);
  }

  /** {@link #run} with the needle task's document lengths and documents per (length, position). */
  static int run(Main main, Path checkpointDir, Backend backend, int shots, int[] needleLengths, int repeats) {
    var dir = main.context().workingDirectory().resolve(checkpointDir);
    var ck = Files.isDirectory(dir.resolve("checkpoint")) ? dir.resolve("checkpoint") : dir;
    var runDir = ck.getParent() != null && ck.getFileName().toString().equals("checkpoint") ? ck.getParent() : ck;
    var config = Checkpoint.config(ck);
    String task = config.has("task") ? config.get("task").getAsString() : "pattern";
    var model = PatternTrainer.load(ck, backend).shots(shots);
    var out = main.out();
    boolean noise = backend instanceof dev.qssm.simulator.NoisyBackend nb && !nb.noise().isIdeal();
    String tag = backend.name() + (noise ? "-noise" : "") + (shots > 0 ? "-" + shots + "shots" : "");
    out.printf(Locale.ROOT, "qmamba %s: %d qubits, %d weights, task %s, backend %s, %s%n", ck,
        model.config().numQubits(), model.config().weightCount(), task, backend.name(),
        shots > 0 ? shots + " shots" : "exact");
    if (dryRun(out, model)) {
      out.flush();
      return 0;
    }
    if (task.equals("pattern")) {
      pattern(out, model, runDir.resolve("confusion-" + tag + ".png"));
    } else if (task.equals("needle")) {
      needle(out, model, runDir.resolve("needle-" + tag + ".png"), needleLengths, repeats);
    } else {
      throw new QssmException("checkpoint " + ck + " has task '" + task + "'; qmamba evaluates pattern or needle");
    }
    out.flush();
    return 0;
  }

  /**
   * Runs one 4-token sequence first: a backend that returns no values (IBM's dry run writes the job
   * and sends nothing) cannot be evaluated, so this says where the job went and stops.
   */
  private static boolean dryRun(PrintWriter out, QMamba model) {
    var seq = new int[4];
    for (int t = 0; t < seq.length; t++) {
      seq[t] = t % model.codec().size();
    }
    var task = model.task(new int[][] {seq});
    var result = model.backend().run(List.of(task)).get(0);
    boolean empty = false;
    for (double v : result.values()[0]) {
      empty |= Double.isNaN(v);
    }
    if (!empty) {
      return false;
    }
    var extra = result.metadata() == null ? java.util.Map.<String, String>of() : result.metadata().extra();
    out.println("backend " + model.backend().name() + " returned no values"
        + (extra.containsKey("dryRun") ? ": dry run, the job for one 4-token sequence (a dynamic circuit: "
            + task.circuit().measurements().size() + " measurements, " + task.circuit().instructions().stream()
                .filter(i -> i instanceof dev.qssm.circuit.Reset).count() + " resets between tokens) was written to "
            + extra.get("dryRun")
            + " and nothing was sent" : "")
        + "; evaluation needs results (generation needs each token's result before the next circuit)");
    return true;
  }

  /**
   * Next-character accuracy (context >= {@link PatternTrainer#MIN_CONTEXT}) over every start of the
   * pattern, for {@code qssm noise-study}; other tasks are refused.
   */
  static double patternAccuracy(Path checkpointDir, Backend backend, int shots) {
    var ck = Files.isDirectory(checkpointDir.resolve("checkpoint")) ? checkpointDir.resolve("checkpoint") : checkpointDir;
    var config = Checkpoint.config(ck);
    String task = config.has("task") ? config.get("task").getAsString() : "pattern";
    if (!task.equals("pattern")) {
      throw new UsageException("noise-study evaluates QMamba on the pattern task; " + ck + " was trained on '" + task
          + "' (use qssm eval --backend noisy -o noise.KIND=P for it)");
    }
    var model = PatternTrainer.load(ck, backend).shots(shots);
    var all = new int[PatternTrainer.PATTERN.length()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return new PatternTrainer(model, model.codec()).evaluate(PatternTrainer.EVAL_LENGTH, PatternTrainer.MIN_CONTEXT, all)
        .accuracy();
  }

  private static void pattern(PrintWriter out, QMamba model, Path png) {
    var codec = model.codec();
    var trainer = new PatternTrainer(model, codec);
    var all = new int[PatternTrainer.PATTERN.length()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    var every = trainer.evaluate(PatternTrainer.EVAL_LENGTH, PatternTrainer.MIN_CONTEXT, all);
    out.println("| windows of " + PatternTrainer.EVAL_LENGTH + " | accuracy (context >= " + PatternTrainer.MIN_CONTEXT
        + ") | held-out starts (10) | every prediction (context >= 1) |");
    out.println("|---|---|---|---|");
    out.printf(Locale.ROOT, "| %d starts | %.3f | %.3f | %.3f |%n", every.windows(), every.accuracy(),
        every.heldOutAccuracy(), every.accuracyAll());
    var labels = new ArrayList<String>();
    for (char ch : codec.tokens().toCharArray()) {
      labels.add(ch == ' ' ? "␣" : String.valueOf(ch));
    }
    ConfusionMatrixPlot.write(every.confusion(), labels, "QMamba next-character confusion", png);
    out.println("confusion matrix: " + png);
    var rng = new SplittableRandom(System.nanoTime());
    int start = rng.nextInt(PatternTrainer.PATTERN.length());
    var prompt = trainer.window(start, PatternTrainer.MIN_CONTEXT);
    var gen = model.generate(prompt, GENERATE, codec, 0, rng);
    var sb = new StringBuilder();
    for (int id : prompt) {
      sb.append(codec.token(id));
    }
    sb.append('|');
    for (int id : gen) {
      sb.append(codec.token(id));
    }
    out.println("generated from start " + start + " (prompt|greedy): \"" + sb + "\"");
  }

  private static void needle(PrintWriter out, QMamba model, Path png, int[] lengths, int repeats) {
    var task = new NeedleTask(model, model.codec());
    var map = task.heatmap(lengths, 10, repeats, 99);
    out.println("| document length | accuracy (needle at every position, " + repeats + " documents each) |");
    out.println("|---|---|");
    var byLength = new double[lengths.length];
    for (int l = 0; l < lengths.length; l++) {
      double s = 0;
      int n = 0;
      for (double v : map[l]) {
        if (!Double.isNaN(v)) {
          s += v;
          n++;
        }
      }
      byLength[l] = s / n;
      out.printf(Locale.ROOT, "| %d | %.3f |%n", lengths[l], byLength[l]);
    }
    needlePng(map, lengths, png);
    out.println("heat map: " + png);
  }

  static void needlePng(double[][] map, int[] lengths, Path png) {
    System.setProperty("java.awt.headless", "true");
    var xs = new ArrayList<String>();
    for (int b = 0; b < map[0].length; b++) {
      xs.add((b * 100 / map[0].length) + "-" + ((b + 1) * 100 / map[0].length) + "%");
    }
    var ys = new ArrayList<Integer>();
    for (int l = 0; l < map.length; l++) {
      ys.add(lengths[l]);
    }
    var cells = new ArrayList<Number[]>();
    for (int l = 0; l < map.length; l++) {
      for (int b = 0; b < map[l].length; b++) {
        // a part of a short document that holds no position (length 10 has 9) stays blank, not 0
        if (!Double.isNaN(map[l][b])) {
          // two decimals, so the printed values fit their cells
          cells.add(new Number[] {b, l, Math.round(map[l][b] * 100) / 100.0});
        }
      }
    }
    HeatMapChart c = new HeatMapChartBuilder().width(760).height(560).title("QMamba needle in a haystack accuracy")
        .xAxisTitle("needle position (part of the document)").yAxisTitle("document length").build();
    c.getStyler().setShowValue(true);
    c.getStyler().setMin(0);
    c.getStyler().setMax(1);
    c.getStyler().setRangeColors(new java.awt.Color[] {new java.awt.Color(165, 0, 38), new java.awt.Color(255, 255, 191),
        new java.awt.Color(0, 104, 55)});
    c.addSeries("accuracy", xs, ys, cells);
    save(c, png);
  }

  private static void save(HeatMapChart c, Path png) {
    try {
      if (png.getParent() != null) {
        Files.createDirectories(png.getParent());
      }
      BitmapEncoder.saveBitmap(c, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new CommandException(png + ": cannot write: " + e.getMessage(), e);
    }
  }
}
