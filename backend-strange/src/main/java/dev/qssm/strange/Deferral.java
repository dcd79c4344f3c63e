package dev.qssm.strange;

import dev.qssm.circuit.Barrier;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.Reset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;

/**
 * The rewrites that make a circuit's measurements terminal without changing any readout, since
 * Strange never collapses: a reset of a qubit nothing has touched yet is dropped (it is already
 * |0>), and a measurement moves to the end when every later operation on its qubit is diagonal in
 * the Z basis there (it uses the qubit as a control, or applies z/s/t/rz/p/rzz to it), because such
 * operations commute with the measurement. Anything else is left as it is, for the capability
 * check to refuse.
 */
final class Deferral {
  private static final Set<Gate> DIAGONAL =
      EnumSet.of(Gate.ID, Gate.Z, Gate.S, Gate.SDG, Gate.T, Gate.TDG, Gate.RZ, Gate.P, Gate.RZZ);

  private Deferral() {}

  static Circuit rewrite(Circuit c) {
    if (c.isUnitary()) {
      return c;
    }
    var touched = new boolean[c.numQubits()];
    var measured = new boolean[c.numQubits()];
    var body = new ArrayList<Instruction>();
    var deferred = new ArrayList<Measurement>();
    for (Instruction ins : c.instructions()) {
      if (ins instanceof Reset r && !touched[r.qubit()]) {
        continue;
      }
      if (ins instanceof Measurement m) {
        measured[m.qubit()] = true;
        touched[m.qubit()] = true;
        deferred.add(m);
        continue;
      }
      if (!(ins instanceof Barrier)) {
        for (int q : ins.qubits()) {
          if (measured[q] && !commutesWithMeasurement(ins, q)) {
            return c;
          }
          touched[q] = true;
        }
      }
      body.add(ins);
    }
    var b = Circuit.builder(c.numQubits());
    c.registers().forEach(r -> b.classicalRegister(r.name(), r.size()));
    b.declare(c.parameters());
    body.forEach(b::append);
    deferred.forEach(b::append);
    return b.build();
  }

  private static boolean commutesWithMeasurement(Instruction ins, int q) {
    if (!(ins instanceof GateOperation g)) {
      return false;
    }
    for (int c : g.allControls()) {
      if (c == q) {
        return true;
      }
    }
    return DIAGONAL.contains(g.gate().base());
  }
}
