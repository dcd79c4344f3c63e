package dev.qssm.circuit;

import java.util.Arrays;

/** A scheduling fence with no effect on the state; transpilers must not move gates across it. */
public record Barrier(int[] qubits) implements Instruction {
  public Barrier {
    qubits = qubits.clone();
  }

  @Override
  public int[] qubits() {
    return qubits.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Barrier b && Arrays.equals(qubits, b.qubits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(qubits);
  }

  @Override
  public String toString() {
    return "barrier " + Arrays.toString(qubits);
  }
}
