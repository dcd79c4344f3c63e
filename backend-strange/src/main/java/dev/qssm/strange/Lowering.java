package dev.qssm.strange;

import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import java.util.Arrays;
import java.util.List;

/**
 * Lowers one bound {@link GateOperation} to single-qubit matrices, CNOTs and safe-layout Toffolis:
 * what Strange 0.1.3 runs correctly. Every decomposition is exact including the global phase,
 * because a controlled copy of a gate turns its global phase into a relative one.
 */
final class Lowering {
  private static final Mat2 T = Mat2.phase(Math.PI / 4);
  private static final Mat2 TDG = Mat2.phase(-Math.PI / 4);

  private Lowering() {}

  static void lower(GateOperation op, double[] angles, List<Prim> out) {
    int[] controls = op.allControls();
    boolean[] states = op.allControlStates();
    int[] targets = op.targets();
    flipNegativeControls(controls, states, out); // negctrl = X, ctrl, X
    Gate base = op.gate().base();
    if (base.targets() == 1) {
      controlled(controls, targets[0], Mat2.of(op.matrix(angles)), out);
    } else {
      twoTarget(base, angles, targets[0], targets[1], controls, out);
    }
    flipNegativeControls(controls, states, out);
  }

  private static void flipNegativeControls(int[] controls, boolean[] states, List<Prim> out) {
    for (int i = 0; i < controls.length; i++) {
      if (!states[i]) {
        out.add(new Prim.One(controls[i], Mat2.X));
      }
    }
  }

  /** Two-target gates as CNOTs and one-qubit gates on (a = bit 0, b = bit 1), each with {@code controls} added. */
  private static void twoTarget(Gate base, double[] angles, int a, int b, int[] controls, List<Prim> out) {
    switch (base) {
      case SWAP:
        cx(controls, a, b, out);
        cx(controls, b, a, out);
        cx(controls, a, b, out);
        return;
      case RZZ: // exp(-iθ/2 ZZ) = CX · RZ(θ) on b · CX
        cx(controls, a, b, out);
        controlled(controls, b, Mat2.rz(angles[0]), out);
        cx(controls, a, b, out);
        return;
      case RXX: // H⊗H · RZZ · H⊗H
        controlled(controls, a, Mat2.H, out);
        controlled(controls, b, Mat2.H, out);
        twoTarget(Gate.RZZ, angles, a, b, controls, out);
        controlled(controls, a, Mat2.H, out);
        controlled(controls, b, Mat2.H, out);
        return;
      case ECR: // (IX - XY)/√2 = X_a · exp(-iπ/4 Z_a X_b), and Z_a X_b = H_b Z_a Z_b H_b
        controlled(controls, b, Mat2.H, out);
        twoTarget(Gate.RZZ, new double[] {Math.PI / 2}, a, b, controls, out);
        controlled(controls, b, Mat2.H, out);
        controlled(controls, a, Mat2.X, out);
        return;
      default:
        throw new IllegalStateException("no lowering for two-target gate " + base.qasmName());
    }
  }

  private static void cx(int[] controls, int c, int t, List<Prim> out) {
    controlled(append(controls, c), t, Mat2.X, out);
  }

  /** U on {@code target} when every control is |1>. */
  static void controlled(int[] controls, int target, Mat2 u, List<Prim> out) {
    int k = controls.length;
    if (u.isIdentity()) {
      return;
    }
    if (k == 0) {
      out.add(new Prim.One(target, u));
    } else if (k == 1) {
      singlyControlled(controls[0], target, u, out);
    } else if (k == 2 && u.isX()) {
      ccx(controls[0], controls[1], target, out);
    } else {
      // Barenco et al. lemma 7.5 with V² = U: C(V) from the last control, C^{k-1}X onto it, C(V†), C^{k-1}X, C^{k-1}(V)
      int last = controls[k - 1];
      int[] rest = Arrays.copyOf(controls, k - 1);
      Mat2 v = u.sqrt();
      singlyControlled(last, target, v, out);
      controlled(rest, last, Mat2.X, out);
      singlyControlled(last, target, v.adjoint(), out);
      controlled(rest, last, Mat2.X, out);
      controlled(rest, target, v, out);
    }
  }

  /** C-U = P(α) on the control, and A X B X C on the target (Nielsen and Chuang, corollary 4.2). */
  private static void singlyControlled(int c, int t, Mat2 u, List<Prim> out) {
    if (u.isX()) {
      out.add(new Prim.Cx(c, t));
      return;
    }
    double[] zyz = u.zyz();
    double alpha = zyz[0], beta = zyz[1], gamma = zyz[2], delta = zyz[3];
    Mat2 a = Mat2.rz(beta).times(Mat2.ry(gamma / 2));
    Mat2 b = Mat2.ry(-gamma / 2).times(Mat2.rz(-(delta + beta) / 2));
    Mat2 cm = Mat2.rz((delta - beta) / 2);
    out.add(new Prim.One(t, cm));
    out.add(new Prim.Cx(c, t));
    out.add(new Prim.One(t, b));
    out.add(new Prim.Cx(c, t));
    out.add(new Prim.One(t, a));
    out.add(new Prim.One(c, Mat2.phase(alpha)));
  }

  /**
   * CCX: Strange's Toffoli where its layout is safe (target below both controls, or above both
   * with the controls in increasing order), else the exact six-CNOT decomposition.
   */
  static void ccx(int c1, int c2, int t, List<Prim> out) {
    int lo = Math.min(c1, c2), hi = Math.max(c1, c2);
    if (t < lo || t > hi) {
      out.add(new Prim.Ccx(lo, hi, t));
      return;
    }
    Mat2 h = Mat2.H;
    out.add(new Prim.One(t, h));
    out.add(new Prim.Cx(c2, t));
    out.add(new Prim.One(t, TDG));
    out.add(new Prim.Cx(c1, t));
    out.add(new Prim.One(t, T));
    out.add(new Prim.Cx(c2, t));
    out.add(new Prim.One(t, TDG));
    out.add(new Prim.Cx(c1, t));
    out.add(new Prim.One(c2, T));
    out.add(new Prim.One(t, T));
    out.add(new Prim.One(t, h));
    out.add(new Prim.Cx(c1, c2));
    out.add(new Prim.One(c1, T));
    out.add(new Prim.One(c2, TDG));
    out.add(new Prim.Cx(c1, c2));
  }

  private static int[] append(int[] a, int v) {
    int[] r = Arrays.copyOf(a, a.length + 1);
    r[a.length] = v;
    return r;
  }
}
