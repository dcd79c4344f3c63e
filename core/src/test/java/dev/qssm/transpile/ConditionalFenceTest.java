package dev.qssm.transpile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optimiser never merges or cancels a classically conditioned gate, nor anything across one. */
class ConditionalFenceTest {

  private static Circuit optimise(Circuit c) {
    int n = c.numQubits();
    var id = new int[n];
    for (int i = 0; i < n; i++) {
      id[i] = i;
    }
    return new Optimize().run(new Transpiled(c, n, id, id, id)).circuit();
  }

  @Test
  void selfInversePairsAroundAConditionalStay() {
    var c = Circuit.builder(2).classicalRegister("c", 1).measure(1, 0)
        .x(0).conditional(0, true, GateOperation.of(Gate.X, List.of(), 0)).x(0).build();
    assertEquals(c.instructions(), optimise(c).instructions());
  }

  @Test
  void rotationsAroundAConditionalAreNotMergedWithIt() {
    var c = Circuit.builder(2).classicalRegister("c", 1).measure(1, 0)
        .rz(0.3, 0).conditional(0, false, GateOperation.of(Gate.RZ, List.of(Angle.constant(0.4)), 0)).rz(0.5, 0)
        .build();
    var out = optimise(c).instructions();
    assertEquals(c.instructions(), out);
    // without the condition the three merge into one
    var plain = Circuit.builder(2).rz(0.3, 0).rz(0.4, 0).rz(0.5, 0).build();
    assertEquals(1, optimise(plain).instructions().size());
  }

  @Test
  void twoConditionalGatesThatWouldCancelBothStay() {
    var c = Circuit.builder(2).classicalRegister("c", 1).measure(1, 0)
        .conditional(0, true, GateOperation.of(Gate.CZ, List.of(), 0, 1))
        .conditional(0, true, GateOperation.of(Gate.CZ, List.of(), 0, 1)).build();
    var out = optimise(c).instructions();
    assertEquals(2, out.stream().filter(Conditional.class::isInstance).count());
  }
}
