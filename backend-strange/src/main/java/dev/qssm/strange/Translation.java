package dev.qssm.strange;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import java.util.ArrayList;
import java.util.List;
import org.redfx.strange.Complex;
import org.redfx.strange.Gate;
import org.redfx.strange.Program;
import org.redfx.strange.Step;
import org.redfx.strange.gate.Cnot;
import org.redfx.strange.gate.SingleQubitMatrixGate;
import org.redfx.strange.gate.Toffoli;

/**
 * A qssm circuit with one binding row as a Strange {@link Program}, built around Strange 0.1.3's
 * defects: every single-qubit gate is a {@link SingleQubitMatrixGate} with the qssm matrix (never
 * {@code RotationZ}, a pure global phase), runs of them on one qubit are fused, every CNOT or
 * Toffoli sits alone in its Step (a non-adjacent gate can drop its Step-mates), Toffolis only
 * appear in safe layouts, and the state starts in |0...0> (never {@code initializeQubit}, which
 * uses the reversed qubit order). Measurements and barriers add nothing: the caller reads the final
 * state, and only calls this for circuits where that is exact.
 */
final class Translation {
  private Translation() {}

  /** The lowered operations of {@code circuit} (gates only; amplitude encodings must be lowered first). */
  static List<Prim> lower(Circuit circuit, double[] row) {
    var out = new ArrayList<Prim>();
    for (Instruction ins : circuit.instructions()) {
      if (ins instanceof GateOperation g) {
        var angles = new double[g.angles().size()];
        for (int i = 0; i < angles.length; i++) {
          Angle a = g.angles().get(i);
          angles[i] = a.value(a.parameter().map(p -> row[circuit.parameterIndex(p)]).orElse(0.0));
        }
        Lowering.lower(g, angles, out);
      }
    }
    return out;
  }

  /** The Steps for {@code prims} on {@code n} qubits; empty when nothing acts on the state. */
  static List<Step> steps(int n, List<Prim> prims) {
    var steps = new ArrayList<Step>();
    var pending = new Mat2[n];
    for (Prim p : prims) {
      if (p instanceof Prim.One one) {
        int q = one.qubit();
        pending[q] = pending[q] == null ? one.matrix() : one.matrix().times(pending[q]);
      } else if (p instanceof Prim.Cx cx) {
        flushAll(pending, steps);
        steps.add(new Step(new Cnot(cx.control(), cx.target())));
      } else if (p instanceof Prim.Ccx ccx) {
        flushAll(pending, steps);
        steps.add(new Step(new Toffoli(ccx.control1(), ccx.control2(), ccx.target())));
      }
    }
    flushAll(pending, steps);
    return steps;
  }

  /**
   * One Step with every pending single-qubit matrix (they act on distinct qubits, so they may share
   * it). Flushing all of them, not just those the next gate touches, gives fewer Steps, and a Step
   * costs Strange about the same whether it holds one gate or n.
   */
  private static void flushAll(Mat2[] pending, List<Step> steps) {
    var gates = new ArrayList<Gate>();
    for (int q = 0; q < pending.length; q++) {
      if (pending[q] != null && !pending[q].isIdentity()) {
        gates.add(new SingleQubitMatrixGate(q, complex(pending[q])));
      }
      pending[q] = null;
    }
    if (!gates.isEmpty()) {
      steps.add(new Step(gates.toArray(new Gate[0])));
    }
  }

  private static Complex[][] complex(Mat2 m) {
    return new Complex[][] {
      {new Complex(m.ar(), m.ai()), new Complex(m.br(), m.bi())},
      {new Complex(m.cr(), m.ci()), new Complex(m.dr(), m.di())}
    };
  }

  static Program program(int n, List<Step> steps) {
    var p = new Program(n);
    for (Step s : steps) {
      p.addStep(s);
    }
    return p;
  }
}
