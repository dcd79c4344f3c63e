package dev.qssm.models.train;

import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.models.mamba.MambaClassifier;
import dev.qssm.models.mamba.MambaConfig;
import dev.qssm.nn.Module;
import dev.qssm.optim.Adam;
import dev.qssm.optim.ParamGroup;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times one training step (forward, backward, Adam) of the Mamba classifier for the three
 * configurations and sets them beside PyTorch 1.13's measured seconds per step on the same kind of
 * machine (2 threads, float32, token-by-token scan, mean pooling).
 */
public final class TrainingBench {
  /** A benchmark configuration and PyTorch's time for it. */
  public record Case(String name, MambaConfig model, int length, int batch, double torchSeconds) {}

  public static final List<Case> CASES = List.of(
      new Case("a", MambaConfig.of(128, 2, 4, 16), 784, 8, 7.1),
      new Case("b", MambaConfig.of(32, 2, 2, 16), 784, 32, 1.7),
      new Case("c", MambaConfig.of(64, 1, 2, 16), 196, 32, 0.46));

  private TrainingBench() {}

  public static void run(PrintStream out, int steps, List<String> only) {
    run(out, steps, only, "Mamba", cfg -> new MambaClassifier(cfg, new SplittableRandom(0)));
  }

  /** Times the step of the model {@code factory} builds for each configuration (e.g. HQC-Mamba on a backend). */
  public static void run(PrintStream out, int steps, List<String> only, String label,
      java.util.function.Function<MambaConfig, Module> factory) {
    out.printf("%s training step (forward + backward + Adam), float64, %d threads, %d timed step(s) after one warm-up%n%n",
        label, Runtime.getRuntime().availableProcessors(), steps);
    out.println("| config | qssm s/step | qssm CPU s/step | PyTorch s/step | qssm / PyTorch | peak heap MB |");
    out.println("|---|---|---|---|---|---|");
    for (var c : CASES) {
      if (!only.isEmpty() && !only.contains(c.name())) {
        continue;
      }
      var r = time(c, factory.apply(c.model()), steps);
      out.printf(Locale.ROOT, "| %s: d_model %d, %d layers, expand %d, L %d, batch %d | %.3f | %.3f | %.2f | %.2f | %.0f |%n",
          c.name(), c.model().dModel(), c.model().nLayers(), c.model().expand(), c.length(), c.batch(), r[0], r[2],
          c.torchSeconds(), r[0] / c.torchSeconds(), r[1]);
      out.flush();
    }
  }

  /** Seconds per step (median of {@code steps}), peak heap in MB, process CPU seconds per step. */
  static double[] time(Case c, Module model, int steps) {
    var opt = Adam.adam(List.of(new ParamGroup(model.parameters(), 1e-3, 0)), 0.9, 0.999, 1e-8);
    var rng = new SplittableRandom(1);
    var x = new double[c.batch() * c.length()];
    var labels = new int[c.batch()];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble();
    }
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rng.nextInt(10);
    }
    var input = Tensor.of(x, c.batch(), c.length(), 1);
    System.gc();
    var pools = ManagementFactory.getMemoryPoolMXBeans();
    pools.forEach(p -> p.resetPeakUsage());
    var times = new double[steps];
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = 0;
    for (int s = -1; s < steps; s++) {
      if (s == 0) {
        cpu0 = os.getProcessCpuTime();
      }
      long t0 = System.nanoTime();
      var loss = Ops.crossEntropy(model.forward(input), labels);
      loss.backward();
      opt.step();
      opt.zeroGrad();
      if (s >= 0) {
        times[s] = (System.nanoTime() - t0) / 1e9;
      }
    }
    long peak = 0;
    for (var p : pools) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9 / steps;
    java.util.Arrays.sort(times);
    return new double[] {times[steps / 2], peak / 1e6, cpu};
  }

  /** {@code TrainingBench [steps] [configs...]}. */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    run(System.out, steps, args.length > 1 ? List.of(args).subList(1, args.length) : List.of());
  }
}
