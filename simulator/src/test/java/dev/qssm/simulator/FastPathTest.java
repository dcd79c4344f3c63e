package dev.qssm.simulator;

import static dev.qssm.simulator.VjpTest.assertGradientClose;
import static dev.qssm.simulator.VjpTest.one;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qssm.backend.Gradient;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.circuit.PauliString;
import dev.qssm.testkit.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The matrix-product path equals the gate-by-gate path and finite differences. */
class FastPathTest {

  /** Amplitude encoding on all qubits (in a shuffled order), then random weight/constant gates. */
  static Circuit projection(int n, int layers, int inputs, Random rnd) {
    return projection(n, layers, inputs, false, rnd);
  }

  /**
   * With {@code ordered} the encoding's qubits are 0, 1, .. (the values fill the first basis
   * states, so the product path uses only the first columns of U).
   */
  static Circuit projection(int n, int layers, int inputs, boolean ordered, Random rnd) {
    var b = Circuit.builder(n);
    var gen = new RandomCircuits(rnd.nextLong());
    var qubits = gen.shuffledQubits(n);
    if (ordered) {
      java.util.Arrays.setAll(qubits, q -> q);
    }
    b.amplitudeEncoding(Parameter.vector("x", inputs, ParameterKind.INPUT), qubits);
    var w = Parameter.vector("w", 3 * n * layers, ParameterKind.WEIGHT);
    int k = 0;
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) {
        b.gate(Gate.U3, List.of(Angle.of(w.get(k++)), Angle.of(w.get(k++), 2, 0.3), Angle.of(w.get(k++))), q);
      }
      for (int q = 0; q < n && n > 1; q++) {
        b.cx(q, (q + 1) % n);
      }
      if (n > 1) {
        b.gate(Gate.RZZ, List.of(Angle.of(w.get(l))), 0, n - 1);
        b.gate(Gate.ECR, 1, 0);
        b.controlled(new int[] {0}, new boolean[] {false}, Gate.RY, List.of(Angle.of(w.get(1))), n - 1);
        b.gate(Gate.RXX, List.of(Angle.constant(0.3)), n - 1, 0);
        b.gate(Gate.SWAP, 0, n - 1);
      }
      b.h(rnd.nextInt(n));
    }
    return b.build();
  }

  /** Rows sharing weights in {@code groups} groups, inputs per row. */
  static double[][] rows(Circuit c, int count, int groups, Random rnd) {
    var weightsByGroup = new double[groups][c.parameters().size()];
    for (var g : weightsByGroup) {
      for (int i = 0; i < g.length; i++) {
        g[i] = rnd.nextDouble() * 6 - 3;
      }
    }
    var out = new double[count][];
    for (int r = 0; r < count; r++) {
      out[r] = weightsByGroup[r % groups].clone();
      for (int p = 0; p < out[r].length; p++) {
        if (!c.parameters().get(p).isWeight()) {
          out[r][p] = rnd.nextDouble() * 2 - 1;
        }
      }
    }
    return out;
  }

  static List<Readout> readouts(int n) {
    var list = new ArrayList<Readout>();
    list.add(Readout.probabilities());
    list.add(n == 1 ? Readout.probabilities(0) : Readout.probabilities(n - 1, 0));
    // the first basis states only: the product path multiplies only the first rows of U
    list.add(Readout.probabilities().first(1 + (1 << n) / 3));
    list.add(n == 1 ? Readout.probabilities(0).first(1) : Readout.probabilities(n - 1, 0).first(3));
    list.add(Readout.expectations(PauliString.z(0), PauliString.of('X', n - 1), PauliString.parse("Y" + "Z".repeat(n - 1))));
    return list;
  }

  @Test
  void forwardEqualsTheGatePathAndTheReference() {
    var rnd = new Random(41);
    var reference = new ReferenceBackend();
    try (var fast = Backends.exact(Map.of("fastPath", "always", "threads", 2));
        var slow = Backends.exact(Map.of("fastPath", "never"))) {
      for (int n = 1; n <= 5; n++) {
        var c = projection(n, 2, 1 + rnd.nextInt(1 << n), n % 2 == 1, rnd);
        var rows = rows(c, 9, 3, rnd);
        for (var r : readouts(n)) {
          var task = Task.builder(c).bindings(rows).readout(r).build();
          var a = fast.run(task);
          assertEquals("matrix-product", a.metadata().extra().get("path"));
          var b = slow.run(task);
          assertEquals("statevector", b.metadata().extra().get("path"));
          ReferenceAgreementTest.assertClose(b, a, c + " " + r);
          ReferenceAgreementTest.assertClose(reference.run(task), a, c + " " + r);
        }
      }
    }
  }

  @Test
  void backwardEqualsTheAdjointPathAndFiniteDifferences() {
    var rnd = new Random(43);
    var vjp = new VjpTest();
    try (var fast = Backends.exact(Map.of("fastPath", "always", "threads", 2));
        var slow = Backends.exact(Map.of("fastPath", "never"))) {
      for (int n = 1; n <= 4; n++) {
        var c = projection(n, 1 + n % 2, 1 + rnd.nextInt(1 << n), n % 2 == 0, rnd);
        var rows = rows(c, 7, 2, rnd);
        for (var r : readouts(n)) {
          var task = Task.builder(c).bindings(rows).readout(r).build();
          var cot = VjpTest.cotangents(task, rnd);
          var viaProduct = fast.vjp(List.of(task), one(cot)).get(0);
          // after forward passes of this and another task (two layers) each backward pass reuses
          // its own task's states
          var other = Task.builder(c).bindings(rows(c, 7, 2, rnd)).readout(r).build();
          var otherCot = VjpTest.cotangents(other, rnd);
          var otherFresh = fast.vjp(List.of(other), one(otherCot)).get(0);
          fast.run(task);
          fast.run(other);
          assertGradientClose(otherFresh, fast.vjp(List.of(other), one(otherCot)).get(0), 1e-13, "kept states");
          assertGradientClose(viaProduct, fast.vjp(List.of(task), one(cot)).get(0), 1e-13, "kept states");
          var viaGates = slow.vjp(List.of(task), one(cot)).get(0);
          var fd = vjp.finiteDifferences(task, cot);
          assertGradientClose(viaGates, viaProduct, 1e-12, "fast vs generic " + c + r);
          // finite differences are per row: fold their weight columns the same way
          assertGradientClose(Gradient.fromRows(c, fd), viaProduct, 1e-6, "fast vs finite differences " + c + r);
        }
      }
    }
  }

  @Test
  void tenQubitProjectionOverManyRowsMatchesTheGatePath() {
    var rnd = new Random(47);
    var c = projection(10, 1, 1000, rnd);
    var rows = rows(c, 40, 1, rnd);
    var task = Task.builder(c).bindings(rows).readout(Readout.probabilities()).build();
    var cot = VjpTest.cotangents(task, rnd);
    try (var fast = Backends.exact(Map.of("fastPath", "always"));
        var slow = Backends.exact(Map.of("fastPath", "never"))) {
      ReferenceAgreementTest.assertClose(slow.run(task), fast.run(task), "10 qubits");
      assertGradientClose(slow.vjp(List.of(task), one(cot)).get(0),
          fast.vjp(List.of(task), one(cot)).get(0), 1e-10, "10 qubits");
    }
  }

  @Test
  void aProjectionReadingItsFirstProbabilitiesUsesPartOfUAndStillMatches() {
    // fewer values than 2^n on ordered qubits (U's first columns) and a prefix readout (U's first rows)
    var rnd = new Random(59);
    var c = projection(7, 2, 50, true, rnd);
    var task = Task.builder(c).bindings(rows(c, 30, 2, rnd)).readout(Readout.probabilities().first(20)).build();
    var cot = VjpTest.cotangents(task, rnd);
    try (var fast = Backends.exact(Map.of("fastPath", "always", "threads", 2));
        var slow = Backends.exact(Map.of("fastPath", "never"))) {
      var a = fast.run(task);
      assertEquals(20, a.values()[0].length);
      ReferenceAgreementTest.assertClose(slow.run(task), a, "7 qubits, first 20");
      // the prefix of the full distribution
      var full = slow.run(Task.builder(c).bindings(task.bindings()).readout(Readout.probabilities()).build());
      for (int r = 0; r < task.rows(); r++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(
            java.util.Arrays.copyOf(full.values()[r], 20), a.values()[r], 1e-12, "row " + r);
      }
      var viaProduct = fast.vjp(List.of(task), one(cot)).get(0);
      assertGradientClose(slow.vjp(List.of(task), one(cot)).get(0), viaProduct, 1e-11, "7 qubits, first 20");
      var fd = new VjpTest().finiteDifferences(task, cot);
      assertGradientClose(Gradient.fromRows(c, fd), viaProduct, 1e-6, "7 qubits, first 20 vs finite differences");
    }
  }

  @Test
  void autoModeKeepsShallowWideCircuitsOnTheGatePathAndDeepNarrowOnesOnTheProduct() {
    var rnd = new Random(53);
    try (var auto = Backends.standard()) {
      var shallow = projection(8, 1, 256, rnd);
      var t1 = Task.builder(shallow).bindings(rows(shallow, 64, 1, rnd)).readout(Readout.probabilities()).build();
      assertEquals("statevector", auto.run(t1).metadata().extra().get("path"));
      var deep = projection(2, 12, 4, rnd);
      var t2 = Task.builder(deep).bindings(rows(deep, 64, 1, rnd)).readout(Readout.probabilities()).build();
      assertEquals("matrix-product", auto.run(t2).metadata().extra().get("path"));
    }
  }

}
