package dev.qssm.simulator.statevector;

import java.util.SplittableRandom;

/**
 * Exact multinomial sampling in O(shots + size) time and O(1) extra memory: the shots' uniforms are
 * generated already sorted (the minimum of k uniforms on [u, T) is u + (T - u)(1 - V^{1/k})) and
 * merged with the running sum of the probabilities in index order.
 */
final class Sampler {
  private Sampler() {}

  interface Tally {
    void add(int index, int count);
  }

  /** Sorted uniforms on [0, total), one at a time. */
  private static final class Sorted {
    private final SplittableRandom rng;
    private final double total;
    private double u;
    private int left;

    Sorted(SplittableRandom rng, int count, double total) {
      this.rng = rng;
      this.left = count;
      this.total = total;
    }

    double next() {
      double v = 1 - rng.nextDouble(); // (0, 1]
      u += (total - u) * (1 - Math.pow(v, 1.0 / left));
      left--;
      return u;
    }
  }

  /** Draws {@code shots} basis indices from |psi_i|^2 and reports them grouped by index. */
  static void sample(View v, int shots, SplittableRandom rng, Tally tally) {
    if (shots == 0) {
      return;
    }
    double total = Readouts.norm2(v);
    var sorted = new Sorted(rng, shots, total);
    int remaining = shots;
    double next = sorted.next();
    double cum = 0;
    int l = v.l();
    int lanes = v.lanes();
    int off = v.off();
    int last = 0;
    for (int a = 0; a < v.re().length && remaining > 0; a++) {
      double[] re = v.re()[a];
      double[] im = v.im()[a];
      for (int x = 0; x < lanes && remaining > 0; x++) {
        double r = re[off + x];
        double i = im[off + x];
        double p = r * r + i * i;
        cum += p;
        int index = (a << l) | x;
        if (p > 0) {
          last = index;
        }
        int c = 0;
        while (remaining > 0 && next < cum) {
          c++;
          if (--remaining > 0) {
            next = sorted.next();
          }
        }
        if (c > 0) {
          tally.add(index, c);
        }
      }
    }
    if (remaining > 0) {
      tally.add(last, remaining);
    }
  }
}
