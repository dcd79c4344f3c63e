package dev.qssm.simulator.statevector;

/**
 * A gate's target matrix (dim x dim, row-major, index bit j = j-th target), either one matrix shared
 * by every lane or one per lane ({@code lre[entry][lane]}) when the angles differ between rows.
 */
final class Mat {
  final int dim;
  final double[] re;
  final double[] im;
  final double[][] lre;
  final double[][] lim;

  private Mat(int dim, double[] re, double[] im, double[][] lre, double[][] lim) {
    this.dim = dim;
    this.re = re;
    this.im = im;
    this.lre = lre;
    this.lim = lim;
  }

  static Mat shared(int dim, double[] re, double[] im) {
    return new Mat(dim, re, im, null, null);
  }

  static Mat perLane(int dim, int lanes) {
    return new Mat(dim, null, null, new double[dim * dim][lanes], new double[dim * dim][lanes]);
  }

  boolean isShared() {
    return re != null;
  }

  /** The conjugate transpose. */
  Mat adjoint() {
    if (isShared()) {
      var r = new double[dim * dim];
      var i = new double[dim * dim];
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          r[b * dim + a] = re[a * dim + b];
          i[b * dim + a] = -im[a * dim + b];
        }
      }
      return shared(dim, r, i);
    }
    int lanes = lre[0].length;
    var m = perLane(dim, lanes);
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        System.arraycopy(lre[a * dim + b], 0, m.lre[b * dim + a], 0, lanes);
        var src = lim[a * dim + b];
        var dst = m.lim[b * dim + a];
        for (int x = 0; x < lanes; x++) {
          dst[x] = -src[x];
        }
      }
    }
    return m;
  }

  /** True when the shared matrix is the identity (nothing to apply). */
  boolean isIdentity() {
    if (!isShared()) {
      return false;
    }
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        if (re[a * dim + b] != (a == b ? 1 : 0) || im[a * dim + b] != 0) {
          return false;
        }
      }
    }
    return true;
  }
}
