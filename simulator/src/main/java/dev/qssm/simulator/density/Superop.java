package dev.qssm.simulator.density;

import dev.qssm.simulator.noise.Channel;

/**
 * A channel as one matrix on the vectorised density matrix: S[(r,c),(r',c')] = sum_K K[r,r']
 * conj(K[c,c']), local index {@code c + (r << k)}. Also keeps sum K†K pieces for trajectories.
 */
final class Superop {
  final int k;
  final double[] re;
  final double[] im;

  private Superop(int k, double[] re, double[] im) {
    this.k = k;
    this.re = re;
    this.im = im;
  }

  /** The Hilbert-Schmidt adjoint (the channel's Heisenberg picture Σ K† X K): S's conjugate transpose. */
  static Superop adjointOf(Superop s) {
    int dd = 1 << (2 * s.k);
    var re = new double[dd * dd];
    var im = new double[dd * dd];
    for (int r = 0; r < dd; r++) {
      for (int c = 0; c < dd; c++) {
        re[c * dd + r] = s.re[r * dd + c];
        im[c * dd + r] = -s.im[r * dd + c];
      }
    }
    return new Superop(s.k, re, im);
  }

  Superop(Channel ch) {
    k = ch.numQubits();
    int d = 1 << k;
    int dd = d * d;
    re = new double[dd * dd];
    im = new double[dd * dd];
    for (var m : ch.kraus()) {
      for (int r = 0; r < d; r++) {
        for (int c = 0; c < d; c++) {
          for (int r2 = 0; r2 < d; r2++) {
            double ar = m.re(r, r2);
            double ai = m.im(r, r2);
            if (ar == 0 && ai == 0) {
              continue;
            }
            for (int c2 = 0; c2 < d; c2++) {
              double br = m.re(c, c2);
              double bi = -m.im(c, c2);
              int row = c + (r << k);
              int col = c2 + (r2 << k);
              re[row * dd + col] += ar * br - ai * bi;
              im[row * dd + col] += ar * bi + ai * br;
            }
          }
        }
      }
    }
  }
}
