package dev.qssm.simulator.bench;

import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.bench.Machine;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.simulator.ExactBackend;
import dev.qssm.simulator.statevector.BenchProbe;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/** The {@code qssm bench simulator} measurements. */
public final class SimulatorBench {
  private SimulatorBench() {}

  private static final int LANE_QUBITS = 10;

  /** Runs the benchmark and prints a Markdown table to {@code out}; {@code quick} trims sizes for a smoke run. */
  public static void run(PrintStream out, boolean quick) {
    int cores = Runtime.getRuntime().availableProcessors();
    warmup = quick ? 0.05 : 0.3;
    out.println("## qssm exact simulator benchmark" + (quick ? " (quick)" : ""));
    out.println();
    out.println(Machine.describe());
    out.println("Medians of several repetitions after warm-up; on a shared machine expect noise.");
    out.println();
    gates(out, quick ? new int[] {8, 10} : new int[] {12, 16, 20, 24}, cores, quick ? 3 : 5, quick ? 1 << 16 : 1 << 22);
    out.println();
    projection(out, quick ? 5 : 10, quick ? 64 : 6272, cores, quick ? 1 : 3);
  }


  private static double median(double[] xs) {
    var s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** Seconds of warm-up (JIT compilation) before each measurement. */
  private static double warmup = 0.3;

  /** Median seconds of {@code reps} runs after at least two warm-up runs. */
  private static double time(int reps, Runnable r) {
    long until = System.nanoTime() + (long) (warmup * 1e9);
    for (int i = 0; i < 2 || System.nanoTime() < until; i++) {
      r.run();
    }
    var t = new double[reps];
    for (int i = 0; i < reps; i++) {
      long start = System.nanoTime();
      r.run();
      t[i] = (System.nanoTime() - start) / 1e9;
    }
    return median(t);
  }

  // ---------------------------------------------------------------- gates

  private record GateCase(String name, IntFunction<List<GateOperation>> ops) {}

  private static List<GateOperation> everyQubit(int n, Gate g, double... angles) {
    var list = new ArrayList<GateOperation>();
    var as = Arrays.stream(angles).mapToObj(Angle::constant).toList();
    for (int q = 0; q < n; q++) {
      list.add(g.numQubits() == 1 ? GateOperation.of(g, as, q) : GateOperation.of(g, as, q, (q + 1) % n));
    }
    return list;
  }

  private static void gates(PrintStream out, int[] sizes, int cores, int reps, int minAmps) {
    var cases = List.of(
        new GateCase("rx", n -> everyQubit(n, Gate.RX, 0.3)),
        new GateCase("h", n -> everyQubit(n, Gate.H)),
        new GateCase("cx", n -> everyQubit(n, Gate.CX)),
        new GateCase("rxx", n -> everyQubit(n, Gate.RXX, 0.4)));
    out.println("### Gates: ns per gate per amplitude (each gate applied once on every qubit, averaged)");
    out.println();
    out.printf(Locale.ROOT, "| qubits | gate | 1 thread | %d threads | ms/gate (1 thread) | bound 1 thread | bound %d threads"
        + " | x bound (1 thread) | x bound (%d threads) |%n", cores, cores, cores);
    out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    try (var one = new BenchProbe(1, LANE_QUBITS); var all = new BenchProbe(cores, LANE_QUBITS)) {
      for (int n : sizes) {
        double amps = Math.pow(2, n);
        var s1 = one.state(n);
        var sN = all.state(n);
        int passes = Math.max(1, minAmps >> n);
        double bound1 = time(reps, () -> {
          for (int i = 0; i < passes; i++) {
            one.stream(s1, 1.0);
          }
        }) / passes / amps * 1e9;
        double boundN = time(reps, () -> {
          for (int i = 0; i < passes; i++) {
            all.stream(sN, 1.0);
          }
        }) / passes / amps * 1e9;
        for (var gc : cases) {
          var ops = gc.ops().apply(n).stream().map(op -> BenchProbe.compile(n, op)).toList();
          int rounds = Math.max(1, minAmps / n >> n);
          double t1 = time(reps, () -> {
            for (int r = 0; r < rounds; r++) {
              ops.forEach(op -> one.apply(s1, op));
            }
          }) / rounds / ops.size() / amps * 1e9;
          double tN = time(reps, () -> {
            for (int r = 0; r < rounds; r++) {
              ops.forEach(op -> all.apply(sN, op));
            }
          }) / rounds / ops.size() / amps * 1e9;
          out.printf(Locale.ROOT, "| %d | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f | %.2f |%n", n, gc.name(), t1, tN,
              t1 * amps / 1e6, bound1, boundN, t1 / bound1, tN / boundN);
        }
      }
    }
    out.println();
    out.println("Bound: one streaming read+write pass over the same re/im arrays (32 bytes per amplitude).");
  }

  // ---------------------------------------------------------------- projection

  /** Amplitude-encode 2^n inputs, then 2 layers of u3 on every qubit and a CNOT ring; read all probabilities. */
  static Circuit projectionCircuit(int n, int layers) {
    var b = Circuit.builder(n);
    var qs = new int[n];
    Arrays.setAll(qs, i -> i);
    b.amplitudeEncoding(Parameter.vector("x", 1 << n, ParameterKind.INPUT), qs);
    var w = Parameter.vector("w", 3 * n * layers, ParameterKind.WEIGHT);
    int k = 0;
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) {
        b.gate(Gate.U3, List.of(Angle.of(w.get(k++)), Angle.of(w.get(k++)), Angle.of(w.get(k++))), q);
      }
      for (int q = 0; q < n; q++) {
        b.cx(q, (q + 1) % n);
      }
    }
    return b.build();
  }

  private static void projection(PrintStream out, int n, int rows, int cores, int reps) {
    int dim = 1 << n;
    int layers = 2;
    var c = projectionCircuit(n, layers);
    var rnd = new Random(1);
    var weights = new double[3 * n * layers];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = rnd.nextDouble() * 2 * Math.PI;
    }
    var bindings = new double[rows][];
    for (int r = 0; r < rows; r++) {
      var row = new double[dim + weights.length];
      for (int i = 0; i < dim; i++) {
        row[i] = rnd.nextGaussian();
      }
      System.arraycopy(weights, 0, row, dim, weights.length);
      bindings[r] = row;
    }
    var task = Task.builder(c).bindings(bindings).readout(Readout.probabilities()).build();
    var cot = new double[rows][dim];
    for (var row : cot) {
      for (int i = 0; i < dim; i++) {
        row[i] = rnd.nextGaussian();
      }
    }
    var cots = java.util.Collections.singletonList(cot);
    // the classical linear layer of the same shape: Y = X W, dX = dY Wᵀ, dW = Xᵀ dY
    var x = new double[rows][dim];
    var wm = new double[dim][dim];
    var y = new double[rows][dim];
    var dx = new double[rows][dim];
    var dw = new double[dim][dim];
    for (int i = 0; i < rows; i++) {
      x[i] = Arrays.copyOf(bindings[i], dim);
    }
    for (var row : wm) {
      for (int j = 0; j < dim; j++) {
        row[j] = rnd.nextGaussian();
      }
    }
    double gemmFwd;
    double gemmAll;
    try (var probe = new BenchProbe(cores, LANE_QUBITS)) {
      gemmFwd = time(reps, () -> probe.multiply(x, wm, false, y));
      gemmAll = time(reps, () -> {
        probe.multiply(x, wm, false, y);
        probe.multiply(cot, wm, true, dx);
        probe.multiplyTransposedA(x, cot, dw);
      });
    }
    out.printf(Locale.ROOT, "### %d-qubit amplitude-encoded projection, %d rows (%d layers of u3 + CNOT ring, %d gates),"
        + " %d threads%n%n", n, rows, layers, c.instructions().size() - 1, cores);
    out.println("| | forward (ms) | forward+backward (ms) | x matrix product (forward) | x matrix product (fwd+bwd) |");
    out.println("|---|---:|---:|---:|---:|");
    out.printf(Locale.ROOT, "| real matrix product %dx%d · %dx%d (fwd+bwd = 3 products) | %.1f | %.1f | 1.00 | 1.00 |%n",
        rows, dim, dim, dim, gemmFwd * 1e3, gemmAll * 1e3);
    for (var mode : List.of("always", "never")) {
      try (var b = new ExactBackend(BackendConfig.of("exact", Map.of("fastPath", mode, "threads", cores)))) {
        double fwd = time(reps, () -> b.run(task));
        double all = time(reps, () -> {
          b.run(task);
          b.vjp(List.of(task), cots);
        });
        String name = mode.equals("always") ? "quantum, matrix-product path" : "quantum, gate path (batched adjoint)";
        out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %.2f |%n", name, fwd * 1e3, all * 1e3, fwd / gemmFwd,
            all / gemmAll);
      }
    }
  }
}
