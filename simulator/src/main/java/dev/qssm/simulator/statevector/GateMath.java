package dev.qssm.simulator.statevector;

import dev.qssm.circuit.Gate;

/**
 * Matrices of the parameterised base gates and their derivatives by one angle, written straight
 * into arrays (no allocation per row). Rotations exp(-iθG/2) are linear in (cos θ/2, sin θ/2), so
 * d/dθ is the same matrix built from (-sin θ/2 / 2, cos θ/2 / 2).
 */
final class GateMath {
  private GateMath() {}

  /** True for the gates whose matrix depends on angles. */
  static boolean parameterised(Gate base) {
    return base.numParams() > 0;
  }

  /**
   * Writes M ({@code which = -1}) or dM/d(angle {@code which}) of {@code base} at {@code a} into
   * {@code re}/{@code im} (dim*dim, row-major).
   */
  static void fill(Gate base, double[] a, int which, double[] re, double[] im) {
    java.util.Arrays.fill(re, 0);
    java.util.Arrays.fill(im, 0);
    double th = a.length > 0 ? a[0] : 0;
    double c = Math.cos(th / 2);
    double s = Math.sin(th / 2);
    if (which == 0 && base != Gate.P) {
      double dc = -s / 2;
      s = c / 2;
      c = dc;
    }
    switch (base) {
      case RX:
        re[0] = c;
        im[1] = -s;
        im[2] = -s;
        re[3] = c;
        return;
      case RY:
        re[0] = c;
        re[1] = -s;
        re[2] = s;
        re[3] = c;
        return;
      case RZ:
        re[0] = c;
        im[0] = -s;
        re[3] = c;
        im[3] = s;
        return;
      case P:
        if (which < 0) {
          re[0] = 1;
          re[3] = Math.cos(th);
          im[3] = Math.sin(th);
        } else {
          re[3] = -Math.sin(th);
          im[3] = Math.cos(th);
        }
        return;
      case RZZ:
        for (int k = 0; k < 4; k++) {
          re[k * 5] = c;
          im[k * 5] = (Integer.bitCount(k) & 1) == 0 ? -s : s;
        }
        return;
      case RXX:
        for (int k = 0; k < 4; k++) {
          re[k * 5] = c;
          im[k * 4 + (3 - k)] = -s;
        }
        return;
      case U:
      case U3:
        u(base == Gate.U3, c, s, a[1], a[2], which, re, im);
        return;
      default:
        throw new IllegalArgumentException(base + " has no angles");
    }
  }

  /**
   * U(θ,φ,λ) = [[c, -e^{iλ} s], [e^{iφ} s, e^{i(φ+λ)} c]], times e^{-i(φ+λ)/2} for u3; (c, s) may
   * already be the θ-derivative. d/dφ multiplies row 1 by i, d/dλ column 1; u3's phase adds -i/2 M.
   */
  private static void u(boolean u3, double c, double s, double ph, double la, int which, double[] re, double[] im) {
    double g = u3 ? -(ph + la) / 2 : 0;
    re[0] = c * Math.cos(g);
    im[0] = c * Math.sin(g);
    re[1] = -s * Math.cos(la + g);
    im[1] = -s * Math.sin(la + g);
    re[2] = s * Math.cos(ph + g);
    im[2] = s * Math.sin(ph + g);
    re[3] = c * Math.cos(ph + la + g);
    im[3] = c * Math.sin(ph + la + g);
    if (which < 1) {
      return;
    }
    // M' = M * (i on the entries that carry the angle) + (u3 ? -i/2 M : 0)
    double[] mr = re.clone();
    double[] mi = im.clone();
    for (int e = 0; e < 4; e++) {
      boolean carries = which == 1 ? e >= 2 : (e & 1) == 1;
      double fr = 0;
      double fi = (carries ? 1 : 0) - (u3 ? 0.5 : 0);
      re[e] = fr * mr[e] - fi * mi[e];
      im[e] = fr * mi[e] + fi * mr[e];
    }
  }
}
