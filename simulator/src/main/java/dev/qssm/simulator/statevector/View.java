package dev.qssm.simulator.statevector;

/**
 * One state inside an {@link Amps}: amplitude {@code i} is at {@code re[i >>> l][off + (i & (2^l-1))]}.
 * A chunked state has {@code off = 0}; lane b of a batch is {@code l = 0, off = b}.
 */
record View(int n, int l, double[][] re, double[][] im, int off) {

  int lanes() {
    return 1 << l;
  }

  double prob(int i) {
    double r = re[i >>> l][off + (i & (lanes() - 1))];
    double m = im[i >>> l][off + (i & (lanes() - 1))];
    return r * r + m * m;
  }

  /** A single flat state (one array of 2^n amplitudes). */
  static View flat(int n, double[] re, double[] im) {
    return new View(n, n, new double[][] {re}, new double[][] {im}, 0);
  }
}
