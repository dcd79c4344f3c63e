package dev.qssm.simulator.density;

/**
 * The one kernel: a dense 2^k x 2^k complex matrix applied to k bit positions of a complex vector,
 * only where the control bits equal their values. A density matrix is such a vector over 2n bits
 * (column bits low, row bits high), so gates, channels and statevectors all share it.
 */
final class Apply {
  private Apply() {}

  static void matrix(double[] re, double[] im, double[] mre, double[] mim, int[] pos, int ctrlMask, int ctrlVal) {
    int k = pos.length;
    if (k == 1) {
      one(re, im, mre, mim, pos[0], ctrlMask, ctrlVal);
      return;
    }
    int d = 1 << k;
    int nnz = 0;
    for (int i = 0; i < d * d; i++) {
      if (mre[i] != 0 || mim[i] != 0) {
        nnz++;
      }
    }
    if (nnz * 2 <= d * d) {
      sparse(re, im, mre, mim, pos, ctrlMask, ctrlVal, nnz);
      return;
    }
    var offs = offsets(pos);
    var sorted = pos.clone();
    java.util.Arrays.sort(sorted);
    int groups = re.length >> k;
    var vr = new double[d];
    var vi = new double[d];
    for (int g = 0; g < groups; g++) {
      int base = g;
      for (int p : sorted) {
        base = insertZero(base, p);
      }
      if ((base & ctrlMask) != ctrlVal) {
        continue;
      }
      for (int i = 0; i < d; i++) {
        vr[i] = re[base + offs[i]];
        vi[i] = im[base + offs[i]];
      }
      for (int r = 0; r < d; r++) {
        double sr = 0;
        double si = 0;
        int row = r * d;
        for (int c = 0; c < d; c++) {
          double ar = mre[row + c];
          double ai = mim[row + c];
          sr += ar * vr[c] - ai * vi[c];
          si += ar * vi[c] + ai * vr[c];
        }
        re[base + offs[r]] = sr;
        im[base + offs[r]] = si;
      }
    }
  }

  /** Matrices with mostly zeros (permutations, Pauli channels, relaxation): only the non-zeros. */
  private static void sparse(double[] re, double[] im, double[] mre, double[] mim, int[] pos, int ctrlMask,
      int ctrlVal, int nnz) {
    int k = pos.length;
    int d = 1 << k;
    var start = new int[d + 1];
    var col = new int[nnz];
    var ar = new double[nnz];
    var ai = new double[nnz];
    int e = 0;
    for (int r = 0; r < d; r++) {
      start[r] = e;
      for (int c = 0; c < d; c++) {
        if (mre[r * d + c] != 0 || mim[r * d + c] != 0) {
          col[e] = c;
          ar[e] = mre[r * d + c];
          ai[e] = mim[r * d + c];
          e++;
        }
      }
    }
    start[d] = e;
    var offs = offsets(pos);
    var sorted = pos.clone();
    java.util.Arrays.sort(sorted);
    int groups = re.length >> k;
    var vr = new double[d];
    var vi = new double[d];
    for (int g = 0; g < groups; g++) {
      int base = g;
      for (int p : sorted) {
        base = insertZero(base, p);
      }
      if ((base & ctrlMask) != ctrlVal) {
        continue;
      }
      for (int i = 0; i < d; i++) {
        vr[i] = re[base + offs[i]];
        vi[i] = im[base + offs[i]];
      }
      for (int r = 0; r < d; r++) {
        double sr = 0;
        double si = 0;
        for (int x = start[r]; x < start[r + 1]; x++) {
          double xr = vr[col[x]];
          double xi = vi[col[x]];
          sr += ar[x] * xr - ai[x] * xi;
          si += ar[x] * xi + ai[x] * xr;
        }
        re[base + offs[r]] = sr;
        im[base + offs[r]] = si;
      }
    }
  }

  private static int[] offsets(int[] pos) {
    int k = pos.length;
    int d = 1 << k;
    var offs = new int[d];
    for (int i = 0; i < d; i++) {
      int o = 0;
      for (int j = 0; j < k; j++) {
        if ((i >> j & 1) != 0) {
          o |= 1 << pos[j];
        }
      }
      offs[i] = o;
    }
    return offs;
  }

  // The pairs (i, i + bit) whose control bits match are visited as contiguous runs: indices below the
  // lowest target or control bit form a run, and the free bits above it are enumerated as subsets.
  // No index arithmetic or branch inside a run, so the JIT vectorises it; real matrices (ry, cx, the
  // conjugate of a real gate) and diagonal ones (rz, phases) get runs with half or a quarter of the
  // arithmetic. With the copy-free gradient trace below: 0.20 -> 0.095 CPU s per QMamba loss and
  // backward (5 qubits, 138 weights, 4 x 8 tokens, one thread).
  private static void one(double[] re, double[] im, double[] m, double[] mi, int p, int ctrlMask, int ctrlVal) {
    int bit = 1 << p;
    int run = Integer.lowestOneBit(bit | ctrlMask);
    int free = (re.length - 1) & ~(run - 1) & ~bit & ~ctrlMask;
    boolean real = mi[0] == 0 && mi[1] == 0 && mi[2] == 0 && mi[3] == 0;
    boolean diagonal = m[1] == 0 && mi[1] == 0 && m[2] == 0 && mi[2] == 0;
    for (int sub = 0;; sub = (sub - free) & free) {
      int from = sub | ctrlVal;
      if (diagonal) {
        diagonalRun(re, im, m, mi, from, from + run, bit);
      } else if (real) {
        realRun(re, im, m, from, from + run, bit);
      } else {
        complexRun(re, im, m, mi, from, from + run, bit);
      }
      if (sub == free) {
        return;
      }
    }
  }

  private static void diagonalRun(double[] re, double[] im, double[] m, double[] mi, int from, int to, int bit) {
    double a = m[0], d = m[3], ai = mi[0], di = mi[3];
    for (int i0 = from; i0 < to; i0++) {
      int i1 = i0 + bit;
      double xr = re[i0], xi = im[i0], yr = re[i1], yi = im[i1];
      re[i0] = a * xr - ai * xi;
      im[i0] = a * xi + ai * xr;
      re[i1] = d * yr - di * yi;
      im[i1] = d * yi + di * yr;
    }
  }

  private static void realRun(double[] re, double[] im, double[] m, int from, int to, int bit) {
    double a = m[0], b = m[1], c = m[2], d = m[3];
    for (int i0 = from; i0 < to; i0++) {
      int i1 = i0 + bit;
      double xr = re[i0], xi = im[i0], yr = re[i1], yi = im[i1];
      re[i0] = a * xr + b * yr;
      im[i0] = a * xi + b * yi;
      re[i1] = c * xr + d * yr;
      im[i1] = c * xi + d * yi;
    }
  }

  private static void complexRun(double[] re, double[] im, double[] m, double[] mi, int from, int to, int bit) {
    double a = m[0], b = m[1], c = m[2], d = m[3];
    double ai = mi[0], bi = mi[1], ci = mi[2], di = mi[3];
    for (int i0 = from; i0 < to; i0++) {
      int i1 = i0 + bit;
      double xr = re[i0], xi = im[i0], yr = re[i1], yi = im[i1];
      re[i0] = a * xr - ai * xi + b * yr - bi * yi;
      im[i0] = a * xi + ai * xr + b * yi + bi * yr;
      re[i1] = c * xr - ci * xi + d * yr - di * yi;
      im[i1] = c * xi + ci * xr + d * yi + di * yr;
    }
  }

  /**
   * The four sums E_xy = Σ conj(g[i_x]) ρ[i_y] over the pairs (i_0, i_1) of row qubit {@code p}
   * whose control bits match, as {re, im} of E_00, E_01, E_10, E_11. Re Tr(G (P_ctrl ⊗ K) ρ) for any
   * 2x2 K on that qubit is then Re Σ K_xy E_xy ({@link #contract}): one read-only pass serves every
   * angle of a gate, or of a run of gates on that qubit (the density adjoint's gradients).
   */
  static double[] environmentOne(double[] gRe, double[] gIm, double[] re, double[] im, int p, int ctrlMask,
      int ctrlVal) {
    int bit = 1 << p;
    double e00r = 0, e00i = 0, e01r = 0, e01i = 0, e10r = 0, e10i = 0, e11r = 0, e11i = 0;
    for (int block = 0; block < re.length; block += bit << 1) {
      for (int i0 = block, end = block + bit; i0 < end; i0++) {
        if ((i0 & ctrlMask) != ctrlVal) {
          continue;
        }
        int i1 = i0 + bit;
        double g0r = gRe[i0], g0i = gIm[i0], g1r = gRe[i1], g1i = gIm[i1];
        double xr = re[i0], xi = im[i0], yr = re[i1], yi = im[i1];
        e00r += g0r * xr + g0i * xi;
        e00i += g0r * xi - g0i * xr;
        e01r += g0r * yr + g0i * yi;
        e01i += g0r * yi - g0i * yr;
        e10r += g1r * xr + g1i * xi;
        e10i += g1r * xi - g1i * xr;
        e11r += g1r * yr + g1i * yi;
        e11i += g1r * yi - g1i * yr;
      }
    }
    return new double[] {e00r, e00i, e01r, e01i, e10r, e10i, e11r, e11i};
  }

  /** Re Σ K_xy E_xy for a 2x2 K and an {@link #environmentOne}. */
  static double contract(double[] kRe, double[] kIm, double[] e) {
    double s = 0;
    for (int x = 0; x < 4; x++) {
      s += kRe[x] * e[2 * x] - kIm[x] * e[2 * x + 1];
    }
    return s;
  }

  static int insertZero(int x, int p) {
    int low = x & ((1 << p) - 1);
    return ((x >> p) << (p + 1)) | low;
  }
}
