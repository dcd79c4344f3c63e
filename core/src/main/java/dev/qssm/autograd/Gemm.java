package dev.qssm.autograd;

import java.util.stream.IntStream;

/**
 * Dense matrix product {@code C += A B}, all row-major. Rows of C are split across the common
 * fork-join pool; each output value is computed by one thread in a fixed order, so results do not
 * depend on scheduling (a resumed run reproduces an uninterrupted one bit for bit).
 */
final class Gemm {
  private static final int ROWS = 2;
  private static final int COLS = 256;
  private static final int DEPTH = 128;
  private static final long PARALLEL_FLOPS = 1L << 18;

  private Gemm() {}

  /** {@code C[m,n] += sum_k A[m,k] B[k,n]}. */
  static void nn(int m, int n, int k, double[] a, double[] b, double[] c) {
    direct(m, n, k, a, k, 1, b, c);
  }

  /**
   * {@code C[m,n] += sum_k A[k,m] B[k,n]}: A given as its row-major transpose {@code [k, m]} (a
   * weight gradient {@code g^T x}), read in place rather than copied.
   */
  static void tn(int m, int n, int k, double[] a, double[] b, double[] c) {
    direct(m, n, k, a, 1, m, b, c);
  }

  // A's element (i, p) is a[i * ars + p * acs]
  private static void direct(int m, int n, int k, double[] a, int ars, int acs, double[] b, double[] c) {
    int blocks = (m + ROWS - 1) / ROWS;
    if ((long) m * n * k < PARALLEL_FLOPS || blocks < 2) {
      rows(0, m, n, k, a, ars, acs, b, c);
      return;
    }
    int tasks = Math.min(blocks, 8 * Runtime.getRuntime().availableProcessors());
    IntStream.range(0, tasks).parallel().forEach(t -> {
      int lo = (int) ((long) blocks * t / tasks) * ROWS;
      int hi = Math.min(m, (int) ((long) blocks * (t + 1) / tasks) * ROWS);
      rows(lo, hi, n, k, a, ars, acs, b, c);
    });
  }

  // Two rows of C at a time, four k-steps per pass over a COLS-wide panel: per B element loaded,
  // eight multiply-adds and no store. C2's SuperWord (JDK 17) vectorises the inner loop only if
  // every array in it is indexed by the loop variable alone and the stored arrays are provably
  // distinct from the loaded ones: so B's panel is copied into one array per row, and the C rows
  // go through two buffers allocated in this method (8 against 17 GFLOP/s per thread).
  private static void rows(int lo, int hi, int n, int k, double[] a, int ars, int acs, double[] b,
      double[] c) {
    var t0 = new double[COLS];
    var t1 = new double[COLS];
    var panel = new double[DEPTH][COLS];
    for (int j0 = 0; j0 < n; j0 += COLS) {
      int w = Math.min(n - j0, COLS);
      for (int p0 = 0; p0 < k; p0 += DEPTH) {
        int p1 = Math.min(k, p0 + DEPTH);
        for (int p = p0; p < p1; p++) {
          System.arraycopy(b, p * n + j0, panel[p - p0], 0, w);
        }
        int i = lo;
        for (; i + 1 < hi; i += 2) {
          int c0 = i * n + j0, c1 = c0 + n;
          int a0 = i * ars, a1 = a0 + ars;
          System.arraycopy(c, c0, t0, 0, w);
          System.arraycopy(c, c1, t1, 0, w);
          int p = p0;
          for (; p + 3 < p1; p += 4) {
            int q = p * acs;
            double x0 = a[a0 + q], x1 = a[a0 + q + acs], x2 = a[a0 + q + 2 * acs], x3 = a[a0 + q + 3 * acs];
            double y0 = a[a1 + q], y1 = a[a1 + q + acs], y2 = a[a1 + q + 2 * acs], y3 = a[a1 + q + 3 * acs];
            double[] b0 = panel[p - p0], b1 = panel[p - p0 + 1], b2 = panel[p - p0 + 2], b3 = panel[p - p0 + 3];
            for (int j = 0; j < w; j++) {
              double v0 = b0[j], v1 = b1[j], v2 = b2[j], v3 = b3[j];
              t0[j] += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
              t1[j] += y0 * v0 + y1 * v1 + y2 * v2 + y3 * v3;
            }
          }
          for (; p < p1; p++) {
            double x = a[a0 + p * acs], y = a[a1 + p * acs];
            double[] bp = panel[p - p0];
            for (int j = 0; j < w; j++) {
              t0[j] += x * bp[j];
              t1[j] += y * bp[j];
            }
          }
          System.arraycopy(t0, 0, c, c0, w);
          System.arraycopy(t1, 0, c, c1, w);
        }
        for (; i < hi; i++) {
          int ci = i * n + j0, ai = i * ars;
          System.arraycopy(c, ci, t0, 0, w);
          for (int p = p0; p < p1; p++) {
            double x = a[ai + p * acs];
            double[] bp = panel[p - p0];
            for (int j = 0; j < w; j++) {
              t0[j] += x * bp[j];
            }
          }
          System.arraycopy(t0, 0, c, ci, w);
        }
      }
    }
  }

  /** The transpose of the row-major {@code rows x cols} matrix {@code a}. */
  static double[] transpose(double[] a, int rows, int cols) {
    var t = new double[a.length];
    final int bs = 32;
    for (int i0 = 0; i0 < rows; i0 += bs) {
      for (int j0 = 0; j0 < cols; j0 += bs) {
        int i1 = Math.min(rows, i0 + bs), j1 = Math.min(cols, j0 + bs);
        for (int i = i0; i < i1; i++) {
          for (int j = j0; j < j1; j++) {
            t[j * rows + i] = a[i * cols + j];
          }
        }
      }
    }
    return t;
  }
}
