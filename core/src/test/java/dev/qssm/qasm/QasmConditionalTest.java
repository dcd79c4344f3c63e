package dev.qssm.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Gate;
import org.junit.jupiter.api.Test;

/** {@code if (c[i]) gate;} in and out of OpenQASM 3. */
class QasmConditionalTest {
  private static final String HEAD = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\n";

  @Test
  void importsOneBitConditionsInEveryForm() {
    var c = Qasm.parse(HEAD + "h q[0];\nc[0] = measure q[0];\nif (c[0]) x q[1];\nif (c[0] == 0) { z q[1]; }\n"
        + "if (!c[1]) rx(0.5) q[0];\n");
    var ins = c.instructions();
    var first = (Conditional) ins.get(2);
    assertEquals(0, first.clbit());
    assertTrue(first.value());
    assertEquals(Gate.X, first.operation().gate());
    var second = (Conditional) ins.get(3);
    assertEquals(false, second.value());
    var third = (Conditional) ins.get(4);
    assertEquals(1, third.clbit());
    assertEquals(false, third.value());
    assertTrue(c.hasMidCircuitOperations());
  }

  @Test
  void roundTripsThroughOpenQasm3() {
    var c = Qasm.parse(HEAD + "h q[0];\nc[0] = measure q[0];\nif (c[0] == 1) cx q[0], q[1];\n");
    var text = Qasm.toQasm3(c);
    assertTrue(text.contains("if (c[0] == 1) cx q[0], q[1];"), text);
    assertEquals(c.instructions(), Qasm.parse(text).instructions());
  }

  @Test
  void unsupportedConditionsAreNamed() {
    var e = assertThrows(QasmException.class, () -> Qasm.parse(HEAD + "if (c == 1) x q[0];"));
    assertTrue(e.getMessage().contains("2-bit register"), e.getMessage());
    e = assertThrows(QasmException.class, () -> Qasm.parse(HEAD + "if (c[0] == 2) x q[0];"));
    assertTrue(e.getMessage().contains("0 or 1"), e.getMessage());
    e = assertThrows(QasmException.class, () -> Qasm.parse(HEAD + "if (c[0]) reset q[0];"));
    assertTrue(e.getMessage().contains("one gate call"), e.getMessage());
  }
}
