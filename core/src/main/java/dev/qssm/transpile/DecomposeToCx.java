package dev.qssm.transpile;

import static dev.qssm.transpile.Ops.c;
import static dev.qssm.transpile.Ops.g;
import static dev.qssm.transpile.Ops.scale;

import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites every gate into single-qubit gates and {@code cx}, exactly up to a global phase (safe
 * because nothing controls the result any more); {@code ctrl @}/{@code negctrl @} modifiers are
 * lowered exactly, phase included, by {@link Controlled}. Angles stay affine in their parameter, so
 * parametric gates stay parametric.
 */
public final class DecomposeToCx implements Pass {

  @Override
  public Transpiled run(Transpiled in) {
    var out = new ArrayList<Instruction>();
    for (Instruction ins : in.circuit().instructions()) {
      if (ins instanceof GateOperation op) {
        expand(op, out);
      } else if (ins instanceof Conditional cond) {
        // a classical condition makes a global phase irrelevant, so each piece just inherits it
        int start = out.size();
        expand(cond.operation(), out);
        Ops.condition(out, start, cond);
      } else if (ins instanceof AmplitudeEncoding) {
        throw new UnsupportedCircuitException(
            "amplitude encoding must be lowered (AmplitudeLowering) before transpiling for a device");
      } else {
        out.add(ins);
      }
    }
    return in.withCircuit(Ops.rebuild(in.circuit(), in.circuit().numQubits(), out));
  }

  static void expand(GateOperation op, List<Instruction> out) {
    if (op.controlQubits().length > 0) {
      Controlled.lower(op, out);
      return;
    }
    int[] q = op.qubits();
    List<Angle> a = op.angles();
    switch (op.gate()) {
      case ID:
        return;
      case CX:
        out.add(op);
        return;
      case SWAP:
        cx(out, q[0], q[1]);
        cx(out, q[1], q[0]);
        cx(out, q[0], q[1]);
        return;
      case RZZ:
        cx(out, q[0], q[1]);
        out.add(g(Gate.RZ, a.get(0), q[1]));
        cx(out, q[0], q[1]);
        return;
      case RXX:
        out.add(g(Gate.H, q[0]));
        out.add(g(Gate.H, q[1]));
        cx(out, q[0], q[1]);
        out.add(g(Gate.RZ, a.get(0), q[1]));
        cx(out, q[0], q[1]);
        out.add(g(Gate.H, q[0]));
        out.add(g(Gate.H, q[1]));
        return;
      case ECR:
        // ECR(a,b) = X_a · exp(-iπ/4 Z_a X_b), and exp(-iπ/4 Z X) = H_b RZZ(π/2) H_b
        out.add(g(Gate.H, q[1]));
        cx(out, q[0], q[1]);
        out.add(g(Gate.RZ, c(Math.PI / 2), q[1]));
        cx(out, q[0], q[1]);
        out.add(g(Gate.H, q[1]));
        out.add(g(Gate.X, q[0]));
        return;
      case CY:
        out.add(g(Gate.SDG, q[1]));
        cx(out, q[0], q[1]);
        out.add(g(Gate.S, q[1]));
        return;
      case CZ:
        out.add(g(Gate.H, q[1]));
        cx(out, q[0], q[1]);
        out.add(g(Gate.H, q[1]));
        return;
      case CH:
        out.add(g(Gate.S, q[1]));
        out.add(g(Gate.H, q[1]));
        out.add(g(Gate.T, q[1]));
        cx(out, q[0], q[1]);
        out.add(g(Gate.TDG, q[1]));
        out.add(g(Gate.H, q[1]));
        out.add(g(Gate.SDG, q[1]));
        return;
      case CRZ:
        controlledRotation(out, Gate.RZ, a.get(0), q[0], q[1]);
        return;
      case CRY:
        controlledRotation(out, Gate.RY, a.get(0), q[0], q[1]);
        return;
      case CRX:
        out.add(g(Gate.H, q[1]));
        controlledRotation(out, Gate.RZ, a.get(0), q[0], q[1]);
        out.add(g(Gate.H, q[1]));
        return;
      case CP:
        out.add(g(Gate.P, scale(a.get(0), 0.5), q[0]));
        cx(out, q[0], q[1]);
        out.add(g(Gate.P, scale(a.get(0), -0.5), q[1]));
        cx(out, q[0], q[1]);
        out.add(g(Gate.P, scale(a.get(0), 0.5), q[1]));
        return;
      case CCX:
        ccx(out, q[0], q[1], q[2]);
        return;
      case CSWAP:
        cx(out, q[2], q[1]);
        ccx(out, q[0], q[1], q[2]);
        cx(out, q[2], q[1]);
        return;
      default:
        if (op.gate().numQubits() != 1) {
          throw new AssertionError("no decomposition for " + op.gate());
        }
        out.add(op);
    }
  }

  private static void controlledRotation(List<Instruction> out, Gate rot, Angle a, int ctl, int t) {
    out.add(g(rot, scale(a, 0.5), t));
    cx(out, ctl, t);
    out.add(g(rot, scale(a, -0.5), t));
    cx(out, ctl, t);
  }

  static void ccx(List<Instruction> out, int a, int b, int t) {
    out.add(g(Gate.H, t));
    cx(out, b, t);
    out.add(g(Gate.TDG, t));
    cx(out, a, t);
    out.add(g(Gate.T, t));
    cx(out, b, t);
    out.add(g(Gate.TDG, t));
    cx(out, a, t);
    out.add(g(Gate.T, b));
    out.add(g(Gate.T, t));
    out.add(g(Gate.H, t));
    cx(out, a, b);
    out.add(g(Gate.T, a));
    out.add(g(Gate.TDG, b));
    cx(out, a, b);
  }

  private static void cx(List<Instruction> out, int ctl, int t) {
    out.add(g(Gate.CX, ctl, t));
  }
}
