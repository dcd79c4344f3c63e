package dev.qssm.models.qmamba;

import dev.qssm.backend.Backend;
import dev.qssm.backend.Task;
import dev.qssm.bench.Machine;
import dev.qssm.gradient.ParameterShift;
import dev.qssm.optim.Adam;
import dev.qssm.optim.ParamGroup;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * {@code qssm bench qmamba}: training steps per second on the pattern task (backend vjp against the
 * parameter-shift rule on the same backend) on a small model and at the size the pattern results were
 * trained at, the time to generate 100 characters, and the cost of one forward pass against sequence
 * length.
 */
public final class QMambaBench {
  private QMambaBench() {}

  /**
   * @param backends name -> backend to time (each gets the same model sizes)
   * @param quick small sizes and few repetitions, for a smoke run
   */
  public static void run(PrintStream out, List<Backend> backends, boolean quick) {
    out.println("QMamba benchmark: " + Machine.describe());
    var cfg = new QMambaConfig(4, 2, 2, 4, 2, 4, 6, true);
    int reps = quick ? 1 : 3;
    int window = quick ? 3 : 6;
    out.printf(Locale.ROOT, "model: k 4, q_in 2, %d state qubits (%d qubits), %d weights (A %d, B %d, C %d, Δ %d"
        + " layers); pattern task, batch 4, window %d%n%n", cfg.stateQubits(), cfg.numQubits(), cfg.weightCount(),
        cfg.layersA(), cfg.layersB(), cfg.layersC(), cfg.layersDelta(), window);
    out.println("| backend | training step (s) | steps/s | parameter-shift step (s) | speed-up |");
    out.println("|---|---|---|---|---|");
    for (var b : backends) {
      var model = new QMamba(b, cfg, new SplittableRandom(1));
      var seqs = windows(model, 4, window);
      double step = stepSeconds(model, seqs, 1, reps);
      // the same gradient by the shift rule (forward of the shifted circuits in one batch)
      double shift = Double.NaN;
      if (!quick) {
        Task task = model.task(seqs);
        var cot = new double[seqs.length][task.resultSize()];
        for (var row : cot) {
          java.util.Arrays.fill(row, 1);
        }
        shift = median(1, () -> {
          ParameterShift.vjp(b, List.of(task), List.<double[][]>of(cot));
          return 0.0;
        });
      }
      out.printf(Locale.ROOT, "| %s | %.3f | %.2f | %.1f | %.0fx |%n", b.name(), step, 1 / step, shift, shift / step);
    }
    out.println();
    // the size the pattern results were trained at (parameter shift there would take minutes per step)
    var trained = QMambaConfig.ofBudget(4, 2, 2, quick ? 100 : 1200, true);
    int tw = quick ? 5 : 12;
    out.printf(Locale.ROOT, "trained size: %d weights (A %d, B %d, C %d, Δ %d layers), batch 8, window %d%n%n",
        trained.weightCount(), trained.layersA(), trained.layersB(), trained.layersC(), trained.layersDelta(), tw);
    out.println("| backend | training step (s) | steps/s |");
    out.println("|---|---|---|");
    for (var b : backends) {
      var model = new QMamba(b, trained, new SplittableRandom(1));
      double step = stepSeconds(model, windows(model, 8, tw), PatternTrainer.MIN_CONTEXT, reps);
      out.printf(Locale.ROOT, "| %s | %.3f | %.2f |%n", b.name(), step, 1 / step);
    }
    out.println();
    var b = backends.get(0);
    var model = new QMamba(b, cfg, new SplittableRandom(1));
    var codec = PatternTrainer.codec(4, 2);
    boolean session = b.session(cfg.numQubits()).isPresent();
    out.printf(Locale.ROOT, "generation on %s from a 4-character prompt, greedy (%s)%n%n", b.name(), session
        ? "a session keeps the state: each character is one step" : "no session: each character re-runs the prefix");
    out.println("| characters | seconds | ms per character |");
    out.println("|---|---|---|");
    for (int gen : quick ? new int[] {10} : new int[] {25, 50, 100}) {
      double g = median(1, () -> {
        model.generate(codec.encode("zero"), gen, codec, 0, new SplittableRandom(0));
        return 0.0;
      });
      out.printf(Locale.ROOT, "| %d | %.3f | %.2f |%n", gen, g, 1000 * g / gen);
    }
    out.println();
    out.println("| sequence length | forward, 1 sequence (s) | per token (ms) | forward + backward (s) |");
    out.println("|---|---|---|---|");
    int[] lengths = quick ? new int[] {5, 10} : new int[] {10, 20, 40, 80};
    for (int n : lengths) {
      var seq = new int[][] {new PatternTrainer(model, codec).window(0, n)};
      double f = median(reps, () -> {
        model.forward(seq);
        return 0.0;
      });
      double fb = median(reps, () -> {
        model.loss(seq).backward();
        return 0.0;
      });
      out.printf(Locale.ROOT, "| %d | %.3f | %.2f | %.3f |%n", n, f, 1000 * f / n, fb);
    }
  }

  /** {@code count} pattern windows of {@code length} characters at spread-out starts. */
  private static int[][] windows(QMamba model, int count, int length) {
    var codec = PatternTrainer.codec(4, 2);
    var trainer = new PatternTrainer(model.codec(codec), codec);
    var seqs = new int[count][];
    for (int r = 0; r < count; r++) {
      seqs[r] = trainer.window(7 * r, length);
    }
    return seqs;
  }

  /** Median seconds of one Adam step (forward, backward, update) on {@code seqs}. */
  private static double stepSeconds(QMamba model, int[][] seqs, int minContext, int reps) {
    var opt = Adam.adam(List.of(new ParamGroup(model.parameters(), 0.01, 0)), 0.9, 0.999, 1e-8);
    return median(reps, () -> {
      opt.zeroGrad();
      model.loss(seqs, minContext).backward();
      opt.step();
      return 0.0;
    });
  }

  private static double median(int reps, Supplier<Double> body) {
    body.get(); // warm-up
    var t = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      body.get();
      t[i] = (System.nanoTime() - t0) / 1e9;
    }
    java.util.Arrays.sort(t);
    return t[reps / 2];
  }
}
