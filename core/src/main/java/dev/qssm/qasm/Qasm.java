package dev.qssm.qasm;

import dev.qssm.circuit.Circuit;

/** OpenQASM 2 and 3 in and out of the circuit IR. */
public final class Qasm {
  private Qasm() {}

  /** Parses an OpenQASM 3 or 2 program (the version line decides; 3 when absent). */
  public static Circuit parse(String source) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Portable OpenQASM 3: stdgates, modifiers, {@code input float[64]} for each parameter. */
  public static String toQasm3(Circuit circuit) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** OpenQASM 2 (qelib1.inc); throws {@link QasmException} naming what QASM 2 cannot express. */
  public static String toQasm2(Circuit circuit) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
