package dev.qssm.simulator.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.qssm.backend.Readout;
import dev.qssm.circuit.Circuit;
import dev.qssm.simulator.noise.NoiseModel;
import org.junit.jupiter.api.Test;

/** Which gates the density engines apply as one product. */
class PlanTest {
  @Test
  void runsAreConsecutiveNoiseFreeGatesOnOneQubitUnderTheSameControls() {
    var b = Circuit.builder(2);
    b.rx(0.1, 0).ry(0.2, 0).rz(0.3, 0); // 0..2: a run
    b.ry(0.4, 1); // 3: another qubit
    b.cx(0, 1); // 4: two qubits
    b.h(1).h(1); // 5..6: a run
    b.controlled(new int[] {0}, new boolean[] {true}, dev.qssm.circuit.Gate.RY, java.util.List.of(
        dev.qssm.circuit.Angle.constant(0.5)), new int[] {1}); // 7: other controls than 6
    b.controlled(new int[] {0}, new boolean[] {true}, dev.qssm.circuit.Gate.RZ, java.util.List.of(
        dev.qssm.circuit.Angle.constant(0.6)), new int[] {1}); // 8: same as 7
    var plan = new Plan(b.build(), Readout.marginals(), NoiseModel.none());
    assertArrayEquals(new int[] {2, 2, 2, 3, 4, 6, 6, 8, 8}, plan.runEnd);
    assertArrayEquals(new int[] {0, 0, 0, 3, 4, 5, 5, 7, 7}, plan.runStart);
  }
}
