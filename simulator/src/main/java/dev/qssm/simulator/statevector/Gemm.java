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
    if (k == 0 && !accumulate) {
      for (int i = i0; i < i1; i++) {
        java.util.Arrays.fill(c[i], 0, n, 0);
      }
    }
    var ap = new double[MC * KC];
    var bp = new double[KC][NC];
    for (int j0 = 0; j0 < n; j0 += NC) {
      int nc = Math.min(NC, n - j0);
      for (int k0 = 0; k0 < k; k0 += KC) {
        int kc = Math.min(KC, k - k0);
        packB(b, transB, bp, k0, kc, j0, nc);
        for (int ii = i0; ii < i1; ii += MC) {
          int mc = Math.min(MC, i1 - ii);
          packA(a, transA, ap, ii, mc, k0, kc);
          kernel(ap, bp, c, ii, mc, j0, nc, kc, !accumulate && k0 == 0);
        }
      }
    }
  }

  // B's panel is packed as one array per k-row: C2's SuperWord (JDK 17) vectorises loads from
  // distinct arrays at the loop index, but not several loads from one array at different
  // invariant offsets (measured: 22 against 7 GFLOP/s per thread on the same loop).
  private static void packB(double[][] b, boolean transB, double[][] bp, int k0, int kc, int j0, int nc) {
    if (!transB) {
      for (int kk = 0; kk < kc; kk++) {
        System.arraycopy(b[k0 + kk], j0, bp[kk], 0, nc);
      }
    } else {
      for (int j = 0; j < nc; j++) {
        double[] row = b[j0 + j];
        for (int kk = 0; kk < kc; kk++) {
          bp[kk][j] = row[k0 + kk];
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

  // Two rows of C against four packed rows of B per pass. The C rows are copied into t0 and t1,
  // allocated here: SuperWord only vectorises stores into one array next to loads from another
  // when it can prove the two distinct, and arrays this method allocated are (passed in, they
  // were not: 8 against 17 GFLOP/s per thread).
  // fresh: the first k panel of a product that overwrites C, so C's old values are not read.
  private static void kernel(double[] ap, double[][] bp, double[][] c, int i0, int mc, int j0, int nc, int kc,
      boolean fresh) {
    var t0 = new double[nc];
    var t1 = new double[nc];
    int i = 0;
    for (; i + 1 < mc; i += 2) {
      double[] c0 = c[i0 + i];
      double[] c1 = c[i0 + i + 1];
      load(c0, j0, t0, nc, fresh);
      load(c1, j0, t1, nc, fresh);
      int ar = i * KC;
      int ar1 = ar + KC;
      int kk = 0;
      for (; kk + 3 < kc; kk += 4) {
        double a0 = ap[ar + kk], a1 = ap[ar + kk + 1], a2 = ap[ar + kk + 2], a3 = ap[ar + kk + 3];
        double e0 = ap[ar1 + kk], e1 = ap[ar1 + kk + 1], e2 = ap[ar1 + kk + 2], e3 = ap[ar1 + kk + 3];
        double[] b0 = bp[kk], b1 = bp[kk + 1], b2 = bp[kk + 2], b3 = bp[kk + 3];
        for (int j = 0; j < nc; j++) {
          double x0 = b0[j], x1 = b1[j], x2 = b2[j], x3 = b3[j];
          t0[j] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
          t1[j] += e0 * x0 + e1 * x1 + e2 * x2 + e3 * x3;
        }
      }
      for (; kk < kc; kk++) {
        double a0 = ap[ar + kk];
        double e0 = ap[ar1 + kk];
        double[] b0 = bp[kk];
        for (int j = 0; j < nc; j++) {
          t0[j] += a0 * b0[j];
          t1[j] += e0 * b0[j];
        }
      }
      System.arraycopy(t0, 0, c0, j0, nc);
      System.arraycopy(t1, 0, c1, j0, nc);
    }
    for (; i < mc; i++) {
      double[] c0 = c[i0 + i];
      load(c0, j0, t0, nc, fresh);
      int ar = i * KC;
      int kk = 0;
      for (; kk + 3 < kc; kk += 4) {
        double a0 = ap[ar + kk], a1 = ap[ar + kk + 1], a2 = ap[ar + kk + 2], a3 = ap[ar + kk + 3];
        double[] b0 = bp[kk], b1 = bp[kk + 1], b2 = bp[kk + 2], b3 = bp[kk + 3];
        for (int j = 0; j < nc; j++) {
          t0[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
      }
      for (; kk < kc; kk++) {
        double a0 = ap[ar + kk];
        double[] b0 = bp[kk];
        for (int j = 0; j < nc; j++) {
          t0[j] += a0 * b0[j];
        }
      }
      System.arraycopy(t0, 0, c0, j0, nc);
    }
  }

  private static void load(double[] row, int j0, double[] t, int nc, boolean fresh) {
    if (fresh) {
      java.util.Arrays.fill(t, 0, nc, 0);
    } else {
      System.arraycopy(row, j0, t, 0, nc);
    }
  }
}
