package dev.qssm.models.qlam;

import dev.qssm.autograd.Tensor;

/** Softmax over the last dimension, as one op (autograd has no row-wise sum to compose it from). */
final class Softmax {
  private Softmax() {}

  static Tensor last(Tensor a) {
    int c = a.dim(-1), rows = a.size() / c;
    var x = a.data();
    var y = new double[x.length];
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, x[r * c + j]);
      }
      double s = 0;
      for (int j = 0; j < c; j++) {
        y[r * c + j] = Math.exp(x[r * c + j] - max);
        s += y[r * c + j];
      }
      for (int j = 0; j < c; j++) {
        y[r * c + j] /= s;
      }
    }
    return Tensor.custom(y, a.shape(), (g, grads) -> {
      for (int r = 0; r < rows; r++) {
        double dot = 0;
        for (int j = 0; j < c; j++) {
          dot += g[r * c + j] * y[r * c + j];
        }
        for (int j = 0; j < c; j++) {
          grads[0][r * c + j] += y[r * c + j] * (g[r * c + j] - dot);
        }
      }
    }, a);
  }
}
