package dev.qssm.simulator.statevector;

/**
 * A blocked real matrix product on matrices stored as arrays of rows, written so that HotSpot
 * vectorises the inner loop (two rows of C against four packed rows of B at one column index).
 * Threads take disjoint row ranges of C; every element is summed in the same order whatever the
 * thread count, so results are reproducible.
 */
final class Gemm {
  private Gemm() {}

  // a packed B panel of KC x NC doubles (256 KB) stays in a core's L2 while rows of A stream past;
  // the former 256 x 512 panel (1 MB) did not: 5.7 -> 7.8 GFLOP/s per thread on 6272x128 by 128x1024
  private static final int KC = 128;
  private static final int NC = 256;
  private static final int MC = 64;

  /**
   * C (m x n) = [C +] op(A) op(B), op(A) m x k and op(B) k x n; with {@code transA} A is stored k x m,
   * with {@code transB} B is stored n x k.
   */
  static void multiply(double[][] a, boolean transA, double[][] b, boolean transB, double[][] c, boolean accumulate,
      int m, int n, int k, Par par) {
    par.range(m, (long) n * k / 8, (from, to) -> part(a, transA, b, transB, c, accumulate, from, to, n, k));
  }

  private static void part(double[][] a, boolean transA, double[][] b, boolean transB, double[][] c,
      boolean accumulate, int i0, int i1, int n, int k) {
    if (!accumulate) {
      for (int i = i0; i < i1; i++) {
        java.util.Arrays.fill(c[i], 0, n, 0);
      }
    }
    var ap = new double[MC * KC];
    var bp = new double[KC * NC];
    for (int j0 = 0; j0 < n; j0 += NC) {
      int nc = Math.min(NC, n - j0);
      for (int k0 = 0; k0 < k; k0 += KC) {
        int kc = Math.min(KC, k - k0);
        packB(b, transB, bp, k0, kc, j0, nc);
        for (int ii = i0; ii < i1; ii += MC) {
          int mc = Math.min(MC, i1 - ii);
          packA(a, transA, ap, ii, mc, k0, kc);
          kernel(ap, bp, c, ii, mc, j0, nc, kc);
        }
      }
    }
  }

  private static void packB(double[][] b, boolean transB, double[] bp, int k0, int kc, int j0, int nc) {
    if (!transB) {
      for (int kk = 0; kk < kc; kk++) {
        System.arraycopy(b[k0 + kk], j0, bp, kk * NC, nc);
      }
    } else {
      for (int j = 0; j < nc; j++) {
        double[] row = b[j0 + j];
        for (int kk = 0; kk < kc; kk++) {
          bp[kk * NC + j] = row[k0 + kk];
        }
      }
    }
  }

  private static void packA(double[][] a, boolean transA, double[] ap, int i0, int mc, int k0, int kc) {
    if (!transA) {
      for (int i = 0; i < mc; i++) {
        System.arraycopy(a[i0 + i], k0, ap, i * KC, kc);
      }
    } else {
      for (int kk = 0; kk < kc; kk++) {
        double[] row = a[k0 + kk];
        for (int i = 0; i < mc; i++) {
          ap[i * KC + kk] = row[i0 + i];
        }
      }
    }
  }

  private static void kernel(double[] ap, double[] bp, double[][] c, int i0, int mc, int j0, int nc, int kc) {
    int i = 0;
    for (; i + 1 < mc; i += 2) {
      double[] c0 = c[i0 + i];
      double[] c1 = c[i0 + i + 1];
      int ar = i * KC;
      int ar1 = ar + KC;
      int kk = 0;
      for (; kk + 3 < kc; kk += 4) {
        double a0 = ap[ar + kk], a1 = ap[ar + kk + 1], a2 = ap[ar + kk + 2], a3 = ap[ar + kk + 3];
        double e0 = ap[ar1 + kk], e1 = ap[ar1 + kk + 1], e2 = ap[ar1 + kk + 2], e3 = ap[ar1 + kk + 3];
        int b0 = kk * NC;
        int b1 = b0 + NC;
        int b2 = b1 + NC;
        int b3 = b2 + NC;
        for (int j = 0; j < nc; j++) {
          double x0 = bp[b0 + j], x1 = bp[b1 + j], x2 = bp[b2 + j], x3 = bp[b3 + j];
          c0[j0 + j] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
          c1[j0 + j] += e0 * x0 + e1 * x1 + e2 * x2 + e3 * x3;
        }
      }
      for (; kk < kc; kk++) {
        double a0 = ap[ar + kk];
        double e0 = ap[ar1 + kk];
        int b0 = kk * NC;
        for (int j = 0; j < nc; j++) {
          c0[j0 + j] += a0 * bp[b0 + j];
          c1[j0 + j] += e0 * bp[b0 + j];
        }
      }
    }
    for (; i < mc; i++) {
      double[] c0 = c[i0 + i];
      int ar = i * KC;
      int kk = 0;
      for (; kk + 3 < kc; kk += 4) {
        double a0 = ap[ar + kk], a1 = ap[ar + kk + 1], a2 = ap[ar + kk + 2], a3 = ap[ar + kk + 3];
        int b0 = kk * NC;
        int b1 = b0 + NC;
        int b2 = b1 + NC;
        int b3 = b2 + NC;
        for (int j = 0; j < nc; j++) {
          c0[j0 + j] += a0 * bp[b0 + j] + a1 * bp[b1 + j] + a2 * bp[b2 + j] + a3 * bp[b3 + j];
        }
      }
      for (; kk < kc; kk++) {
        double a0 = ap[ar + kk];
        int b0 = kk * NC;
        for (int j = 0; j < nc; j++) {
          c0[j0 + j] += a0 * bp[b0 + j];
        }
      }
    }
  }
}
