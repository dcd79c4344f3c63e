package dev.qssm.circuit;

/**
 * A gate that runs only when global classical bit {@code clbit} holds {@code value} at that point
 * of the circuit, as in OpenQASM {@code if (c[0]) x q[1];}. Its angles must be constants: a
 * parameter inside a classically controlled gate would need a gradient rule that depends on the
 * measurement record, which the parameter-shift rule does not provide.
 */
public record Conditional(int clbit, boolean value, GateOperation operation) implements Instruction {

  public Conditional {
    if (operation == null) {
      throw new InvalidCircuitException("a conditional needs a gate operation");
    }
    if (clbit < 0) {
      throw new InvalidCircuitException("conditional classical bit must be >= 0, got " + clbit);
    }
    for (var a : operation.angles()) {
      if (!a.isConstant()) {
        throw new InvalidCircuitException(
            "conditional gate '" + operation + "' uses parameter " + a.parameter().get().name()
                + "; classically conditioned gates take constant angles only");
      }
    }
  }

  /** Every qubit the gate touches, in OpenQASM argument order. */
  @Override
  public int[] qubits() {
    return operation.allQubits();
  }

  @Override
  public String toString() {
    return "if (c[" + clbit + "] == " + (value ? 1 : 0) + ") " + operation;
  }
}
