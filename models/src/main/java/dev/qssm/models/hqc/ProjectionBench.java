package dev.qssm.models.hqc;

import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.nn.Linear;
import dev.qssm.nn.Module;
import dev.qssm.qnn.QuantumProjection;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Times a quantum projection (forward, forward + backward) at HQC-Mamba's sizes against a
 * bias-free Linear of the same shape, on whatever backend it is given.
 */
public final class ProjectionBench {
  private ProjectionBench() {}

  /** The paper's projections with d_model 128, expand 4, d_state 16: in_proj, x_proj, out_proj. */
  static final int[][] SHAPES = {{128, 1024}, {512, 40}, {512, 128}};

  public static void run(PrintStream out, Backend backend, int tokens, int layers, int reps) {
    out.printf(Locale.ROOT, "Quantum projection (%d layers, CNOT ring, probabilities) on backend %s vs Linear,"
        + " %d tokens, %d threads; median of %d rounds (Linear and quantum alternate) after a warm-up of at least"
        + " %d rounds and %d s%n%n", layers, backend.name(), tokens, Runtime.getRuntime().availableProcessors(), reps,
        WARMUP_ROUNDS, WARMUP_NANOS / 1_000_000_000L);
    out.println("| shape | qubits | Linear fwd ms | quantum fwd ms | Linear fwd+bwd ms | quantum fwd+bwd ms"
        + " | quantum / Linear (fwd+bwd) | quantum / Linear (fwd+bwd CPU) |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (int[] s : SHAPES) {
      var rng = new SplittableRandom(1);
      var x = new double[tokens * s[0]];
      for (int i = 0; i < x.length; i++) {
        x[i] = rng.nextDouble() * 2 - 1;
      }
      var q = new QuantumProjection(backend, s[0], s[1], QuantumProjection.Options.defaults().withLayers(layers), rng);
      var lin = new Linear(s[0], s[1], false, rng);
      List<Supplier<Double>> calls = List.of(
          () -> forward(lin, x, tokens, s[0], false),
          () -> forward(q, x, tokens, s[0], false),
          () -> forward(lin, x, tokens, s[0], true),
          () -> forward(q, x, tokens, s[0], true));
      var t = time(reps, calls);
      out.printf(Locale.ROOT, "| %d -> %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |%n", s[0], s[1], q.qubits(),
          t[0][0], t[1][0], t[2][0], t[3][0], t[3][0] / t[2][0], t[3][1] / t[2][1]);
    }
    out.printf(Locale.ROOT, "%nload average at the end: %.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static double forward(Module m, double[] x, int tokens, int in, boolean backward) {
    var t = Tensor.variable(x.clone(), tokens, in);
    var y = m.forward(t);
    if (backward) {
      var seed = new double[y.size()];
      Arrays.fill(seed, 1e-3);
      y.backward(seed);
      m.zeroGrad();
    }
    return y.data()[0];
  }

  // The JIT needs several calls of each shape before its vectorised loops run (Linear 512 -> 40:
  // 233, 81, 99, 81, 71, 56, ... 50 ms), so a single warm-up call overstated both sides. The calls
  // alternate within each round so that both sides meet the same heap and machine state.
  private static final int WARMUP_ROUNDS = 5;
  private static final long WARMUP_NANOS = 2_000_000_000L;

  /** Per call: median wall ms and mean process CPU ms (CPU time is what a shared machine does not distort). */
  private static double[][] time(int reps, List<Supplier<Double>> calls) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long start = System.nanoTime();
    for (int i = 0; i < WARMUP_ROUNDS || System.nanoTime() - start < WARMUP_NANOS; i++) {
      calls.forEach(Supplier::get);
    }
    var ms = new double[calls.size()][reps];
    var cpu = new double[calls.size()];
    for (int r = 0; r < reps; r++) {
      for (int c = 0; c < calls.size(); c++) {
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        calls.get(c).get();
        ms[c][r] = (System.nanoTime() - t0) / 1e6;
        cpu[c] += (os.getProcessCpuTime() - cpu0) / 1e6 / reps;
      }
    }
    var out = new double[calls.size()][];
    for (int c = 0; c < calls.size(); c++) {
      Arrays.sort(ms[c]);
      out[c] = new double[] {ms[c][reps / 2], cpu[c]};
    }
    return out;
  }
}
