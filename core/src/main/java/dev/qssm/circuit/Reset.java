package dev.qssm.circuit;

/** Return {@code qubit} to |0>, whatever its state (a non-unitary channel). */
public record Reset(int qubit) implements Instruction {
  @Override
  public int[] qubits() {
    return new int[] {qubit};
  }
}
