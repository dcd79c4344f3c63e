package dev.qssm.strange;

import dev.qssm.circuit.GateMatrix;

/** A 2x2 complex matrix [[a, b], [c, d]] in double precision (row-major, row = output). */
record Mat2(double ar, double ai, double br, double bi, double cr, double ci, double dr, double di) {
  static final Mat2 I = new Mat2(1, 0, 0, 0, 0, 0, 1, 0);
  static final Mat2 X = new Mat2(0, 0, 1, 0, 1, 0, 0, 0);
  static final Mat2 H = new Mat2(Math.sqrt(0.5), 0, Math.sqrt(0.5), 0, Math.sqrt(0.5), 0, -Math.sqrt(0.5), 0);

  static Mat2 of(GateMatrix m) {
    if (m.dim() != 2) {
      throw new IllegalArgumentException("not a single-qubit matrix: dim " + m.dim());
    }
    return new Mat2(m.re(0, 0), m.im(0, 0), m.re(0, 1), m.im(0, 1), m.re(1, 0), m.im(1, 0), m.re(1, 1), m.im(1, 1));
  }

  /** diag(1, e^{iφ}). */
  static Mat2 phase(double phi) {
    return new Mat2(1, 0, 0, 0, 0, 0, Math.cos(phi), Math.sin(phi));
  }

  /** exp(-iθZ/2), the true RZ (Strange's RotationZ is only the global phase of it). */
  static Mat2 rz(double theta) {
    double c = Math.cos(theta / 2), s = Math.sin(theta / 2);
    return new Mat2(c, -s, 0, 0, 0, 0, c, s);
  }

  static Mat2 ry(double theta) {
    double c = Math.cos(theta / 2), s = Math.sin(theta / 2);
    return new Mat2(c, 0, -s, 0, s, 0, c, 0);
  }

  /** this · o (o is applied first). */
  Mat2 times(Mat2 o) {
    return new Mat2(
        ar * o.ar - ai * o.ai + br * o.cr - bi * o.ci, ar * o.ai + ai * o.ar + br * o.ci + bi * o.cr,
        ar * o.br - ai * o.bi + br * o.dr - bi * o.di, ar * o.bi + ai * o.br + br * o.di + bi * o.dr,
        cr * o.ar - ci * o.ai + dr * o.cr - di * o.ci, cr * o.ai + ci * o.ar + dr * o.ci + di * o.cr,
        cr * o.br - ci * o.bi + dr * o.dr - di * o.di, cr * o.bi + ci * o.br + dr * o.di + di * o.dr);
  }

  Mat2 scale(double re, double im) {
    return new Mat2(ar * re - ai * im, ar * im + ai * re, br * re - bi * im, br * im + bi * re,
        cr * re - ci * im, cr * im + ci * re, dr * re - di * im, dr * im + di * re);
  }

  Mat2 adjoint() {
    return new Mat2(ar, -ai, cr, -ci, br, -bi, dr, -di);
  }

  boolean isIdentity() {
    return equals(I);
  }

  boolean isX() {
    return equals(X);
  }

  /**
   * A unitary square root: (U + sI)/sqrt(tr U + 2s) with s = ±sqrt(det U), the sign that keeps the
   * denominator away from zero (one of the two always does for a unitary).
   */
  Mat2 sqrt() {
    double detR = ar * dr - ai * di - (br * cr - bi * ci);
    double detI = ar * di + ai * dr - (br * ci + bi * cr);
    double mod = Math.sqrt(Math.hypot(detR, detI));
    double arg = Math.atan2(detI, detR) / 2;
    double sr = mod * Math.cos(arg), si = mod * Math.sin(arg);
    double tr = ar + dr, ti = ai + di;
    if (Math.hypot(tr + 2 * sr, ti + 2 * si) < Math.hypot(tr - 2 * sr, ti - 2 * si)) {
      sr = -sr;
      si = -si;
    }
    // 1 / sqrt(tr + 2s)
    double zr = tr + 2 * sr, zi = ti + 2 * si;
    double zm = Math.sqrt(Math.hypot(zr, zi));
    double za = Math.atan2(zi, zr) / 2;
    double inv = 1 / zm;
    var sum = new Mat2(ar + sr, ai + si, br, bi, cr, ci, dr + sr, di + si);
    return sum.scale(inv * Math.cos(-za), inv * Math.sin(-za));
  }

  /**
   * U = e^{iα} Rz(β) Ry(γ) Rz(δ) as {α, β, γ, δ} (Nielsen and Chuang, theorem 4.1), for the
   * A·X·B·X·C form of a singly controlled U.
   */
  double[] zyz() {
    double detR = ar * dr - ai * di - (br * cr - bi * ci);
    double detI = ar * di + ai * dr - (br * ci + bi * cr);
    double alpha = Math.atan2(detI, detR) / 2;
    // W = e^{-iα} U is in SU(2): [[a, -b*], [b, a*]]
    double er = Math.cos(-alpha), ei = Math.sin(-alpha);
    double wa_r = ar * er - ai * ei, wa_i = ar * ei + ai * er;
    double wb_r = cr * er - ci * ei, wb_i = cr * ei + ci * er;
    double absA = Math.hypot(wa_r, wa_i), absB = Math.hypot(wb_r, wb_i);
    double argA = absA < 1e-12 ? 0 : Math.atan2(wa_i, wa_r);
    double argB = absB < 1e-12 ? 0 : Math.atan2(wb_i, wb_r);
    double gamma = 2 * Math.atan2(absB, absA);
    double sum = -2 * argA; // β + δ
    double diff = 2 * argB; // β - δ
    return new double[] {alpha, (sum + diff) / 2, gamma, (sum - diff) / 2};
  }
}
