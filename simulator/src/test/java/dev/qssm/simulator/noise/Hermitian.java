package dev.qssm.simulator.noise;

import dev.qssm.simulator.density.DensityMatrix;

/** Smallest eigenvalue of a Hermitian matrix by Jacobi rotations on its real 2d x 2d embedding. */
final class Hermitian {
  private Hermitian() {}

  static double minEigenvalue(DensityMatrix rho, int d) {
    int m = 2 * d;
    var a = new double[m][m];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double re = rho.get(i, j)[0];
        double im = rho.get(i, j)[1];
        a[i][j] = re;
        a[i + d][j + d] = re;
        a[i][j + d] = -im;
        a[i + d][j] = im;
      }
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int p = 0; p < m; p++) {
        for (int q = p + 1; q < m; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off < 1e-30) {
        break;
      }
      for (int p = 0; p < m; p++) {
        for (int q = p + 1; q < m; q++) {
          if (Math.abs(a[p][q]) < 1e-300) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < m; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < m; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
        }
      }
    }
    double min = Double.MAX_VALUE;
    for (int i = 0; i < m; i++) {
      min = Math.min(min, a[i][i]);
    }
    return min;
  }
}
