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
      laneTarget(s, t[0], cMask, cVal, m, kind, par);
    } else if (t.length <= 2 && m.isShared()) {
      scalar(s, t, cMask, cVal, m, kind, par);
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
      } else if (m.isShared()) {
        var mat = new double[][] {m.re, m.im};
        par.range(groups, work, (from, to) -> {
          var tr = new double[w];
          var ti = new double[w];
          for (int g = from; g < to; g++) {
            int a0 = deposit(g, pos) | cv;
            pair(re, im, a0, a0 | tb, w, mat, tr, ti);
          }
        });
      } else {
        par.range(groups, work, (from, to) -> {
          for (int g = from; g < to; g++) {
            int a0 = deposit(g, pos) | cv;
            int a1 = a0 | tb;
            gen1(re[a0], im[a0], re[a1], im[a1], w, m.lre, m.lim);
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
    } else if (m.isShared() && crossBlocks(m)) {
      // rxx-like: two independent 2x2 blocks on |00>,|11> and |01>,|10>
      var outer = block(m, 0, 3);
      var inner = block(m, 1, 2);
      par.range(groups, work, (from, to) -> {
        var tr = new double[w];
        var ti = new double[w];
        for (int g = from; g < to; g++) {
          int a = deposit(g, pos) | cv;
          pair(re, im, a, a | b0 | b1, w, outer, tr, ti);
          pair(re, im, a | b0, a | b1, w, inner, tr, ti);
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

  /** True when a 4x4 matrix only has entries on its diagonal and anti-diagonal. */
  static boolean crossBlocks(Mat m) {
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        if (c != r && c != 3 - r && (m.re[r * 4 + c] != 0 || m.im[r * 4 + c] != 0)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The 2x2 block of a 4x4 matrix on basis states i and j: {re[4], im[4]}. */
  private static double[][] block(Mat m, int i, int j) {
    int[] e = {i * 4 + i, i * 4 + j, j * 4 + i, j * 4 + j};
    var re = new double[4];
    var im = new double[4];
    for (int k = 0; k < 4; k++) {
      re[k] = m.re[e[k]];
      im[k] = m.im[e[k]];
    }
    return new double[][] {re, im};
  }

  /** A shared 2x2 matrix {re, im} on arrays a (as |0>) and b (as |1>), by shape. */
  private static void pair(double[][] re, double[][] im, int a, int b, int w, double[][] m, double[] tr, double[] ti) {
    double[] mr = m[0];
    double[] mi = m[1];
    switch (shape(mr, mi)) {
      case ROT:
        rot(re[a], im[a], re[b], im[b], w, mr[0], mr[2]);
        break;
      case REFL:
        refl(re[a], im[a], re[b], im[b], w, mr[0], mr[1]);
        break;
      case RX:
        rx(re[a], im[a], re[b], im[b], w, mr[0], -mi[1]);
        break;
      case REAL:
        real(re[a], im[a], re[b], im[b], w, mr[0], mr[1], mr[2], mr[3]);
        break;
      default:
        half(re[a], im[a], re[b], im[b], tr, ti, w, mr[0], mi[0], mr[1], mi[1]);
        half(re[a], im[a], re[b], im[b], re[b], im[b], w, mr[2], mi[2], mr[3], mi[3]);
        System.arraycopy(tr, 0, re[a], 0, w);
        System.arraycopy(ti, 0, im[a], 0, w);
        break;
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

  /** Structure of a shared 2x2 matrix, which picks a loop HotSpot can vectorise (few invariants). */
  enum Shape {
    /** Real [[c, -s], [s, c]] (ry). */
    ROT,
    /** Real [[a, b], [b, -a]] (h). */
    REFL,
    /** [[c, -is], [-is, c]] (rx). */
    RX,
    /** Any real matrix. */
    REAL,
    COMPLEX
  }

  static Shape shape(double[] mr, double[] mi) {
    boolean real = mi[0] == 0 && mi[1] == 0 && mi[2] == 0 && mi[3] == 0;
    if (real && mr[0] == mr[3] && mr[1] == -mr[2]) {
      return Shape.ROT;
    }
    if (real && mr[0] == -mr[3] && mr[1] == mr[2]) {
      return Shape.REFL;
    }
    if (real) {
      return Shape.REAL;
    }
    if (mr[1] == 0 && mr[2] == 0 && mi[0] == 0 && mi[3] == 0 && mr[0] == mr[3] && mi[1] == mi[2]) {
      return Shape.RX;
    }
    return Shape.COMPLEX;
  }

  static void rot(double[] xr, double[] xi, double[] yr, double[] yi, int w, double c, double s) {
    for (int j = 0; j < w; j++) {
      double ar = xr[j], ai = xi[j], br = yr[j], bi = yi[j];
      xr[j] = c * ar - s * br;
      xi[j] = c * ai - s * bi;
      yr[j] = s * ar + c * br;
      yi[j] = s * ai + c * bi;
    }
  }

  static void refl(double[] xr, double[] xi, double[] yr, double[] yi, int w, double a, double b) {
    for (int j = 0; j < w; j++) {
      double ar = xr[j], ai = xi[j], br = yr[j], bi = yi[j];
      xr[j] = a * ar + b * br;
      xi[j] = a * ai + b * bi;
      yr[j] = b * ar - a * br;
      yi[j] = b * ai - a * bi;
    }
  }

  /** x' = c x - i s y, y' = c y - i s x. */
  static void rx(double[] xr, double[] xi, double[] yr, double[] yi, int w, double c, double s) {
    for (int j = 0; j < w; j++) {
      double ar = xr[j], ai = xi[j], br = yr[j], bi = yi[j];
      xr[j] = c * ar + s * bi;
      xi[j] = c * ai - s * br;
      yr[j] = c * br + s * ai;
      yi[j] = c * bi - s * ar;
    }
  }

  static void real(double[] xr, double[] xi, double[] yr, double[] yi, int w, double a, double b, double c, double d) {
    for (int j = 0; j < w; j++) {
      double ar = xr[j], ai = xi[j], br = yr[j], bi = yi[j];
      xr[j] = a * ar + b * br;
      xi[j] = a * ai + b * bi;
      yr[j] = c * ar + d * br;
      yi[j] = c * ai + d * bi;
    }
  }

  /** o = m0 x + m1 y (complex), o may be y. */
  static void half(double[] xr, double[] xi, double[] yr, double[] yi, double[] or, double[] oi, int w, double m0r,
      double m0i, double m1r, double m1i) {
    for (int j = 0; j < w; j++) {
      double ar = xr[j], ai = xi[j], br = yr[j], bi = yi[j];
      or[j] = m0r * ar - m0i * ai + m1r * br - m1i * bi;
      oi[j] = m0r * ai + m0i * ar + m1r * bi + m1i * br;
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
  private static void laneTarget(Amps s, int t, int cMask, int cVal, Mat m, Kind kind, Par par) {
    boolean perm = kind == Kind.PERM;
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
    int w = s.w;
    var shape = kind == Kind.GEN ? shape(m.re, m.im) : null;
    par.range(groups, s.w, (from, to) -> {
      for (int g = from; g < to; g++) {
        int a = deposit(g, arrPos) | arrCv;
        double[] re = s.re[a];
        double[] im = s.im[a];
        if (laneCm == 0) {
          inArray(re, im, w, st, kind, shape, m.re, m.im);
        } else {
          for (int p = 0; p < pairs; p++) {
            int i0 = deposit(p, lanePos) | laneCv;
            int i1 = i0 | st;
            double ar = re[i0], ai = im[i0], br = re[i1], bi = im[i1];
            if (perm) {
              re[i0] = br;
              im[i0] = bi;
              re[i1] = ar;
              im[i1] = ai;
              continue;
            }
            re[i0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
            im[i0] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
            re[i1] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
            im[i1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
          }
        }
      }
    });
  }

  /** A shared 1-qubit gate on in-array pairs (i, i + st) of one array: scalar, specialised by shape. */
  private static void inArray(double[] re, double[] im, int w, int st, Kind kind, Shape shape, double[] mr,
      double[] mi) {
    if (kind == Kind.PERM) {
      for (int base = 0; base < w; base += 2 * st) {
        for (int i0 = base, end = base + st; i0 < end; i0++) {
          int i1 = i0 + st;
          double r = re[i0];
          double i = im[i0];
          re[i0] = re[i1];
          im[i0] = im[i1];
          re[i1] = r;
          im[i1] = i;
        }
      }
    } else if (kind == Kind.DIAG) {
      double d0r = mr[0], d0i = mi[0], d1r = mr[3], d1i = mi[3];
      boolean skip0 = d0r == 1 && d0i == 0;
      for (int base = 0; base < w; base += 2 * st) {
        for (int i0 = base, end = base + st; i0 < end; i0++) {
          int i1 = i0 + st;
          if (!skip0) {
            double r = re[i0];
            double i = im[i0];
            re[i0] = d0r * r - d0i * i;
            im[i0] = d0r * i + d0i * r;
          }
          double r = re[i1];
          double i = im[i1];
          re[i1] = d1r * r - d1i * i;
          im[i1] = d1r * i + d1i * r;
        }
      }
    } else if (shape == Shape.ROT || shape == Shape.REFL || shape == Shape.REAL) {
      double a = mr[0], b = mr[1], c = mr[2], d = mr[3];
      for (int base = 0; base < w; base += 2 * st) {
        for (int i0 = base, end = base + st; i0 < end; i0++) {
          int i1 = i0 + st;
          double ar = re[i0], ai = im[i0], br = re[i1], bi = im[i1];
          re[i0] = a * ar + b * br;
          im[i0] = a * ai + b * bi;
          re[i1] = c * ar + d * br;
          im[i1] = c * ai + d * bi;
        }
      }
    } else if (shape == Shape.RX) {
      double c = mr[0], sn = -mi[1];
      for (int base = 0; base < w; base += 2 * st) {
        for (int i0 = base, end = base + st; i0 < end; i0++) {
          int i1 = i0 + st;
          double ar = re[i0], ai = im[i0], br = re[i1], bi = im[i1];
          re[i0] = c * ar + sn * bi;
          im[i0] = c * ai - sn * br;
          re[i1] = c * br + sn * ai;
          im[i1] = c * bi - sn * ar;
        }
      }
    } else {
      double m00r = mr[0], m00i = mi[0], m01r = mr[1], m01i = mi[1];
      double m10r = mr[2], m10i = mi[2], m11r = mr[3], m11i = mi[3];
      for (int base = 0; base < w; base += 2 * st) {
        for (int i0 = base, end = base + st; i0 < end; i0++) {
          int i1 = i0 + st;
          double ar = re[i0], ai = im[i0], br = re[i1], bi = im[i1];
          re[i0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
          im[i0] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
          re[i1] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
          im[i1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
        }
      }
    }
  }

  // ---------------------------------------------------------------- 1 or 2 targets, mixed placement

  /**
   * A shared 1- or 2-target gate that touches lane qubits of a chunked state (and is not a
   * 1-qubit gate on a lane target): the amplitudes of a group sit in up to 4 arrays at up to 4
   * lane offsets. Scalar, unrolled.
   */
  private static void scalar(Amps s, int[] t, int cMask, int cVal, Mat m, Kind kind, Par par) {
    var plan = new Plan(s, t, cMask, cVal);
    int[] bases = plan.laneBases;
    if (t.length == 1) {
      int a1 = plan.aOff[1];
      int x1 = plan.xOff[1];
      double m00r = m.re[0], m00i = m.im[0], m01r = m.re[1], m01i = m.im[1];
      double m10r = m.re[2], m10i = m.im[2], m11r = m.re[3], m11i = m.im[3];
      boolean perm = kind == Kind.PERM;
      par.range(plan.groups, (long) bases.length * 2, (from, to) -> {
        for (int g = from; g < to; g++) {
          int a = deposit(g, plan.arrPos) | plan.arrCv;
          double[] xr = s.re[a], xi = s.im[a], yr = s.re[a | a1], yi = s.im[a | a1];
          for (int x : bases) {
            int y = x + x1;
            double ar = xr[x], ai = xi[x], br = yr[y], bi = yi[y];
            if (perm) {
              xr[x] = br;
              xi[x] = bi;
              yr[y] = ar;
              yi[y] = ai;
            } else {
              xr[x] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
              xi[x] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
              yr[y] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
              yi[y] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
            }
          }
        }
      });
      return;
    }
    int[] ao = plan.aOff;
    int[] xo = plan.xOff;
    double[] mr = m.re;
    double[] mi = m.im;
    boolean cross = kind == Kind.GEN && crossBlocks(m);
    par.range(plan.groups, (long) bases.length * 4, (from, to) -> {
      var ar = new double[4][];
      var ai = new double[4][];
      for (int g = from; g < to; g++) {
        int a = deposit(g, plan.arrPos) | plan.arrCv;
        for (int j = 0; j < 4; j++) {
          ar[j] = s.re[a | ao[j]];
          ai[j] = s.im[a | ao[j]];
        }
        if (kind == Kind.PERM) {
          for (int x : bases) {
            int p1 = x + xo[1];
            int p2 = x + xo[2];
            double tr = ar[1][p1];
            double ti = ai[1][p1];
            ar[1][p1] = ar[2][p2];
            ai[1][p1] = ai[2][p2];
            ar[2][p2] = tr;
            ai[2][p2] = ti;
          }
        } else if (kind == Kind.DIAG) {
          for (int j = 0; j < 4; j++) {
            if (mr[j * 5] != 1 || mi[j * 5] != 0) {
              scaleAt(ar[j], ai[j], bases, xo[j], mr[j * 5], mi[j * 5]);
            }
          }
        } else if (cross) {
          block(ar[0], ai[0], xo[0], ar[3], ai[3], xo[3], bases, mr, mi, 0, 3);
          block(ar[1], ai[1], xo[1], ar[2], ai[2], xo[2], bases, mr, mi, 1, 2);
        } else {
          dense4(ar, ai, xo, bases, mr, mi);
        }
      }
    });
  }

  private static void scaleAt(double[] re, double[] im, int[] bases, int o, double dr, double di) {
    for (int x : bases) {
      double r = re[x + o];
      double i = im[x + o];
      re[x + o] = dr * r - di * i;
      im[x + o] = dr * i + di * r;
    }
  }

  /** The 2x2 block (p, q) of a 4x4 matrix on amplitudes (pr[x + op], qr[x + oq]) for every lane base x. */
  private static void block(double[] pr, double[] pi, int op, double[] qr, double[] qi, int oq, int[] bases,
      double[] mr, double[] mi, int p, int q) {
    int pp = p * 5, pq = p * 4 + q, qp = q * 4 + p, qq = q * 5;
    double m00r = mr[pp], m00i = mi[pp], m01r = mr[pq], m01i = mi[pq];
    double m10r = mr[qp], m10i = mi[qp], m11r = mr[qq], m11i = mi[qq];
    for (int x : bases) {
      int i0 = x + op;
      int i1 = x + oq;
      double ar = pr[i0], ai = pi[i0], br = qr[i1], bi = qi[i1];
      pr[i0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      pi[i0] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      qr[i1] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      qi[i1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
  }

  /** A dense 4x4 matrix on amplitudes (ar[j][x + xo[j]]) for every lane base x. */
  private static void dense4(double[][] ar, double[][] ai, int[] xo, int[] bases, double[] mr, double[] mi) {
    double[] r0 = ar[0], i0 = ai[0], r1 = ar[1], i1 = ai[1], r2 = ar[2], i2 = ai[2], r3 = ar[3], i3 = ai[3];
    int o0 = xo[0], o1 = xo[1], o2 = xo[2], o3 = xo[3];
    for (int x : bases) {
      double v0r = r0[x + o0], v0i = i0[x + o0], v1r = r1[x + o1], v1i = i1[x + o1];
      double v2r = r2[x + o2], v2i = i2[x + o2], v3r = r3[x + o3], v3i = i3[x + o3];
      for (int r = 0; r < 4; r++) {
        int e = r * 4;
        double nr = mr[e] * v0r - mi[e] * v0i + mr[e + 1] * v1r - mi[e + 1] * v1i
            + mr[e + 2] * v2r - mi[e + 2] * v2i + mr[e + 3] * v3r - mi[e + 3] * v3i;
        double ni = mr[e] * v0i + mi[e] * v0r + mr[e + 1] * v1i + mi[e + 1] * v1r
            + mr[e + 2] * v2i + mi[e + 2] * v2r + mr[e + 3] * v3i + mi[e + 3] * v3r;
        ar[r][x + xo[r]] = nr;
        ai[r][x + xo[r]] = ni;
      }
    }
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
