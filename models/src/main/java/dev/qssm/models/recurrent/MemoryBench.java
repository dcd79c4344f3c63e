package dev.qssm.models.recurrent;

import dev.qssm.QssmException;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.bench.Machine;
import dev.qssm.models.qlam.Qlam;
import dev.qssm.models.qlam.QlamConfig;
import dev.qssm.models.qrnn.Qrnn;
import dev.qssm.models.qrnn.QrnnConfig;
import dev.qssm.models.train.Classifier;
import dev.qssm.optim.Adam;
import dev.qssm.optim.Optimizer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times QLAM or QRNN training steps (forward, cross-entropy backward, AdamW) on a backend: steps
 * per second at several memory sizes on row-wise sMNIST shapes (28 tokens of 28 pixels), then the
 * cost of one step against the sequence length, which a recurrent model must keep linear.
 */
public final class MemoryBench {
  private MemoryBench() {}

  public static void run(PrintStream out, Backend backend, String model, int batch, int reps, boolean quick) {
    if (!model.equals("qlam") && !model.equals("qrnn")) {
      throw new QssmException("memory benchmark for '" + model + "': choose qlam or qrnn");
    }
    out.println(Machine.describe());
    out.printf(Locale.ROOT, "%s training steps on backend %s: batch %d, 1 layer, ry,rz inputs, RZZ ring, default"
        + " readouts%s; median of %d after a warm-up%n%n", model, backend.name(), batch,
        model.equals("qrnn") ? ", feedback window 4" : "", reps);
    int[] sizes = quick ? new int[] {4, 6} : new int[] {8, 10, 12};
    step(backend, model, sizes[0], 4, batch, 28, 28, quick ? 1 : 5); // JIT warm-up, not reported
    out.println("| qubits | tokens x pixels | ms / step | steps / s | sequences / s |");
    out.println("|---:|---|---:|---:|---:|");
    for (int n : sizes) {
      double ms = step(backend, model, n, 4, batch, 28, 28, reps); // QRNN: the default feedback window
      out.printf(Locale.ROOT, "| %d | 28 x 28 | %.1f | %.2f | %.1f |%n", n, ms, 1000 / ms, batch * 1000 / ms);
    }
    int n = quick ? 4 : 8;
    int[] lengths = quick ? new int[] {7, 14} : new int[] {14, 28, 56, 112};
    int[] windows = model.equals("qrnn") ? new int[] {4, 0} : new int[] {0};
    out.printf(Locale.ROOT, "%nCost against sequence length, %d qubits, 28 pixels per token%s%n%n", n,
        model.equals("qrnn") ? " (QRNN: feedback window 4, linear; and 0 = whole prefix, quadratic)" : "");
    out.println(model.equals("qrnn") ? "| tokens L | window | ms / step | ms / step / token |"
        : "| tokens L | ms / step | ms / step / token |");
    out.println(model.equals("qrnn") ? "|---:|---:|---:|---:|" : "|---:|---:|---:|");
    for (int len : lengths) {
      for (int w : windows) {
        if (w == 0 && model.equals("qrnn") && len > 56) {
          continue; // the whole-prefix feedback is quadratic: the shorter lengths show it
        }
        double ms = step(backend, model, n, w, batch, len, 28, reps);
        if (model.equals("qrnn")) {
          out.printf(Locale.ROOT, "| %d | %d | %.1f | %.2f |%n", len, w, ms, ms / len);
        } else {
          out.printf(Locale.ROOT, "| %d | %.1f | %.2f |%n", len, ms, ms / len);
        }
      }
    }
    out.printf(Locale.ROOT, "%nload average at the end: %.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static double step(Backend backend, String model, int qubits, int window, int batch, int len, int dIn,
      int reps) {
    var rng = new SplittableRandom(1);
    Classifier c = model.equals("qlam")
        ? new Qlam(QlamConfig.defaults(dIn, 10).withQubits(qubits), backend, 0, rng)
        : new Qrnn(QrnnConfig.defaults(dIn, 10).withQubits(qubits).withWindow(window), backend, 0, rng);
    var x = new double[batch * len * dIn];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble();
    }
    var labels = new int[batch];
    Arrays.setAll(labels, i -> i % 10);
    Optimizer opt = Adam.adamW(c.groups(1e-3, 0.01), 0.9, 0.999, 1e-8);
    var input = Tensor.of(x, batch, len, dIn);
    Runnable once = () -> {
      var loss = Ops.crossEntropy(c.module().forward(input), labels);
      loss.backward();
      opt.step();
      opt.zeroGrad();
    };
    once.run();
    var ms = new double[reps];
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      once.run();
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[reps / 2];
  }
}
