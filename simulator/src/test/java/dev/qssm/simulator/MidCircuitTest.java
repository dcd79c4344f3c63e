package dev.qssm.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.PauliString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mid-circuit measurement and reset, simulated exactly by branching the statevector and (the
 * default) on a noise-free density matrix; both must give the same values.
 */
class MidCircuitTest {
  private static final double TOL = 1e-12;

  private static double[] run(Circuit c, Readout r) {
    var threadedBranching = Backends.exact(Map.of("threads", 2, "parallelThreshold", 1, "laneQubits", 2,
        "midCircuit", "branching"));
    var paths = Map.of(Backends.branching(), "branching", threadedBranching, "branching", Backends.standard(),
        "density-matrix");
    double[] first = null;
    for (var e : paths.entrySet()) {
      try (var b = e.getKey()) {
        var res = b.run(Task.builder(c).readout(r).build());
        assertEquals(e.getValue(), res.metadata().extra().get("path"));
        if (first == null) {
          first = res.values()[0];
        } else {
          assertArrayEquals(first, res.values()[0], TOL);
        }
      }
    }
    return first;
  }

  @Test
  void resetAfterHadamardGivesZero() {
    var c = Circuit.builder(1).h(0).reset(0).build();
    assertArrayEquals(new double[] {1, 0}, run(c, Readout.probabilities()), TOL);
  }

  @Test
  void resetOfOneHalfOfABellPairLeavesAMixture() {
    var c = Circuit.builder(2).h(0).cx(0, 1).reset(0).build();
    assertArrayEquals(new double[] {0.5, 0, 0.5, 0}, run(c, Readout.probabilities()), TOL);
    assertArrayEquals(new double[] {0, 1}, run(c, Readout.expectations(PauliString.z(1), PauliString.z(0))), TOL);
  }

  @Test
  void measurementThenControlledGateCopiesTheOutcome() {
    var c = Circuit.builder(2).classicalRegister("c", 2).h(0).measure(0, 0).cx(0, 1).measure(1, 1).build();
    assertArrayEquals(new double[] {0.5, 0, 0, 0.5}, run(c, Readout.classicalBits()), TOL);
    assertArrayEquals(new double[] {0.5, 0.5}, run(c, Readout.marginals()), TOL);
  }

  @Test
  void measuringCollapsesTheState() {
    // without the middle measurement h;h is the identity and the second result is always 0
    var c = Circuit.builder(1).classicalRegister("c", 2).h(0).measure(0, 0).h(0).measure(0, 1).build();
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, run(c, Readout.classicalBits()), TOL);
    assertArrayEquals(new double[] {0.5, 0.5}, run(c, Readout.marginals()), TOL);
    var x = Circuit.builder(1).classicalRegister("c", 1).h(0).measure(0, 0).h(0).build();
    assertArrayEquals(new double[] {0, 0}, run(x, Readout.expectations(PauliString.of('X', 0), PauliString.z(0))), TOL);
  }

  @Test
  void marginalsOfMidCircuitMeasurementsOfAnRyRotation() {
    double t = 1.1;
    double p = Math.pow(Math.sin(t / 2), 2);
    // measure, flip, measure again: second outcome is the negation of the first
    var c = Circuit.builder(1).classicalRegister("c", 2).ry(t, 0).measure(0, 0).x(0).measure(0, 1).build();
    assertArrayEquals(new double[] {p, 1 - p}, run(c, Readout.marginals()), TOL);
    var bits = run(c, Readout.classicalBits());
    assertEquals(p, bits[0b01], TOL);
    assertEquals(1 - p, bits[0b10], TOL);
  }

  @Test
  void laterMeasurementIntoTheSameClbitWins() {
    var c = Circuit.builder(2).classicalRegister("c", 1).x(0).measure(0, 0).x(0).measure(1, 0).h(1).build();
    assertArrayEquals(new double[] {1, 0}, run(c, Readout.classicalBits()), TOL);
  }

  @Test
  void deterministicOutcomesDoNotBranch() {
    var b = Circuit.builder(1).classicalRegister("c", 1);
    for (int i = 0; i < 20; i++) {
      b.x(0).measure(0, 0);
    }
    var c = b.x(0).build();
    // 21 X gates leave |1>; with a cap of one branch any split would throw
    try (var one = Backends.exact(Map.of("maxBranches", 1))) {
      assertArrayEquals(new double[] {0, 1}, one.run(Task.builder(c).readout(Readout.probabilities()).build())
          .values()[0], TOL);
    }
  }

  @Test
  void shotsFromBranches() {
    var c = Circuit.builder(1).classicalRegister("c", 2).h(0).measure(0, 0).h(0).measure(0, 1).build();
    try (var b = Backends.standard()) {
      var r = b.run(Task.builder(c).readout(Readout.classicalBits()).shots(4000).seed(3).build());
      for (int k = 0; k < 4; k++) {
        assertEquals(0.25, r.values()[0][k], 5 * r.standardErrors()[0][k] + 1e-9);
      }
    }
  }

  @Test
  void tooManyBranchesNamesTheNoisyBackend() {
    var b = Circuit.builder(1).classicalRegister("c", 1);
    for (int i = 0; i < 13; i++) {
      b.h(0).measure(0, 0);
    }
    var c = b.h(0).build();
    try (var exact = Backends.branching()) {
      var e = assertThrows(UnsupportedCircuitException.class,
          () -> exact.run(Task.builder(c).readout(Readout.probabilities()).build()));
      assertTrue(e.getMessage().contains("4096 branches"), e.getMessage());
      assertTrue(e.getMessage().contains("'noisy'"), e.getMessage());
    }
    try (var small = Backends.exact(Map.of("maxBranches", 8, "midCircuit", "branching"))) {
      var e = assertThrows(UnsupportedCircuitException.class,
          () -> small.run(Task.builder(c).readout(Readout.marginals()).build()));
      assertTrue(e.getMessage().contains("more than 8 branches"), e.getMessage());
    }
  }
}
