package dev.qssm.simulator.sampling;

import java.util.SplittableRandom;

/**
 * Seeded sampling for every simulator engine, in O(shots + size): multinomial counts by merging sorted uniforms (the minimum
 * of k uniforms on [u, T) is u + (T - u)(1 - V^{1/k})) with the running sum of the weights.
 */
public final class Sampling {
  private Sampling() {}

  /** Shot counts per category for non-negative (unnormalised) weights. */
  public static int[] multinomial(double[] weights, int shots, SplittableRandom rng) {
    var counts = new int[weights.length];
    double total = 0;
    for (double w : weights) {
      total += Math.max(0, w);
    }
    if (shots == 0 || total <= 0) {
      return counts;
    }
    int left = shots;
    double u = 0;
    double next = 0;
    double cum = 0;
    int last = 0;
    boolean need = true;
    for (int i = 0; i < weights.length && left > 0; i++) {
      double w = Math.max(0, weights[i]);
      cum += w;
      if (w > 0) {
        last = i;
      }
      while (left > 0) {
        if (need) {
          double v = 1 - rng.nextDouble();
          u += (total - u) * (1 - Math.pow(v, 1.0 / left));
          next = u;
          need = false;
        }
        if (next < cum) {
          counts[i]++;
          left--;
          need = true;
        } else {
          break;
        }
      }
    }
    counts[last] += left; // rounding at the very top of the range
    return counts;
  }

  /** Successes in {@code shots} Bernoulli(p) trials. */
  public static int binomial(int shots, double p, SplittableRandom rng) {
    int c = 0;
    for (int s = 0; s < shots; s++) {
      if (rng.nextDouble() < p) {
        c++;
      }
    }
    return c;
  }

  /** One index drawn from non-negative weights summing to {@code total}. */
  public static int draw(double[] weights, double total, SplittableRandom rng) {
    double u = rng.nextDouble() * total;
    double cum = 0;
    int last = 0;
    for (int i = 0; i < weights.length; i++) {
      cum += weights[i];
      if (weights[i] > 0) {
        last = i;
        if (u < cum) {
          return i;
        }
      }
    }
    return last;
  }

  /** An independent stream per binding row, derived from the task seed (SplitMix64 finaliser). */
  public static SplittableRandom rowStream(long seed, int row) {
    long z = seed + 0x9E3779B97F4A7C15L * (row + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new SplittableRandom(z ^ (z >>> 31));
  }

  /** {values, standard errors} of frequencies. */
  public static double[][] frequencies(int[] counts, int shots) {
    var v = new double[counts.length];
    var se = new double[counts.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = counts[i] / (double) shots;
      se[i] = Math.sqrt(v[i] * (1 - v[i]) / shots);
    }
    return new double[][] {v, se};
  }
}
