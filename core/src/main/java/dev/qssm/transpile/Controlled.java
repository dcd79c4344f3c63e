package dev.qssm.transpile;

import static dev.qssm.transpile.Ops.c;
import static dev.qssm.transpile.Ops.g;
import static dev.qssm.transpile.Ops.scale;

import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers {@code ctrl @}/{@code negctrl @} modifiers to single-qubit gates and {@code cx}, exactly:
 * under a control a global phase becomes a relative one, so the base gate is first written as
 * {@code rz}, {@code ry}, {@code x}, {@code cx} and a tracked global phase (each phase term affine in
 * one parameter), then every piece is controlled on its own: a phase α becomes P(α) on a control,
 * a one-qubit gate RZ(φ)·RY(θ)·RZ(λ) becomes A·C^kX·B·C^kX·C, C^k-CX = C^(k+1)X, and C^kX for
 * k ≥ 3 is H·(phase π on all ones)·H, the multi-controlled phase a Gray-code cx/p network (no ancillas).
 */
final class Controlled {
  private Controlled() {}

  /** A global phase e^{iα} as one of the pieces of an exact decomposition. */
  private record Phase(Angle angle) {}

  /** RZ(φ)·RY(θ)·RZ(λ) on q (an SU(2) piece). */
  private record Euler(int q, Angle theta, Angle phi, Angle lambda) {}

  static void lower(GateOperation op, List<Instruction> out) {
    int[] ctl = op.controlQubits();
    boolean[] on = op.controlStates();
    for (int i = 0; i < ctl.length; i++) {
      if (!on[i]) {
        out.add(g(Gate.X, ctl[i]));
      }
    }
    // ctrl @ crx = a twice-controlled rx: builtin controls join the modifier ones
    var controls = new ArrayList<Integer>();
    for (int q : op.allControls()) {
      controls.add(q);
    }
    Gate base = op.gate().builtinControls() > 0 ? op.gate().base() : op.gate();
    int[] t = op.targets();
    if (base == Gate.X) {
      mcx(controls, t[0], out);
    } else if (base == Gate.SWAP) {
      // C^k-SWAP(a,b) = CX(b→a)·C^(k+1)X(→b)·CX(b→a)
      out.add(g(Gate.CX, t[1], t[0]));
      var more = new ArrayList<>(controls);
      more.add(t[0]);
      mcx(more, t[1], out);
      out.add(g(Gate.CX, t[1], t[0]));
    } else {
      controlEach(controls, exact(GateOperation.of(base, op.angles(), t)), out);
    }
    for (int i = 0; i < ctl.length; i++) {
      if (!on[i]) {
        out.add(g(Gate.X, ctl[i]));
      }
    }
  }

  private static void controlEach(List<Integer> controls, List<Object> pieces, List<Instruction> out) {
    for (Object piece : pieces) {
      if (piece instanceof Phase p) {
        phase(controls, p.angle(), out);
      } else if (piece instanceof Euler e) {
        euler(controls, e, out);
      } else {
        var g = (GateOperation) piece;
        int[] q = g.qubits();
        switch (g.gate()) {
          case X:
            mcx(controls, q[0], out);
            break;
          case CX: {
            var more = new ArrayList<>(controls);
            more.add(q[0]);
            mcx(more, q[1], out);
            break;
          }
          default:
            throw new AssertionError("not a primitive: " + g);
        }
      }
    }
  }

  /** The base gate as rz, ry, x, cx and Phase pieces, equal to it as a matrix (phase included). */
  private static List<Object> exact(GateOperation base) {
    var out = new ArrayList<Object>();
    if (base.gate().numQubits() == 1) {
      oneQubit(base, out);
      return out;
    }
    var pieces = new ArrayList<Instruction>();
    DecomposeToCx.expand(base, pieces);
    for (Instruction ins : pieces) {
      var g = (GateOperation) ins;
      if (g.gate() == Gate.CX) {
        out.add(g);
      } else {
        oneQubit(g, out);
      }
    }
    return out;
  }

  private static void oneQubit(GateOperation op, List<Object> out) {
    int q = op.qubits()[0];
    List<Angle> a = op.angles();
    Angle zero = c(0);
    switch (op.gate()) {
      case ID:
        return;
      case X:
        out.add(g(Gate.X, q));
        return;
      case RZ:
        out.add(new Euler(q, zero, zero, a.get(0)));
        return;
      case RY:
        out.add(new Euler(q, a.get(0), zero, zero));
        return;
      case RX:
        // RX(θ) = RZ(-π/2)·RY(θ)·RZ(π/2) exactly
        out.add(new Euler(q, a.get(0), c(-Math.PI / 2), c(Math.PI / 2)));
        return;
      case P:
        out.add(new Euler(q, zero, zero, a.get(0)));
        out.add(new Phase(scale(a.get(0), 0.5)));
        return;
      case U3:
      case U:
        // u3(θ,φ,λ) = RZ(φ)·RY(θ)·RZ(λ); U adds the phase (φ+λ)/2, as two terms each in one parameter
        out.add(new Euler(q, a.get(0), a.get(1), a.get(2)));
        if (op.gate() == Gate.U) {
          out.add(new Phase(scale(a.get(1), 0.5)));
          out.add(new Phase(scale(a.get(2), 0.5)));
        }
        return;
      default:
        break;
    }
    if (a.stream().anyMatch(x -> !x.isConstant())) {
      throw new UnsupportedCircuitException("no exact controlled decomposition of parametric " + op);
    }
    double[] m = Ops.matrix(op);
    double[] zyz = Ops.zyz(m);
    double[] p = Ops.mul(Ops.matrix(g(Gate.RZ, c(zyz[1]), q)),
        Ops.mul(Ops.matrix(g(Gate.RY, c(zyz[0]), q)), Ops.matrix(g(Gate.RZ, c(zyz[2]), q))));
    // the phase α of m = e^{iα}·p, read off the larger entry of the first column
    int k = Math.hypot(p[0], p[1]) >= Math.hypot(p[4], p[5]) ? 0 : 4;
    double alpha = Math.atan2(m[k + 1], m[k]) - Math.atan2(p[k + 1], p[k]);
    out.add(new Euler(q, c(zyz[0]), c(zyz[1]), c(zyz[2])));
    out.add(new Phase(c(alpha)));
  }

  /**
   * C^k of RZ(φ)·RY(θ)·RZ(λ) as A·X·B·X·C with ABC = 1 (Barenco et al. lemma 4.3): C = RZ((λ-φ)/2),
   * B = RY(-θ/2)·RZ(-(φ+λ)/2), A = RZ(φ)·RY(θ/2), each sum split into rotations in one parameter.
   */
  private static void euler(List<Integer> controls, Euler e, List<Instruction> out) {
    int q = e.q();
    if (controls.isEmpty()) {
      rot(Gate.RZ, e.lambda(), q, out);
      rot(Gate.RY, e.theta(), q, out);
      rot(Gate.RZ, e.phi(), q, out);
      return;
    }
    rot(Gate.RZ, scale(e.lambda(), 0.5), q, out);
    rot(Gate.RZ, scale(e.phi(), -0.5), q, out);
    mcx(controls, q, out);
    rot(Gate.RZ, scale(e.phi(), -0.5), q, out);
    rot(Gate.RZ, scale(e.lambda(), -0.5), q, out);
    rot(Gate.RY, scale(e.theta(), -0.5), q, out);
    mcx(controls, q, out);
    rot(Gate.RY, scale(e.theta(), 0.5), q, out);
    rot(Gate.RZ, e.phi(), q, out);
  }

  /** A rotation, left out when it is the constant 0 (not 2π: under a control, RZ(2π) = -1 matters). */
  private static void rot(Gate axis, Angle a, int q, List<Instruction> out) {
    if (!(a.isConstant() && Math.abs(a.offset()) < 1e-15)) {
      out.add(g(axis, a, q));
    }
  }

  /** C^k of a global phase α: a phase α on |1..1> of the controls. */
  private static void phase(List<Integer> controls, Angle alpha, List<Instruction> out) {
    if (controls.isEmpty() || (alpha.isConstant() && Ops.isZeroAngle(alpha.offset()))) {
      return;
    }
    multiPhase(controls, alpha, out);
  }

  /** C^k-RZ(θ) or C^k-RY(θ) on t. */
  private static void rotation(List<Integer> controls, Gate rot, Angle theta, int t, List<Instruction> out) {
    if (controls.isEmpty()) {
      out.add(g(rot, theta, t));
      return;
    }
    out.add(g(rot, scale(theta, 0.5), t));
    mcx(controls, t, out);
    out.add(g(rot, scale(theta, -0.5), t));
    mcx(controls, t, out);
  }

  /** C^kX on t: cx, the 6-cx Toffoli, and from 3 controls on H·(phase π on |1..1>)·H. */
  static void mcx(List<Integer> controls, int t, List<Instruction> out) {
    int k = controls.size();
    if (k == 0) {
      out.add(g(Gate.X, t));
    } else if (k == 1) {
      out.add(g(Gate.CX, controls.get(0), t));
    } else if (k == 2) {
      DecomposeToCx.ccx(out, controls.get(0), controls.get(1), t);
    } else {
      var all = new ArrayList<>(controls);
      all.add(t);
      out.add(g(Gate.H, t));
      multiPhase(all, c(Math.PI), out);
      out.add(g(Gate.H, t));
    }
  }

  /**
   * The phase e^{iλ} on |1..1> of {@code qs} (m qubits), no ancilla, 2^m - 1 cx: since
   * 2^(m-1)·x_1⋯x_m = Σ over non-empty subsets S of (-1)^(|S|-1)·parity(S), apply P(±λ/2^(m-1)) to
   * every subset parity, gathering the parities with the largest member as target, the rest
   * visited in Gray-code order (one cx per step).
   */
  private static void multiPhase(List<Integer> qs, Angle lambda, List<Instruction> out) {
    int m = qs.size();
    double unit = 1.0 / (1L << (m - 1));
    for (int h = 0; h < m; h++) {
      int th = qs.get(h);
      for (int i = 0; i < (1 << h); i++) {
        if (i > 0) {
          out.add(g(Gate.CX, qs.get(Integer.numberOfTrailingZeros(i)), th));
        }
        int size = Integer.bitCount(i ^ (i >> 1)) + 1;
        out.add(g(Gate.P, scale(lambda, size % 2 == 1 ? unit : -unit), th));
      }
      if (h > 0) {
        out.add(g(Gate.CX, qs.get(h - 1), th));
      }
    }
  }
}
