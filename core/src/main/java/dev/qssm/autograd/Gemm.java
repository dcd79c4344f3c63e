package dev.qssm.autograd;

import java.util.stream.IntStream;

/**
 * Dense matrix product {@code C += A B}, all row-major. Rows of C are split across the common
 * fork-join pool; each output value is computed by one thread in a fixed order, so results do not
 * depend on scheduling (a resumed run reproduces an uninterrupted one bit for bit).
 */
final class Gemm {
  private static final int ROWS = 4;
  private static final int COLS = 256;
  private static final int DEPTH = 128;
  private static final long PARALLEL_FLOPS = 1L << 18;

  private Gemm() {}

  /** {@code C[m,n] += sum_k A[m,k] B[k,n]}. */
  static void nn(int m, int n, int k, double[] a, double[] b, double[] c) {
    direct(m, n, k, a, b, c);
  }

  private static void direct(int m, int n, int k, double[] a, double[] b, double[] c) {
    int blocks = (m + ROWS - 1) / ROWS;
    if ((long) m * n * k < PARALLEL_FLOPS || blocks < 2) {
      rows(0, m, n, k, a, b, c);
      return;
    }
    int tasks = Math.min(blocks, 8 * Runtime.getRuntime().availableProcessors());
    IntStream.range(0, tasks).parallel().forEach(t -> {
      int lo = (int) ((long) blocks * t / tasks) * ROWS;
      int hi = Math.min(m, (int) ((long) blocks * (t + 1) / tasks) * ROWS);
      rows(lo, hi, n, k, a, b, c);
    });
  }

  // blocks: a 4 x COLS slab of C stays in L1 while a DEPTH x COLS panel of B stays in L2
  private static void rows(int lo, int hi, int n, int k, double[] a, double[] b, double[] c) {
    for (int j0 = 0; j0 < n; j0 += COLS) {
      int j1 = Math.min(n, j0 + COLS);
      for (int p0 = 0; p0 < k; p0 += DEPTH) {
        int p1 = Math.min(k, p0 + DEPTH);
        int i = lo;
        for (; i + ROWS <= hi; i += ROWS) {
          int c0 = i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
          int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
          for (int p = p0; p < p1; p++) {
            double x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
            int bp = p * n;
            for (int j = j0; j < j1; j++) {
              double bv = b[bp + j];
              c[c0 + j] += x0 * bv;
              c[c1 + j] += x1 * bv;
              c[c2 + j] += x2 * bv;
              c[c3 + j] += x3 * bv;
            }
          }
        }
        for (; i < hi; i++) {
          int ci = i * n, ai = i * k;
          for (int p = p0; p < p1; p++) {
            double x = a[ai + p];
            int bp = p * n;
            for (int j = j0; j < j1; j++) {
              c[ci + j] += x * b[bp + j];
            }
          }
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
