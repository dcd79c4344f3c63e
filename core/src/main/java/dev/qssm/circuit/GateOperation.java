package dev.qssm.circuit;

import java.util.Arrays;
import java.util.List;

/**
 * A gate on {@code qubits} (in the gate's own argument order, builtin controls first) with {@code
 * ctrl @}/{@code negctrl @} modifier controls on {@code controlQubits}. In OpenQASM the modifier
 * qubits come first: {@code ctrl @ negctrl @ rx(θ) c0, c1, t}.
 */
public record GateOperation(
    Gate gate, List<Angle> angles, int[] qubits, int[] controlQubits, boolean[] controlStates)
    implements Instruction {

  public GateOperation {
    angles = List.copyOf(angles);
    qubits = qubits.clone();
    controlQubits = controlQubits.clone();
    controlStates = controlStates.clone();
    if (angles.size() != gate.numParams()) {
      throw new InvalidCircuitException(
          gate.qasmName() + " takes " + gate.numParams() + " angle(s), got " + angles.size());
    }
    if (qubits.length != gate.numQubits()) {
      throw new InvalidCircuitException(
          gate.qasmName() + " acts on " + gate.numQubits() + " qubit(s), got " + qubits.length);
    }
    if (controlQubits.length != controlStates.length) {
      throw new IllegalArgumentException("one control state per control qubit");
    }
  }

  public static GateOperation of(Gate gate, List<Angle> angles, int... qubits) {
    return new GateOperation(gate, angles, qubits, new int[0], new boolean[0]);
  }

  /** The qubits the base gate's matrix acts on (the last {@code gate.targets()} of {@link #qubits}). */
  public int[] targets() {
    return Arrays.copyOfRange(qubits, gate.builtinControls(), qubits.length);
  }

  /** Builtin controls (always positive) followed by modifier controls. */
  public int[] allControls() {
    int b = gate.builtinControls();
    var all = new int[b + controlQubits.length];
    System.arraycopy(qubits, 0, all, 0, b);
    System.arraycopy(controlQubits, 0, all, b, controlQubits.length);
    return all;
  }

  /** For each of {@link #allControls()}: true when it fires on |1>, false when on |0>. */
  public boolean[] allControlStates() {
    int b = gate.builtinControls();
    var all = new boolean[b + controlStates.length];
    Arrays.fill(all, 0, b, true);
    System.arraycopy(controlStates, 0, all, b, controlStates.length);
    return all;
  }

  public int totalControls() {
    return gate.builtinControls() + controlQubits.length;
  }

  /** The OpenQASM argument order: modifier controls, then the gate's own qubits. */
  @Override
  public int[] qubits() {
    return qubits.clone();
  }

  /** Every qubit touched, in OpenQASM argument order. */
  public int[] allQubits() {
    var all = new int[controlQubits.length + qubits.length];
    System.arraycopy(controlQubits, 0, all, 0, controlQubits.length);
    System.arraycopy(qubits, 0, all, controlQubits.length, qubits.length);
    return all;
  }

  /** The target matrix for one binding of the circuit's parameters. */
  public GateMatrix matrix(double[] angleValues) {
    return gate.targetMatrix(angleValues);
  }

  public GateOperation withAngles(List<Angle> newAngles) {
    return new GateOperation(gate, newAngles, qubits, controlQubits, controlStates);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GateOperation g
        && gate == g.gate
        && angles.equals(g.angles)
        && Arrays.equals(qubits, g.qubits)
        && Arrays.equals(controlQubits, g.controlQubits)
        && Arrays.equals(controlStates, g.controlStates);
  }

  @Override
  public int hashCode() {
    return ((gate.hashCode() * 31 + angles.hashCode()) * 31 + Arrays.hashCode(qubits)) * 31
        + Arrays.hashCode(controlQubits);
  }

  @Override
  public String toString() {
    var sb = new StringBuilder();
    for (boolean s : controlStates) {
      sb.append(s ? "ctrl @ " : "negctrl @ ");
    }
    sb.append(gate.qasmName());
    if (!angles.isEmpty()) {
      sb.append(angles.toString().replace('[', '(').replace(']', ')'));
    }
    return sb.append(' ').append(Arrays.toString(allQubits())).toString();
  }
}
