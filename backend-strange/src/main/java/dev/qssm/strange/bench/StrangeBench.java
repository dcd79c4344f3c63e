package dev.qssm.strange.bench;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.bench.Machine;
import dev.qssm.circuit.Circuit;
import dev.qssm.strange.StrangeBackend;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.redfx.strange.Program;
import org.redfx.strange.Step;
import org.redfx.strange.gate.Cnot;
import org.redfx.strange.gate.R;
import org.redfx.strange.gate.RotationX;
import org.redfx.strange.gate.RotationY;
import org.redfx.strange.local.SimpleQuantumExecutionEnvironment;

/**
 * The {@code qssm bench strange} measurements: the same random circuits (d layers of a random
 * rx/ry/rz on every qubit, then a CNOT ladder) on the exact simulator, on the strange backend, and
 * as a hand-built raw Strange Program (rz as {@code R}, one Step per layer and per ladder CNOT), all
 * in one run so that the ratios are comparable.
 */
public final class StrangeBench {
  private StrangeBench() {}

  private static final int LAYERS = 20;
  private static double warmupSeconds = 2;

  /** Runs the benchmark and prints a Markdown table to {@code out}; {@code quick} trims sizes for a smoke run. */
  public static void run(PrintStream out, boolean quick) {
    warmupSeconds = quick ? 0.5 : 2;
    out.println("## strange backend benchmark" + (quick ? " (quick)" : ""));
    out.println();
    out.println(Machine.describe());
    out.printf(Locale.ROOT, "Circuit: %d layers of a random rx/ry/rz on every qubit + a CNOT ladder cx(k, k+1);"
        + " exact probabilities, one binding row. Best of several rounds after warm-up, the three interleaved in each round so that other load on the machine hits them alike.%n", LAYERS);
    out.println();
    Backend exact;
    try {
      exact = Backends.create(BackendConfig.of("exact"));
    } catch (RuntimeException e) {
      out.println("The exact backend is not on the class path (" + e.getMessage() + "); nothing to compare.");
      return;
    }
    var strange = new StrangeBackend(BackendConfig.of("strange"));
    out.println("| qubits | exact ms | strange backend ms | raw Strange Program ms | strange / exact | backend / raw |");
    out.println("|---|---|---|---|---|---|");
    int[] sizes = quick ? new int[] {4, 8} : new int[] {4, 8, 10, 12};
    for (int n : sizes) {
      var rnd = new Random(1000 + n);
      var axes = new int[LAYERS][n];
      var angles = new double[LAYERS][n];
      for (int l = 0; l < LAYERS; l++) {
        for (int q = 0; q < n; q++) {
          axes[l][q] = rnd.nextInt(3);
          angles[l][q] = (rnd.nextDouble() * 2 - 1) * Math.PI;
        }
      }
      var task = Task.builder(circuit(n, axes, angles)).readout(Readout.probabilities()).build();
      int reps = quick ? 5 : n >= 12 ? 7 : 15;
      var t = time(reps, () -> exact.run(task), () -> strange.run(task),
          () -> new SimpleQuantumExecutionEnvironment().runProgram(raw(n, axes, angles)));
      double te = t[0], ts = t[1], tr = t[2];
      out.printf(Locale.ROOT, "| %d | %.3f | %.2f | %.2f | %.0f× | %.2f |%n", n, te * 1e3, ts * 1e3, tr * 1e3,
          ts / te, ts / tr);
      out.flush();
    }
    exact.close();
  }

  private static Circuit circuit(int n, int[][] axes, double[][] angles) {
    var b = Circuit.builder(n);
    for (int l = 0; l < axes.length; l++) {
      for (int q = 0; q < n; q++) {
        double a = angles[l][q];
        if (axes[l][q] == 0) {
          b.rx(a, q);
        } else if (axes[l][q] == 1) {
          b.ry(a, q);
        } else {
          b.rz(a, q);
        }
      }
      for (int q = 0; q + 1 < n; q++) {
        b.cx(q, q + 1);
      }
    }
    return b.build();
  }

  private static Program raw(int n, int[][] axes, double[][] angles) {
    var p = new Program(n);
    for (int l = 0; l < axes.length; l++) {
      var gates = new org.redfx.strange.Gate[n];
      for (int q = 0; q < n; q++) {
        double a = angles[l][q];
        gates[q] = axes[l][q] == 0 ? new RotationX(a, q) : axes[l][q] == 1 ? new RotationY(a, q) : new R(a, q);
      }
      p.addStep(new Step(gates));
      for (int q = 0; q + 1 < n; q++) {
        p.addStep(new Step(new Cnot(q, q + 1)));
      }
    }
    return p;
  }

  /**
   * The best time of each workload over {@code reps} rounds, the workloads interleaved within each
   * round so that load from other processes falls on all of them alike, after a warm-up of each.
   */
  private static double[] time(int reps, Runnable... work) {
    for (Runnable r : work) {
      long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
      for (int i = 0; i < 3 || System.nanoTime() < until; i++) {
        r.run(); // JIT warm-up: Strange's inner loops take a few hundred runs to compile
      }
    }
    var best = new double[work.length];
    Arrays.fill(best, Double.POSITIVE_INFINITY);
    for (int i = 0; i < reps; i++) {
      for (int w = 0; w < work.length; w++) {
        long start = System.nanoTime();
        work[w].run();
        best[w] = Math.min(best[w], (System.nanoTime() - start) / 1e9);
      }
    }
    return best;
  }

}
