package dev.qssm.strange;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.PauliString;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Strange against qssm's exact simulator on random circuits that use every gate, modifiers,
 * random angles and amplitude encoding: every probability and a phase-sensitive Pauli
 * expectation must agree to 1e-5.
 */
class CrossCheckTest {
  private static final double TOL = 1e-5;

  @Test
  void randomCircuitsAgreeWithTheExactSimulator() {
    var gen = new RandomCircuits(4242);
    try (Backend strange = Backends.create(BackendConfig.of("strange"));
        Backend exact = Backends.create(BackendConfig.of("exact"))) {
      int circuits = 0;
      double worst = 0;
      for (int i = 0; i < 320; i++) {
        int n = 1 + i % 8;
        var sample = gen.next(n, 2 + i % 5);
        var pauli = new StringBuilder();
        for (int q = 0; q < n; q++) {
          pauli.append("IXYZ".charAt((i + 3 * q) % 4));
        }
        for (var readout : List.of(Readout.probabilities(),
            Readout.expectations(PauliString.parse(pauli.toString())))) {
          var task = Task.builder(sample.circuit()).bindings(sample.rows()).readout(readout).build();
          var s = strange.run(task).values();
          var e = exact.run(task).values();
          for (int r = 0; r < s.length; r++) {
            for (int k = 0; k < s[r].length; k++) {
              double d = Math.abs(s[r][k] - e[r][k]);
              worst = Math.max(worst, d);
              if (!(d <= TOL)) {
                fail("circuit " + i + ", row " + r + ", " + readout + " value " + k + ": strange " + s[r][k]
                    + " vs exact " + e[r][k] + "\n" + sample.circuit());
              }
            }
          }
        }
        circuits++;
      }
      assertTrue(circuits == 320);
      System.getLogger(CrossCheckTest.class.getName()).log(System.Logger.Level.INFO,
          "cross-check: " + circuits + " circuits, worst difference " + worst);
    }
  }
}
