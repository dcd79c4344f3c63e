package dev.qssm.circuit;

/** Measure {@code qubit} in the Z basis into global classical bit {@code clbit}. */
public record Measurement(int qubit, int clbit) implements Instruction {
  @Override
  public int[] qubits() {
    return new int[] {qubit};
  }
}
