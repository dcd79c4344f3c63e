package dev.qssm.qasm;

import dev.qssm.circuit.GateMatrix;
import dev.qssm.qasm.Prim.GatePrim;
import dev.qssm.qasm.Prim.PhasePrim;
import java.util.List;

/**
 * The matrix of a few constant primitives on n qubits (little-endian), so the importer can check
 * that a definition named rzz, rxx or ecr really is that gate before mapping it to the IR gate.
 */
final class Unitary {
  private Unitary() {}

  /** {re, im}, row-major 2^n x 2^n; every angle must be constant. */
  static double[][] of(List<Prim> prims, int n) {
    int dim = 1 << n;
    var re = new double[dim * dim];
    var im = new double[dim * dim];
    for (int col = 0; col < dim; col++) {
      var sr = new double[dim];
      var si = new double[dim];
      sr[col] = 1;
      for (Prim p : prims) {
        apply(p, sr, si);
      }
      for (int row = 0; row < dim; row++) {
        re[row * dim + col] = sr[row];
        im[row * dim + col] = si[row];
      }
    }
    return new double[][] {re, im};
  }

  /**
   * The global phase α with {@code u = e^{iα} m}, or NaN when u is not m up to a phase
   * (tolerance 1e-9 per entry).
   */
  static double phaseTo(double[][] u, GateMatrix m) {
    double tr = 0, ti = 0; // <m, u> = Σ conj(m) u
    int d2 = m.dim() * m.dim();
    for (int k = 0; k < d2; k++) {
      tr += m.re()[k] * u[0][k] + m.im()[k] * u[1][k];
      ti += m.re()[k] * u[1][k] - m.im()[k] * u[0][k];
    }
    double alpha = Math.atan2(ti, tr);
    double c = Math.cos(alpha), s = Math.sin(alpha);
    for (int k = 0; k < d2; k++) {
      double er = c * m.re()[k] - s * m.im()[k];
      double ei = c * m.im()[k] + s * m.re()[k];
      if (Math.abs(er - u[0][k]) > 1e-9 || Math.abs(ei - u[1][k]) > 1e-9) {
        return Double.NaN;
      }
    }
    return alpha;
  }

  private static void apply(Prim p, double[] re, double[] im) {
    if (p instanceof PhasePrim ph) {
      double c = Math.cos(ph.angle().offset()), s = Math.sin(ph.angle().offset());
      for (int i = 0; i < re.length; i++) {
        if (fires(i, ph.controls(), ph.states())) {
          double r = re[i];
          re[i] = c * r - s * im[i];
          im[i] = s * r + c * im[i];
        }
      }
      return;
    }
    if (!(p instanceof GatePrim g)) {
      return; // barriers
    }
    var angles = g.angles().stream().mapToDouble(Affine::offset).toArray();
    GateMatrix m = g.gate().targetMatrix(angles);
    int b = g.gate().builtinControls();
    var targets = java.util.Arrays.copyOfRange(g.qubits(), b, g.qubits().length);
    var controls = new int[b + g.controls().length];
    var states = new boolean[controls.length];
    for (int i = 0; i < b; i++) {
      controls[i] = g.qubits()[i];
      states[i] = true;
    }
    System.arraycopy(g.controls(), 0, controls, b, g.controls().length);
    System.arraycopy(g.states(), 0, states, b, g.states().length);
    int k = targets.length, dim = 1 << k;
    var idx = new int[dim];
    var gr = new double[dim];
    var gi = new double[dim];
    for (int base = 0; base < re.length; base++) {
      boolean isBase = fires(base, controls, states);
      for (int t : targets) {
        isBase &= ((base >> t) & 1) == 0;
      }
      if (!isBase) {
        continue;
      }
      for (int j = 0; j < dim; j++) {
        int i = base;
        for (int bit = 0; bit < k; bit++) {
          if (((j >> bit) & 1) == 1) {
            i |= 1 << targets[bit];
          }
        }
        idx[j] = i;
        gr[j] = re[i];
        gi[j] = im[i];
      }
      for (int row = 0; row < dim; row++) {
        double sr = 0, si = 0;
        for (int col = 0; col < dim; col++) {
          sr += m.re(row, col) * gr[col] - m.im(row, col) * gi[col];
          si += m.re(row, col) * gi[col] + m.im(row, col) * gr[col];
        }
        re[idx[row]] = sr;
        im[idx[row]] = si;
      }
    }
  }

  private static boolean fires(int index, int[] controls, boolean[] states) {
    for (int c = 0; c < controls.length; c++) {
      if ((((index >> controls[c]) & 1) == 1) != states[c]) {
        return false;
      }
    }
    return true;
  }
}
