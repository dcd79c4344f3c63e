package dev.qssm.simulator.statevector;

/**
 * In-place gate kernels on {@link Amps}. A gate whose qubits (targets and controls) are all array
 * qubits runs as SIMD-friendly loops over the lanes of 2 or 4 arrays; anything touching a lane
 * qubit of a chunked state runs scalar. Controls are bit masks: a gate acts only where
 * {@code (index & ctrlMask) == ctrlVal}; no matrix larger than the gate's own is ever built.
 */
final class Kernels {
  private Kernels() {}

  /** How a target matrix is shaped, which picks the kernel. */
  enum Kind {
    /** Dense. */
    GEN,
    /** Diagonal: amplitudes are only scaled. */
    DIAG,
    /** A permutation with unit entries (X, SWAP): on array qubits, arrays swap places. */
    PERM
  }

  /** Ascending positions of the set bits of {@code mask}. */
  static int[] positions(int mask) {
    var p = new int[Integer.bitCount(mask)];
    for (int i = 0, m = mask; m != 0; i++, m &= m - 1) {
      p[i] = Integer.numberOfTrailingZeros(m);
    }
    return p;
  }

  /** Spreads the bits of {@code k} over the positions not in {@code sorted}, which stay zero. */
  static int deposit(int k, int[] sorted) {
    for (int p : sorted) {
      k = ((k >>> p) << (p + 1)) | (k & ((1 << p) - 1));
    }
    return k;
  }

  static int mask(int[] qubits) {
    int m = 0;
    for (int q : qubits) {
      m |= 1 << q;
    }
    return m;
  }

  /** Applies {@code m} to targets {@code t} (matrix index bit j = t[j]) where the controls fire. */
  static void apply(Amps s, int[] t, int cMask, int cVal, Mat m, Kind kind, Par par) {
    int laneMask = (1 << s.l) - 1;
    int all = cMask | mask(t);
    if ((all & laneMask) == 0 && t.length <= 2) {
      onArrays(s, t, cMask, cVal, m, kind, par);
    } else if (t.length == 1 && t[0] < s.l && m.isShared()) {
      laneTarget(s, t[0], cMask, cVal, m, kind == Kind.DIAG, par);
    } else {
      generic(s, t, cMask, cVal, m, kind == Kind.DIAG, par);
    }
  }

  // ---------------------------------------------------------------- gates on array qubits

  private static void onArrays(Amps s, int[] t, int cMask, int cVal, Mat m, Kind kind, Par par) {
    int l = s.l;
    int[] pos = positions((cMask | mask(t)) >>> l);
    int cv = cVal >>> l;
    int groups = 1 << (s.n - l - pos.length);
    long work = (long) s.w << t.length;
    double[][] re = s.re;
    double[][] im = s.im;
    int w = s.w;
    if (t.length == 1) {
      int tb = 1 << (t[0] - l);
      if (kind == Kind.PERM) {
        par.range(groups, work, (from, to) -> {
          for (int g = from; g < to; g++) {
            int a0 = deposit(g, pos) | cv;
            swap(re, im, a0, a0 | tb);
          }
        });
      } else if (kind == Kind.DIAG) {
        boolean skip0 = m.isShared() && m.re[0] == 1 && m.im[0] == 0;
        par.range(groups, work, (from, to) -> {
          for (int g = from; g < to; g++) {
            int a0 = deposit(g, pos) | cv;
            int a1 = a0 | tb;
            if (m.isShared()) {
              if (!skip0) {
                scale(re[a0], im[a0], w, m.re[0], m.im[0]);
              }
              scale(re[a1], im[a1], w, m.re[3], m.im[3]);
            } else {
              scale(re[a0], im[a0], w, m.lre[0], m.lim[0]);
              scale(re[a1], im[a1], w, m.lre[3], m.lim[3]);
            }
          }
        });
      } else {
        par.range(groups, work, (from, to) -> {
          for (int g = from; g < to; g++) {
            int a0 = deposit(g, pos) | cv;
            int a1 = a0 | tb;
            if (m.isShared()) {
              gen1(re[a0], im[a0], re[a1], im[a1], w, m.re, m.im);
            } else {
              gen1(re[a0], im[a0], re[a1], im[a1], w, m.lre, m.lim);
            }
          }
        });
      }
      return;
    }
    int b0 = 1 << (t[0] - l);
    int b1 = 1 << (t[1] - l);
    if (kind == Kind.PERM) {
      // SWAP: |01> <-> |10>
      par.range(groups, work, (from, to) -> {
        for (int g = from; g < to; g++) {
          int a = deposit(g, pos) | cv;
          swap(re, im, a | b0, a | b1);
        }
      });
    } else if (kind == Kind.DIAG) {
      par.range(groups, work, (from, to) -> {
        for (int g = from; g < to; g++) {
          int a = deposit(g, pos) | cv;
          for (int j = 0; j < 4; j++) {
            int aj = a | ((j & 1) != 0 ? b0 : 0) | ((j & 2) != 0 ? b1 : 0);
            int e = j * 5;
            if (m.isShared()) {
              if (m.re[e] != 1 || m.im[e] != 0) {
                scale(re[aj], im[aj], w, m.re[e], m.im[e]);
              }
            } else {
              scale(re[aj], im[aj], w, m.lre[e], m.lim[e]);
            }
          }
        }
      });
    } else if (m.isShared()) {
      par.range(groups, work, (from, to) -> {
        for (int g = from; g < to; g++) {
          int a = deposit(g, pos) | cv;
          gen2(re[a], im[a], re[a | b0], im[a | b0], re[a | b1], im[a | b1], re[a | b0 | b1], im[a | b0 | b1], w,
              m.re, m.im);
        }
      });
    } else {
      generic(s, t, cMask, cVal, m, false, par);
    }
  }

  private static void swap(double[][] re, double[][] im, int a, int b) {
    var r = re[a];
    re[a] = re[b];
    re[b] = r;
    var i = im[a];
    im[a] = im[b];
    im[b] = i;
  }

  /** x *= d over lanes. */
  static void scale(double[] xr, double[] xi, int w, double dr, double di) {
    for (int j = 0; j < w; j++) {
      double r = xr[j];
      double i = xi[j];
      xr[j] = dr * r - di * i;
      xi[j] = dr * i + di * r;
    }
  }

  static void scale(double[] xr, double[] xi, int w, double[] dr, double[] di) {
    for (int j = 0; j < w; j++) {
      double r = xr[j];
      double i = xi[j];
      xr[j] = dr[j] * r - di[j] * i;
      xi[j] = dr[j] * i + di[j] * r;
    }
  }

  /** (x, y) = M (x, y) over lanes, M shared. */
  static void gen1(double[] xr, double[] xi, double[] yr, double[] yi, int w, double[] mr, double[] mi) {
    double m00r = mr[0], m00i = mi[0], m01r = mr[1], m01i = mi[1];
    double m10r = mr[2], m10i = mi[2], m11r = mr[3], m11i = mi[3];
    for (int j = 0; j < w; j++) {
      double ar = xr[j];
      double ai = xi[j];
      double br = yr[j];
      double bi = yi[j];
      xr[j] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      xi[j] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      yr[j] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      yi[j] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
  }

  /** (x, y) = M (x, y) over lanes, one M per lane. */
  static void gen1(double[] xr, double[] xi, double[] yr, double[] yi, int w, double[][] mr, double[][] mi) {
    double[] m00r = mr[0], m00i = mi[0], m01r = mr[1], m01i = mi[1];
    double[] m10r = mr[2], m10i = mi[2], m11r = mr[3], m11i = mi[3];
    for (int j = 0; j < w; j++) {
      double ar = xr[j];
      double ai = xi[j];
      double br = yr[j];
      double bi = yi[j];
      xr[j] = m00r[j] * ar - m00i[j] * ai + m01r[j] * br - m01i[j] * bi;
      xi[j] = m00r[j] * ai + m00i[j] * ar + m01r[j] * bi + m01i[j] * br;
      yr[j] = m10r[j] * ar - m10i[j] * ai + m11r[j] * br - m11i[j] * bi;
      yi[j] = m10r[j] * ai + m10i[j] * ar + m11r[j] * bi + m11i[j] * br;
    }
  }

  /** A 4x4 shared matrix on four arrays (index 0..3 = bits of the two targets). */
  static void gen2(double[] r0, double[] i0, double[] r1, double[] i1, double[] r2, double[] i2, double[] r3,
      double[] i3, int w, double[] mr, double[] mi) {
    double a00 = mr[0], a01 = mr[1], a02 = mr[2], a03 = mr[3];
    double a10 = mr[4], a11 = mr[5], a12 = mr[6], a13 = mr[7];
    double a20 = mr[8], a21 = mr[9], a22 = mr[10], a23 = mr[11];
    double a30 = mr[12], a31 = mr[13], a32 = mr[14], a33 = mr[15];
    double b00 = mi[0], b01 = mi[1], b02 = mi[2], b03 = mi[3];
    double b10 = mi[4], b11 = mi[5], b12 = mi[6], b13 = mi[7];
    double b20 = mi[8], b21 = mi[9], b22 = mi[10], b23 = mi[11];
    double b30 = mi[12], b31 = mi[13], b32 = mi[14], b33 = mi[15];
    for (int j = 0; j < w; j++) {
      double x0 = r0[j], y0 = i0[j], x1 = r1[j], y1 = i1[j];
      double x2 = r2[j], y2 = i2[j], x3 = r3[j], y3 = i3[j];
      r0[j] = a00 * x0 - b00 * y0 + a01 * x1 - b01 * y1 + a02 * x2 - b02 * y2 + a03 * x3 - b03 * y3;
      i0[j] = a00 * y0 + b00 * x0 + a01 * y1 + b01 * x1 + a02 * y2 + b02 * x2 + a03 * y3 + b03 * x3;
      r1[j] = a10 * x0 - b10 * y0 + a11 * x1 - b11 * y1 + a12 * x2 - b12 * y2 + a13 * x3 - b13 * y3;
      i1[j] = a10 * y0 + b10 * x0 + a11 * y1 + b11 * x1 + a12 * y2 + b12 * x2 + a13 * y3 + b13 * x3;
      r2[j] = a20 * x0 - b20 * y0 + a21 * x1 - b21 * y1 + a22 * x2 - b22 * y2 + a23 * x3 - b23 * y3;
      i2[j] = a20 * y0 + b20 * x0 + a21 * y1 + b21 * x1 + a22 * y2 + b22 * x2 + a23 * y3 + b23 * x3;
      r3[j] = a30 * x0 - b30 * y0 + a31 * x1 - b31 * y1 + a32 * x2 - b32 * y2 + a33 * x3 - b33 * y3;
      i3[j] = a30 * y0 + b30 * x0 + a31 * y1 + b31 * x1 + a32 * y2 + b32 * x2 + a33 * y3 + b33 * x3;
    }
  }

  // ---------------------------------------------------------------- 1-qubit gate on a lane qubit

  /** A shared 1-qubit gate whose target is a lane qubit of a chunked state: scalar, array by array. */
  private static void laneTarget(Amps s, int t, int cMask, int cVal, Mat m, boolean diag, Par par) {
    int l = s.l;
    int laneMask = (1 << l) - 1;
    int[] arrPos = positions(cMask >>> l);
    int arrCv = cVal >>> l;
    int laneCm = cMask & laneMask;
    int laneCv = cVal & laneMask;
    int[] lanePos = positions(laneCm | (1 << t));
    int pairs = 1 << (l - lanePos.length);
    int groups = 1 << (s.n - l - arrPos.length);
    int st = 1 << t;
    double m00r = m.re[0], m00i = m.im[0], m01r = m.re[1], m01i = m.im[1];
    double m10r = m.re[2], m10i = m.im[2], m11r = m.re[3], m11i = m.im[3];
    boolean skip0 = diag && m00r == 1 && m00i == 0;
    int w = s.w;
    par.range(groups, s.w, (from, to) -> {
      for (int g = from; g < to; g++) {
        int a = deposit(g, arrPos) | arrCv;
        double[] re = s.re[a];
        double[] im = s.im[a];
        if (laneCm == 0) {
          for (int base = 0; base < w; base += 2 * st) {
            for (int i0 = base, end = base + st; i0 < end; i0++) {
              int i1 = i0 + st;
              double ar = re[i0], ai = im[i0], br = re[i1], bi = im[i1];
              if (diag) {
                if (!skip0) {
                  re[i0] = m00r * ar - m00i * ai;
                  im[i0] = m00r * ai + m00i * ar;
                }
                re[i1] = m11r * br - m11i * bi;
                im[i1] = m11r * bi + m11i * br;
              } else {
                re[i0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
                im[i0] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
                re[i1] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
                im[i1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
              }
            }
          }
        } else {
          for (int p = 0; p < pairs; p++) {
            int i0 = deposit(p, lanePos) | laneCv;
            int i1 = i0 | st;
            double ar = re[i0], ai = im[i0], br = re[i1], bi = im[i1];
            re[i0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
            im[i0] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
            re[i1] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
            im[i1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
          }
        }
      }
    });
  }

  // ---------------------------------------------------------------- k targets, anywhere

  /**
   * The k-target kernel for everything else: gathers the 2^k amplitudes of each firing group,
   * multiplies by the matrix (one per lane in a batch) and scatters them back. Scalar.
   */
  static void generic(Amps s, int[] t, int cMask, int cVal, Mat m, boolean diag, Par par) {
    var plan = new Plan(s, t, cMask, cVal);
    int dim = 1 << t.length;
    par.range(plan.groups, (long) plan.laneBases.length * dim, (from, to) -> {
      var gr = new double[dim];
      var gi = new double[dim];
      var ar = new double[dim][];
      var ai = new double[dim][];
      for (int g = from; g < to; g++) {
        plan.arrays(g, s, ar, ai);
        for (int x0 : plan.laneBases) {
          for (int j = 0; j < dim; j++) {
            gr[j] = ar[j][x0 + plan.xOff[j]];
            gi[j] = ai[j][x0 + plan.xOff[j]];
          }
          int lane = m.isShared() ? -1 : x0;
          for (int r = 0; r < dim; r++) {
            double sr = 0;
            double si = 0;
            for (int c = diag ? r : 0, end = diag ? r + 1 : dim; c < end; c++) {
              int e = r * dim + c;
              double mr = lane < 0 ? m.re[e] : m.lre[e][lane];
              double mi = lane < 0 ? m.im[e] : m.lim[e][lane];
              sr += mr * gr[c] - mi * gi[c];
              si += mr * gi[c] + mi * gr[c];
            }
            ar[r][x0 + plan.xOff[r]] = sr;
            ai[r][x0 + plan.xOff[r]] = si;
          }
        }
      }
    });
  }

  /** Where the 2^k amplitudes of each group of a gate live, split into arrays and lanes. */
  static final class Plan {
    final int[] arrPos;
    final int arrCv;
    final int groups;
    final int[] aOff;
    final int[] xOff;
    final int[] laneBases;

    Plan(Amps s, int[] t, int cMask, int cVal) {
      int l = s.l;
      int laneMask = (1 << l) - 1;
      int dim = 1 << t.length;
      int all = cMask | mask(t);
      arrPos = positions(all >>> l);
      arrCv = cVal >>> l;
      groups = 1 << (s.n - l - arrPos.length);
      aOff = new int[dim];
      xOff = new int[dim];
      for (int j = 0; j < dim; j++) {
        for (int b = 0; b < t.length; b++) {
          if ((j >> b & 1) != 0) {
            if (t[b] >= l) {
              aOff[j] |= 1 << (t[b] - l);
            } else {
              xOff[j] |= 1 << t[b];
            }
          }
        }
      }
      if (s.isBatch()) {
        laneBases = new int[s.w];
        java.util.Arrays.setAll(laneBases, x -> x);
      } else {
        int[] lanePos = positions(all & laneMask);
        int laneCv = cVal & laneMask;
        laneBases = new int[1 << (l - lanePos.length)];
        for (int f = 0; f < laneBases.length; f++) {
          laneBases[f] = deposit(f, lanePos) | laneCv;
        }
      }
    }

    void arrays(int g, Amps s, double[][] ar, double[][] ai) {
      int a = deposit(g, arrPos) | arrCv;
      for (int j = 0; j < ar.length; j++) {
        ar[j] = s.re[a | aOff[j]];
        ai[j] = s.im[a | aOff[j]];
      }
    }
  }

  // ---------------------------------------------------------------- adjoint inner products

  /** Number of fixed reduction blocks, independent of the thread count so sums never change. */
  private static final int BLOCKS = 16;

  /**
   * Adds Re<lam| P ⊗ dM |psi> to {@code acc}, where P projects on the firing controls: per lane for
   * a batch ({@code acc.length == w}), into {@code acc[0]} for a chunked state.
   */
  static void inner(Amps lam, Amps psi, int[] t, int cMask, int cVal, Mat dm, boolean diag, Par par, double[] acc) {
    int laneMask = (1 << psi.l) - 1;
    int all = cMask | mask(t);
    boolean vector = (all & laneMask) == 0 && t.length == 1;
    var plan = new Plan(psi, t, cMask, cVal);
    int blocks = Math.min(BLOCKS, plan.groups);
    int w = psi.w;
    var partial = new double[blocks][vector ? w : (psi.isBatch() ? w : 1)];
    int dim = 1 << t.length;
    par.blocks(blocks, (long) plan.groups / blocks * w * dim, b -> {
      int from = (int) ((long) plan.groups * b / blocks);
      int to = (int) ((long) plan.groups * (b + 1) / blocks);
      var out = partial[b];
      if (vector) {
        int tb = plan.aOff[1];
        for (int g = from; g < to; g++) {
          int a0 = deposit(g, plan.arrPos) | plan.arrCv;
          int a1 = a0 | tb;
          if (dm.isShared()) {
            inner1(lam.re[a0], lam.im[a0], lam.re[a1], lam.im[a1], psi.re[a0], psi.im[a0], psi.re[a1], psi.im[a1], w,
                dm.re, dm.im, out);
          } else {
            inner1(lam.re[a0], lam.im[a0], lam.re[a1], lam.im[a1], psi.re[a0], psi.im[a0], psi.re[a1], psi.im[a1], w,
                dm.lre, dm.lim, out);
          }
        }
      } else {
        innerGeneric(lam, psi, plan, dim, dm, diag, from, to, out);
      }
    });
    if (vector && !psi.isBatch()) {
      for (var p : partial) {
        double sum = 0;
        for (double v : p) {
          sum += v;
        }
        acc[0] += sum;
      }
    } else {
      for (var p : partial) {
        for (int j = 0; j < p.length; j++) {
          acc[j] += p[j];
        }
      }
    }
  }

  private static void inner1(double[] lxr, double[] lxi, double[] lyr, double[] lyi, double[] xr, double[] xi,
      double[] yr, double[] yi, int w, double[] mr, double[] mi, double[] acc) {
    double m00r = mr[0], m00i = mi[0], m01r = mr[1], m01i = mi[1];
    double m10r = mr[2], m10i = mi[2], m11r = mr[3], m11i = mi[3];
    for (int j = 0; j < w; j++) {
      double ar = xr[j], ai = xi[j], br = yr[j], bi = yi[j];
      double zr0 = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      double zi0 = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      double zr1 = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      double zi1 = m10r * ai + m10i * ar + m11r * bi + m11i * br;
      acc[j] += lxr[j] * zr0 + lxi[j] * zi0 + lyr[j] * zr1 + lyi[j] * zi1;
    }
  }

  private static void inner1(double[] lxr, double[] lxi, double[] lyr, double[] lyi, double[] xr, double[] xi,
      double[] yr, double[] yi, int w, double[][] mr, double[][] mi, double[] acc) {
    double[] m00r = mr[0], m00i = mi[0], m01r = mr[1], m01i = mi[1];
    double[] m10r = mr[2], m10i = mi[2], m11r = mr[3], m11i = mi[3];
    for (int j = 0; j < w; j++) {
      double ar = xr[j], ai = xi[j], br = yr[j], bi = yi[j];
      double zr0 = m00r[j] * ar - m00i[j] * ai + m01r[j] * br - m01i[j] * bi;
      double zi0 = m00r[j] * ai + m00i[j] * ar + m01r[j] * bi + m01i[j] * br;
      double zr1 = m10r[j] * ar - m10i[j] * ai + m11r[j] * br - m11i[j] * bi;
      double zi1 = m10r[j] * ai + m10i[j] * ar + m11r[j] * bi + m11i[j] * br;
      acc[j] += lxr[j] * zr0 + lxi[j] * zi0 + lyr[j] * zr1 + lyi[j] * zi1;
    }
  }

  private static void innerGeneric(Amps lam, Amps psi, Plan plan, int dim, Mat dm, boolean diag, int from, int to,
      double[] out) {
    var pr = new double[dim][];
    var pi = new double[dim][];
    var lr = new double[dim][];
    var li = new double[dim][];
    for (int g = from; g < to; g++) {
      plan.arrays(g, psi, pr, pi);
      plan.arrays(g, lam, lr, li);
      for (int x0 : plan.laneBases) {
        int lane = dm.isShared() ? -1 : x0;
        double sum = 0;
        for (int r = 0; r < dim; r++) {
          double sr = 0;
          double si = 0;
          for (int c = diag ? r : 0, end = diag ? r + 1 : dim; c < end; c++) {
            int e = r * dim + c;
            double mr = lane < 0 ? dm.re[e] : dm.lre[e][lane];
            double mi = lane < 0 ? dm.im[e] : dm.lim[e][lane];
            double vr = pr[c][x0 + plan.xOff[c]];
            double vi = pi[c][x0 + plan.xOff[c]];
            sr += mr * vr - mi * vi;
            si += mr * vi + mi * vr;
          }
          sum += lr[r][x0 + plan.xOff[r]] * sr + li[r][x0 + plan.xOff[r]] * si;
        }
        out[out.length == 1 ? 0 : x0] += sum;
      }
    }
  }
}
