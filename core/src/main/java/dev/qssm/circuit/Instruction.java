package dev.qssm.circuit;

/** One step of a circuit. The set of kinds is closed so that every backend can handle all of them. */
public sealed interface Instruction
    permits GateOperation, Measurement, Reset, Barrier, AmplitudeEncoding, Conditional {

  /** Every qubit the instruction touches. */
  int[] qubits();
}
