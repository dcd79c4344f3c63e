package dev.qssm.transpile;

import static dev.qssm.transpile.Ops.c;
import static dev.qssm.transpile.Ops.g;
import static dev.qssm.transpile.Ops.plus;
import static dev.qssm.transpile.Ops.rz;

import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a routed circuit of single-qubit gates and {@code cx} into the device basis: {@code rz},
 * {@code sx}, {@code x} and {@code cz} (either direction) or {@code ecr} (in a coupling-map
 * direction). Uses U3(θ,φ,λ) ∝ rz(φ+π)·sx·rz(θ+π)·sx·rz(λ), so every parametric angle lands in an
 * {@code rz} that is affine in a single parameter.
 */
public final class BasisTranslation implements Pass {
  private final Target target;

  public BasisTranslation(Target target) {
    this.target = target;
  }

  @Override
  public Transpiled run(Transpiled in) {
    var twoQ = new ArrayList<Instruction>();
    for (Instruction ins : in.circuit().instructions()) {
      if (ins instanceof GateOperation op && op.gate() == Gate.CX) {
        cx(in, op.qubits()[0], op.qubits()[1], twoQ);
      } else if (ins instanceof Conditional cond && cond.operation().gate() == Gate.CX) {
        int start = twoQ.size();
        cx(in, cond.operation().qubits()[0], cond.operation().qubits()[1], twoQ);
        Ops.condition(twoQ, start, cond);
      } else if (ins instanceof Conditional cond && cond.operation().gate().numQubits() == 2
          && !cond.operation().gate().qasmName().equals(target.twoQubitGate())) {
        throw new UnsupportedCircuitException("basis translation expects cx; decompose '" + cond + "' first");
      } else if (ins instanceof GateOperation op && op.gate().numQubits() == 2 && !op.gate().qasmName().equals(target.twoQubitGate())) {
        throw new UnsupportedCircuitException("basis translation expects cx; decompose '" + op + "' first");
      } else {
        twoQ.add(ins);
      }
    }
    var out = new ArrayList<Instruction>();
    for (Instruction ins : twoQ) {
      if (ins instanceof GateOperation op && op.gate().numQubits() == 1) {
        oneQubit(op, out);
      } else if (ins instanceof Conditional cond && cond.operation().gate().numQubits() == 1) {
        int start = out.size();
        oneQubit(cond.operation(), out);
        Ops.condition(out, start, cond);
      } else {
        out.add(ins);
      }
    }
    return in.withCircuit(Ops.rebuild(in.circuit(), in.circuit().numQubits(), out));
  }

  private void cx(Transpiled in, int a, int b, List<Instruction> out) {
    int pa = in.physicalQubit(a);
    int pb = in.physicalQubit(b);
    boolean forward = target.hasEdge(pa, pb);
    boolean backward = target.hasEdge(pb, pa);
    if (!forward && !backward) {
      throw new UnsupportedCircuitException(
          "cx on physical qubits (" + pa + ", " + pb + ") is not a coupling of " + target.name() + "; route first");
    }
    if ("cz".equals(target.twoQubitGate())) {
      out.add(g(Gate.H, b));
      out.add(forward ? g(Gate.CZ, a, b) : g(Gate.CZ, b, a));
      out.add(g(Gate.H, b));
    } else if (forward) {
      ecrCx(a, b, out);
    } else {
      // cx(a→b) = (H⊗H) cx(b→a) (H⊗H)
      out.add(g(Gate.H, a));
      out.add(g(Gate.H, b));
      ecrCx(b, a, out);
      out.add(g(Gate.H, a));
      out.add(g(Gate.H, b));
    }
  }

  /** cx(a→b) ∝ RZ_a(π/2)·RX_b(π/2)·ECR(a,b)·X_a, with ECR(a,b) = X_a·exp(-iπ/4 Z_a X_b). */
  private static void ecrCx(int a, int b, List<Instruction> out) {
    out.add(g(Gate.X, a));
    out.add(g(Gate.ECR, a, b));
    out.add(g(Gate.RZ, c(Math.PI / 2), a));
    out.add(g(Gate.RX, c(Math.PI / 2), b));
  }

  static void oneQubit(GateOperation op, List<Instruction> out) {
    int q = op.qubits()[0];
    List<Angle> a = op.angles();
    switch (op.gate()) {
      case ID:
        return;
      case X:
      case SX:
        out.add(op);
        return;
      case RZ:
      case P:
        out.add(rz(a.get(0), q));
        return;
      case Z:
        out.add(rz(Math.PI, q));
        return;
      case S:
        out.add(rz(Math.PI / 2, q));
        return;
      case SDG:
        out.add(rz(-Math.PI / 2, q));
        return;
      case T:
        out.add(rz(Math.PI / 4, q));
        return;
      case TDG:
        out.add(rz(-Math.PI / 4, q));
        return;
      case RX:
        if (!a.get(0).isConstant()) {
          u3(a.get(0), c(-Math.PI / 2), c(Math.PI / 2), q, out);
          return;
        }
        break;
      case RY:
        if (!a.get(0).isConstant()) {
          u3(a.get(0), c(0), c(0), q, out);
          return;
        }
        break;
      case U3:
      case U:
        if (a.stream().anyMatch(x -> !x.isConstant())) {
          u3(a.get(0), a.get(1), a.get(2), q, out);
          return;
        }
        break;
      default:
        break;
    }
    synthesize(Ops.matrix(op), q, out);
  }

  /** The shortest rz/sx/x sequence qssm knows for a constant 2x2 unitary. */
  static void synthesize(double[] m, int q, List<Instruction> out) {
    double[] zyz = Ops.zyz(m);
    double theta = zyz[0], phi = zyz[1], lambda = zyz[2];
    if (Ops.isZeroAngle(theta)) {
      addRz(phi + lambda, q, out);
    } else if (Math.abs(theta - Math.PI) < 1e-12) {
      // RY(π) = X·RZ(π) up to phase: U = RZ(φ)·X·RZ(π+λ) = X·RZ(π+λ-φ)... keep it simple and exact
      addRz(lambda - phi + Math.PI, q, out);
      out.add(g(Gate.X, q));
    } else if (Math.abs(theta - Math.PI / 2) < 1e-12) {
      // U2(φ,λ) ∝ rz(φ+π/2)·sx·rz(λ-π/2)
      addRz(lambda - Math.PI / 2, q, out);
      out.add(g(Gate.SX, q));
      addRz(phi + Math.PI / 2, q, out);
    } else {
      u3(c(theta), c(phi), c(lambda), q, out);
    }
  }

  private static void addRz(double angle, int q, List<Instruction> out) {
    if (!Ops.isZeroAngle(angle)) {
      out.add(rz(Ops.wrap(angle), q));
    }
  }

  private static void u3(Angle theta, Angle phi, Angle lambda, int q, List<Instruction> out) {
    out.add(rz(lambda, q));
    out.add(g(Gate.SX, q));
    out.add(rz(plus(theta, Math.PI), q));
    out.add(g(Gate.SX, q));
    out.add(rz(plus(phi, Math.PI), q));
  }
}
