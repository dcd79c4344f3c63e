package dev.qssm.qasm;

import static dev.qssm.qasm.QasmTesting.assertClose;
import static dev.qssm.qasm.QasmTesting.assertSameState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.InvalidCircuitException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QasmRoundTripTest {

  @Test
  void qasm3RoundTripKeepsInstructionsParametersAndResults() {
    var rnd = new Random(20240611);
    int simulated = 0;
    for (int trial = 0; trial < 300; trial++) {
      Circuit c = QasmTesting.randomCircuit(rnd, new QasmTesting.Shape(true, true, false));
      String text = Qasm.toQasm3(c);
      Circuit back = Qasm.parse(text);
      String context = "trial " + trial + ":\n" + text;
      assertEquals(c.parameters(), back.parameters(), context); // names, kinds and order
      assertEquals(c.numQubits(), back.numQubits(), context);
      assertEquals(c.registers(), back.registers(), context);
      assertEquals(c.instructions(), back.instructions(), context);
      for (int r = 0; r < 2; r++) {
        double[] binding = QasmTesting.randomBinding(rnd, c);
        assertSameState(QasmTesting.state(c, binding), QasmTesting.state(back, binding), 1e-12, context);
        assertClose(QasmTesting.classicalBits(c, binding), QasmTesting.classicalBits(back, binding), 1e-12, context);
        simulated++;
      }
      assertEquals(text, Qasm.toQasm3(back), "export is a fixed point");
    }
    assertEquals(600, simulated);
  }

  @Test
  void qasm3RoundTripOfNonUnitaryCircuitsKeepsInstructions() {
    var rnd = new Random(7);
    for (int trial = 0; trial < 100; trial++) {
      Circuit c = QasmTesting.randomCircuit(rnd, new QasmTesting.Shape(true, true, true));
      String text = Qasm.toQasm3(c);
      Circuit back = Qasm.parse(text);
      assertEquals(c.parameters(), back.parameters(), text);
      assertEquals(c.registers(), back.registers(), text);
      assertEquals(c.instructions(), back.instructions(), text);
    }
  }

  @Test
  void qasm2RoundTripGivesTheSameResultsWhereQasm2CanExpressTheCircuit() {
    var rnd = new Random(99);
    int expressed = 0, refused = 0;
    for (int trial = 0; trial < 300; trial++) {
      Circuit c = QasmTesting.randomCircuit(rnd, new QasmTesting.Shape(false, rnd.nextInt(3) > 0, false));
      if (!qasm2CanExpress(c)) {
        var e = assertThrows(InvalidCircuitException.class, () -> Qasm.toQasm2(c));
        assertTrue(e.getMessage().contains("has no gate for instruction"), e.getMessage());
        refused++;
        continue;
      }
      String text = Qasm.toQasm2(c);
      assertTrue(text.startsWith("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"), text);
      Circuit back = Qasm.parse(text);
      assertEquals(c.numQubits(), back.numQubits(), text);
      assertEquals(c.registers(), back.registers(), text);
      assertEquals(c.measurements(), back.measurements(), text);
      // QASM 2 has no global phase: compare probabilities (all qubits) and classical bits
      assertClose(QasmTesting.probabilities(c), QasmTesting.probabilities(back), 1e-12, text);
      assertClose(QasmTesting.classicalBits(c), QasmTesting.classicalBits(back), 1e-12, text);
      expressed++;
    }
    assertTrue(expressed >= 150, "expressed " + expressed);
    assertTrue(refused >= 10, "refused " + refused);
  }

  /** The qelib1 table the exporter promises, written independently of it. */
  private static boolean qasm2CanExpress(Circuit c) {
    for (Instruction ins : c.instructions()) {
      if (!(ins instanceof GateOperation g)) {
        continue;
      }
      Gate base = g.gate().base();
      int k = g.totalControls();
      boolean ok = k == 0 || base == Gate.ID
          || (k == 2 && base == Gate.X)
          || (k == 1 && java.util.Set.of(Gate.X, Gate.Y, Gate.Z, Gate.H, Gate.RX, Gate.RY, Gate.RZ, Gate.P, Gate.S,
              Gate.SDG, Gate.T, Gate.TDG, Gate.SX, Gate.U, Gate.U3, Gate.SWAP).contains(base));
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
