package dev.qssm.models.qmamba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.circuit.GateOperation;
import org.junit.jupiter.api.Test;

/** A QMamba circuit can be printed: every gate, control, measurement and reset shows on its wire. */
class QMambaCircuitDrawTest {
  @Test
  void twoTokensOfTheSmallModel() {
    var config = QMambaTest.SMALL; // input q0, state q1 q2, control q3
    var circuit = QMambaCircuit.build(config, 2);
    var text = circuit.draw();
    var lines = text.split("\n");
    assertEquals(2 * config.numQubits() - 1, lines.length, text);

    // the token enters as rx(2π/k · x) on the input qubit and is measured into out[t]
    var input = lines[0];
    assertTrue(input.startsWith("q0: ─RX(2pi/3*x0_0)─"), input);
    assertTrue(input.indexOf("M→out[0]") < input.indexOf("|0>") && input.indexOf("|0>") < input.indexOf("RX(2pi/3*x1_0)")
        && input.indexOf("RX(2pi/3*x1_0)") < input.indexOf("M→out[1]"), input);

    // A fires on control |1> (●), B on |0> (○); as many dots on the control wire as gates on it
    var control = lines[6];
    long expectedOn = 0;
    long expectedOff = 0;
    for (var ins : circuit.instructions()) {
      if (ins instanceof GateOperation g) {
        for (int i = 0; i < g.controlQubits().length; i++) {
          if (g.controlQubits()[i] == 3) {
            if (g.controlStates()[i]) {
              expectedOn++;
            } else {
              expectedOff++;
            }
          }
        }
      }
    }
    assertTrue(expectedOn > 0 && expectedOff > 0);
    assertEquals(expectedOn, control.chars().filter(c -> c == '●').count(), control);
    assertEquals(expectedOff, control.chars().filter(c -> c == '○').count(), control);
    assertEquals(1, control.split("\\|0>", -1).length - 1, control); // reset between the two tokens only

    // every weight appears in a label, once per token
    for (var w : circuit.weights()) {
      assertEquals(2, text.split("\\(" + w.name() + "\\)", -1).length - 1, w.name());
    }
  }
}
