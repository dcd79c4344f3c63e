package dev.qssm.circuit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.backend.UnsupportedCircuitException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionalTest {

  @Test
  void builderChecksTheBitAndTheAngles() {
    var x = GateOperation.of(Gate.X, List.of(), 1);
    var ok = Circuit.builder(2).classicalRegister("c", 1).measure(0, 0).conditional(0, true, x).build();
    assertTrue(ok.hasMidCircuitOperations());
    assertArrayEquals(new int[] {1}, ok.instructions().get(1).qubits());
    var e = assertThrows(InvalidCircuitException.class,
        () -> Circuit.builder(2).classicalRegister("c", 1).conditional(1, true, x));
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    var rx = GateOperation.of(Gate.RX, List.of(Angle.of(Parameter.weight("w"))), 0);
    e = assertThrows(InvalidCircuitException.class, () -> new Conditional(0, true, rx));
    assertTrue(e.getMessage().contains("constant angles"), e.getMessage());
    e = assertThrows(InvalidCircuitException.class,
        () -> Circuit.builder(2).classicalRegister("c", 1).conditional(0, true, GateOperation.of(Gate.X, List.of(), 2)));
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
  }

  @Test
  void capabilitiesWithoutMidCircuitRefuseConditionalsByName() {
    var c = Circuit.builder(2).classicalRegister("c", 1).h(0).measure(0, 0)
        .conditional(0, true, GateOperation.of(Gate.X, List.of(), 1)).build();
    var task = Task.builder(c).readout(Readout.probabilities()).build();
    var caps = Capabilities.builder().midCircuit(false).build();
    var e = assertThrows(UnsupportedCircuitException.class, () -> caps.check(task, "b"));
    assertTrue(e.getMessage().contains("conditioned"), e.getMessage());
  }
}
