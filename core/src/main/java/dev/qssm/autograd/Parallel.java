package dev.qssm.autograd;

import java.util.stream.IntStream;

/**
 * Splits elementwise and row-wise loops over the common fork-join pool. Pieces depend only on the
 * size (never on the thread count), each index belongs to exactly one piece and reductions add the
 * pieces' partial sums in piece order, so results are the same on every run and every machine.
 */
final class Parallel {
  /** Below this many units of work (elements, or row elements) one thread does everything. */
  static final int GRAIN = 1 << 14;
  private static final int MAX_PIECES = 32;

  /** A loop body over indices {@code lo..hi-1}. */
  interface Body {
    void run(int lo, int hi);
  }

  /** A loop body over {@code lo..hi-1} that adds its contribution into {@code partial}. */
  interface Reduction {
    void run(int lo, int hi, double[] partial);
  }

  private Parallel() {}

  /** How many pieces {@code n} items of {@code cost} work each are cut into. */
  static int pieces(int n, long cost) {
    long total = (long) n * Math.max(1, cost);
    return (int) Math.max(1, Math.min(Math.min(MAX_PIECES, n), total / GRAIN));
  }

  /** Runs {@code body} over {@code 0..n-1}, each item costing about {@code cost} elements of work. */
  static void range(int n, long cost, Body body) {
    int pieces = pieces(n, cost);
    if (pieces == 1) {
      body.run(0, n);
      return;
    }
    IntStream.range(0, pieces).parallel().forEach(p -> body.run(lo(n, pieces, p), lo(n, pieces, p + 1)));
  }

  /**
   * Runs {@code body} over {@code 0..n-1} with a private zeroed {@code width}-long partial per
   * piece, then adds the partials into {@code target} in piece order.
   */
  static void reduce(int n, long cost, int width, double[] target, Reduction body) {
    int pieces = pieces(n, cost);
    if (pieces == 1) {
      var partial = new double[width];
      body.run(0, n, partial);
      addInto(target, partial);
      return;
    }
    var partials = new double[pieces][];
    IntStream.range(0, pieces).parallel().forEach(p -> {
      partials[p] = new double[width];
      body.run(lo(n, pieces, p), lo(n, pieces, p + 1), partials[p]);
    });
    for (var partial : partials) {
      addInto(target, partial);
    }
  }

  private static void addInto(double[] target, double[] partial) {
    for (int i = 0; i < partial.length; i++) {
      target[i] += partial[i];
    }
  }

  private static int lo(int n, int pieces, int p) {
    return (int) ((long) n * p / pieces);
  }
}
