package dev.qssm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.circuit.Circuit;
import dev.qssm.testkit.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Random circuits over every gate and modifier agree with the reference backend in every readout. */
class ReferenceAgreementTest {
  private static final double TOL = 1e-12;
  private static List<ExactBackend> backends;
  private final ReferenceBackend reference = new ReferenceBackend();

  @BeforeAll
  static void open() {
    backends = List.of(Backends.standard(), Backends.rowByRow(), Backends.threaded(),
        Backends.exact(Map.of("threads", 1, "laneQubits", 1, "maxBatch", 3)));
  }

  @AfterAll
  static void close() {
    backends.forEach(ExactBackend::close);
  }

  @Test
  void randomCircuitsMatchReference() {
    var gen = new RandomCircuits(7);
    int checked = 0;
    for (int trial = 0; trial < 60; trial++) {
      int n = 1 + trial % 8;
      Circuit c = gen.circuit(n, 6 + gen.random().nextInt(25), trial % 3 == 0, trial % 2 == 0);
      var rows = gen.bindings(c, 1 + gen.random().nextInt(7));
      for (Readout r : gen.readouts(c)) {
        var task = Task.builder(c).bindings(rows).readout(r).build();
        var expected = reference.run(task);
        for (var b : backends) {
          assertClose(expected, b.run(task), c + " " + r + " on " + b);
          checked++;
        }
      }
    }
    assertEquals(true, checked > 500);
  }

  @Test
  void batchedEqualsRowByRow() {
    var gen = new RandomCircuits(11);
    try (var batched = Backends.exact(Map.of("threads", 1, "maxBatch", 64));
        var single = Backends.rowByRow()) {
      for (int trial = 0; trial < 20; trial++) {
        int n = 1 + trial % 6;
        var c = gen.circuit(n, 20, trial % 2 == 0, true);
        var rows = gen.bindings(c, 40);
        for (var r : gen.readouts(c)) {
          var task = Task.builder(c).bindings(rows).readout(r).build();
          var a = batched.run(task);
          assertEquals("statevector", a.metadata().extra().get("path"));
          assertClose(single.run(task), a, c + " " + r);
        }
      }
    }
  }

  @Test
  void threadedEqualsSingleThreadedBitForBit() {
    var gen = new RandomCircuits(13);
    try (var one = Backends.exact(Map.of("threads", 1, "parallelThreshold", 1, "laneQubits", 3));
        var two = Backends.exact(Map.of("threads", 2, "parallelThreshold", 1, "laneQubits", 3))) {
      for (int trial = 0; trial < 15; trial++) {
        var c = gen.circuit(8, 40, trial % 2 == 0, true);
        var rows = gen.bindings(c, 2);
        for (var r : gen.readouts(c)) {
          var task = Task.builder(c).bindings(rows).readout(r).build();
          var a = one.run(task).values();
          var b = two.run(task).values();
          for (int i = 0; i < a.length; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a[i], b[i], 0.0, c + " " + r);
          }
        }
      }
    }
  }

  static void assertClose(TaskResult expected, TaskResult actual, String what) {
    assertEquals(expected.values().length, actual.values().length, what);
    for (int r = 0; r < expected.values().length; r++) {
      var e = expected.values()[r];
      var a = actual.values()[r];
      assertEquals(e.length, a.length, what);
      for (int k = 0; k < e.length; k++) {
        assertEquals(e[k], a[k], TOL, what + " row " + r + " value " + k);
      }
    }
    assertEquals(null, actual.standardErrors(), "exact results carry no standard errors");
  }

  static List<double[]> rows(TaskResult r) {
    return new ArrayList<>(List.of(r.values()));
  }
}
