package dev.qssm.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.PauliString;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShotsTest {
  private final RandomCircuits gen = new RandomCircuits(61);

  private Task task(Circuit c, Readout r, int shots, Long seed, int rows) {
    var b = Task.builder(c).bindings(gen.bindings(c, rows)).readout(r).shots(shots);
    if (seed != null) {
      b.seed(seed);
    }
    return b.build();
  }

  @Test
  void sameSeedSameValuesDifferentSeedDifferentValues() {
    var c = gen.circuit(4, 20, false, true);
    try (var b = Backends.standard()) {
      for (var r : gen.readouts(c)) {
        var t = task(c, r, 1000, 5L, 3);
        var a = b.run(t);
        var again = b.run(t);
        assertTrue(Arrays.deepEquals(a.values(), again.values()), r.toString());
        assertEquals(5L, a.metadata().seed());
        var other = b.run(t.toBuilder().seed(6).build());
        assertFalse(Arrays.deepEquals(a.values(), other.values()), r.toString());
      }
    }
  }

  @Test
  void seededResultsDoNotDependOnTheThreadCount() {
    var c = gen.circuit(6, 30, true, true);
    try (var one = Backends.exact(Map.of("threads", 1, "parallelThreshold", 1, "laneQubits", 2));
        var two = Backends.exact(Map.of("threads", 2, "parallelThreshold", 1, "laneQubits", 2));
        var batchOne = Backends.exact(Map.of("threads", 1));
        var batchTwo = Backends.exact(Map.of("threads", 2))) {
      for (var r : gen.readouts(c)) {
        var t = task(c, r, 2000, 77L, 9);
        assertTrue(Arrays.deepEquals(one.run(t).values(), two.run(t).values()), r.toString());
        assertTrue(Arrays.deepEquals(batchOne.run(t).values(), batchTwo.run(t).values()), r.toString());
      }
    }
  }

  @Test
  void samplesFollowTheExactDistribution() {
    var c = gen.circuit(3, 25, false, false);
    int shots = 20000;
    try (var b = Backends.standard()) {
      var t = task(c, Readout.probabilities(), shots, 123L, 1);
      var exact = b.run(t.toBuilder().shots(0).build()).values()[0];
      var sampled = b.run(t).values()[0];
      double chi2 = 0;
      int df = -1;
      for (int k = 0; k < exact.length; k++) {
        if (exact[k] > 1e-9) {
          double expected = exact[k] * shots;
          chi2 += Math.pow(sampled[k] * shots - expected, 2) / expected;
          df++;
        } else {
          assertEquals(0, sampled[k], "an impossible outcome was sampled");
        }
      }
      // 99.9% quantile of chi-square with up to 7 degrees of freedom
      assertTrue(chi2 < 24.32, "chi2 = " + chi2 + " with " + df + " degrees of freedom");
    }
  }

  @Test
  void standardErrorsComeWithShotsOnly() {
    var c = Circuit.builder(1).h(0).build();
    try (var b = Backends.standard()) {
      var exact = b.run(Task.builder(c).readout(Readout.probabilities()).build());
      assertNull(exact.standardErrors());
      assertNull(exact.metadata().seed());
      int shots = 400;
      var est = b.run(Task.builder(c).readout(Readout.probabilities()).shots(shots).seed(3).build());
      assertNotNull(est.standardErrors());
      double p = est.values()[0][1];
      assertEquals(Math.sqrt(p * (1 - p) / shots), est.standardErrors()[0][1], 1e-15);
      assertEquals(1, est.values()[0][0] + est.values()[0][1], 1e-12);
      var z = b.run(Task.builder(c).readout(Readout.expectations(PauliString.z(0), PauliString.of('X', 0)))
          .shots(shots).seed(4).build());
      double m = z.values()[0][0];
      assertEquals(Math.sqrt((1 - m * m) / shots), z.standardErrors()[0][0], 1e-15);
      assertTrue(Math.abs(m) < 5 * 0.05, "<Z> of |+> estimated as " + m);
      // <X> of |+> is exactly 1: every shot gives +1
      assertEquals(1, z.values()[0][1]);
      assertEquals(0, z.standardErrors()[0][1]);
    }
  }

  @Test
  void marginalsAndClassicalBitsAreEstimatedFromTheSameShots() {
    var c = Circuit.builder(2).classicalRegister("c", 2).h(0).cx(0, 1).measure(0, 0).measure(1, 1).build();
    try (var b = Backends.standard()) {
      var m = b.run(Task.builder(c).readout(Readout.marginals()).shots(1000).seed(9).build()).values()[0];
      assertEquals(m[0], m[1], 0.0, "perfectly correlated measurements");
      var bits = b.run(Task.builder(c).readout(Readout.classicalBits()).shots(1000).seed(9).build()).values()[0];
      assertEquals(0, bits[1]);
      assertEquals(0, bits[2]);
      assertEquals(1, bits[0] + bits[3], 1e-12);
    }
  }

  @Test
  void unseededTasksReportTheSeedThatReproducesThem() {
    var c = gen.circuit(3, 10, false, false);
    try (var b = Backends.standard()) {
      var t = task(c, Readout.probabilities(), 500, null, 2);
      var first = b.run(t);
      assertNotNull(first.metadata().seed());
      var replay = b.run(t.toBuilder().seed(first.metadata().seed()).build());
      assertTrue(Arrays.deepEquals(first.values(), replay.values()));
    }
  }

  @Test
  void configuredSeedMakesUnseededRunsReproducible() {
    var c = gen.circuit(3, 10, false, false);
    var t = task(c, Readout.probabilities(), 500, null, 2);
    try (var a = Backends.exact(Map.of("seed", 99)); var b = Backends.exact(Map.of("seed", 99))) {
      var first = a.run(t);
      assertArrayEquals(first.values()[1], b.run(t).values()[1], 0.0);
      assertFalse(Arrays.deepEquals(first.values(), a.run(t).values()), "each call draws a new seed");
    }
  }
}
