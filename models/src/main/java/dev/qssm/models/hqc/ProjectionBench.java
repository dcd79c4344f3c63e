package dev.qssm.models.hqc;

import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.nn.Linear;
import dev.qssm.nn.Module;
import dev.qssm.qnn.QuantumProjection;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
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
        + " %d tokens, %d threads; median of %d after one warm-up%n%n", layers, backend.name(), tokens,
        Runtime.getRuntime().availableProcessors(), reps);
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
      double lf = time(reps, () -> forward(lin, x, tokens, s[0], false))[0];
      double qf = time(reps, () -> forward(q, x, tokens, s[0], false))[0];
      double[] lb = time(reps, () -> forward(lin, x, tokens, s[0], true));
      double[] qb = time(reps, () -> forward(q, x, tokens, s[0], true));
      out.printf(Locale.ROOT, "| %d -> %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |%n", s[0], s[1], q.qubits(),
          lf, qf, lb[0], qb[0], qb[0] / lb[0], qb[1] / lb[1]);
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

  /** Median wall ms and mean process CPU ms per call (CPU time is what a shared machine does not distort). */
  private static double[] time(int reps, Supplier<Double> f) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    f.get();
    var ms = new double[reps];
    long cpu0 = os.getProcessCpuTime();
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      f.get();
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e6 / reps;
    Arrays.sort(ms);
    return new double[] {ms[reps / 2], cpu};
  }
}
