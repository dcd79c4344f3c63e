package dev.qssm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.Gradient;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.circuit.PauliString;
import dev.qssm.testkit.ReferenceBackend;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Adjoint-method VJPs against central finite differences of the reference backend. */
class VjpTest {
  private static final double H = 1e-6;
  private static final double TOL = 1e-6;
  private final ReferenceBackend reference = new ReferenceBackend();

  /** dL/d(binding) by central differences, L = sum_k cot[r][k] value[r][k], row by row. */
  double[][] finiteDifferences(Task task, double[][] cot) {
    var out = new double[task.rows()][task.circuit().parameters().size()];
    for (int r = 0; r < task.rows(); r++) {
      for (int p = 0; p < out[r].length; p++) {
        var plus = task.bindings()[r].clone();
        var minus = task.bindings()[r].clone();
        plus[p] += H;
        minus[p] -= H;
        double lp = loss(task.withBindings(new double[][] {plus}), cot[r]);
        double lm = loss(task.withBindings(new double[][] {minus}), cot[r]);
        out[r][p] = (lp - lm) / (2 * H);
      }
    }
    return out;
  }

  private double loss(Task t, double[] cot) {
    var v = reference.run(t).values()[0];
    double s = 0;
    for (int k = 0; k < v.length; k++) {
      s += cot[k] * v[k];
    }
    return s;
  }

  static List<double[][]> one(double[][] m) {
    return java.util.Collections.singletonList(m);
  }

  static double[][] cotangents(Task t, Random rnd) {
    var c = new double[t.rows()][t.resultSize()];
    for (var row : c) {
      for (int k = 0; k < row.length; k++) {
        row[k] = rnd.nextDouble() * 2 - 1;
      }
    }
    return c;
  }

  static void assertGradientClose(Gradient expected, Gradient actual, double tol, String what) {
    assertMatrixClose(new double[][] {expected.weights()}, new double[][] {actual.weights()}, tol, what + " (weights)");
    assertMatrixClose(expected.inputs(), actual.inputs(), tol, what + " (inputs)");
  }

  static void assertMatrixClose(double[][] expected, double[][] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int r = 0; r < expected.length; r++) {
      assertEquals(expected[r].length, actual[r].length, what);
      for (int p = 0; p < expected[r].length; p++) {
        assertEquals(expected[r][p], actual[r][p], tol, what + " row " + r + " parameter " + p);
      }
    }
  }

  @Test
  void adjointMatchesFiniteDifferencesOnRandomCircuits() {
    var gen = new RandomCircuits(21);
    var rnd = new Random(22);
    try (var standard = Backends.standard(); var single = Backends.rowByRow(); var threaded = Backends.threaded()) {
      for (int trial = 0; trial < 24; trial++) {
        int n = 1 + trial % 6;
        Circuit c = gen.circuit(n, 5 + rnd.nextInt(15), trial % 2 == 0, trial % 3 != 2);
        if (c.parameters().isEmpty()) {
          continue;
        }
        var rows = gen.bindings(c, 3);
        for (var r : gen.readouts(c)) {
          var task = Task.builder(c).bindings(rows).readout(r).build();
          var cot = cotangents(task, rnd);
          var fd = finiteDifferences(task, cot);
          for (var b : List.of(standard, single, threaded)) {
            assertGradientClose(Gradient.fromRows(c, fd), b.vjp(List.of(task), one(cot)).get(0), TOL, c + " " + r + " on " + b);
          }
        }
      }
    }
  }

  @Test
  void controlledAndTwoQubitAngleGates() {
    var w = Parameter.vector("w", 6, ParameterKind.WEIGHT);
    var x = Parameter.input("x");
    var c = Circuit.builder(3)
        .h(0).h(1).ry(x, 2)
        .gate(dev.qssm.circuit.Gate.CRX, List.of(dev.qssm.circuit.Angle.of(w.get(0))), 0, 2)
        .controlled(new int[] {1}, new boolean[] {false}, dev.qssm.circuit.Gate.RY,
            List.of(dev.qssm.circuit.Angle.of(w.get(1), 2, 0.1)), 0)
        .gate(dev.qssm.circuit.Gate.RZZ, List.of(dev.qssm.circuit.Angle.of(w.get(2))), 0, 1)
        .gate(dev.qssm.circuit.Gate.RXX, List.of(dev.qssm.circuit.Angle.of(w.get(3))), 1, 2)
        .gate(dev.qssm.circuit.Gate.U, List.of(dev.qssm.circuit.Angle.of(w.get(4)), dev.qssm.circuit.Angle.of(x),
            dev.qssm.circuit.Angle.of(w.get(5))), 2)
        .controlled(new int[] {0}, new boolean[] {true}, dev.qssm.circuit.Gate.U3,
            List.of(dev.qssm.circuit.Angle.of(w.get(5)), dev.qssm.circuit.Angle.of(w.get(4)),
                dev.qssm.circuit.Angle.of(x, -1, 0)), 1)
        .build();
    var rnd = new Random(5);
    var rows = new double[4][c.parameters().size()];
    for (var row : rows) {
      for (int i = 0; i < row.length; i++) {
        row[i] = rnd.nextDouble() * 6 - 3;
      }
    }
    try (var b = Backends.standard()) {
      for (var r : List.of(Readout.probabilities(), Readout.expectations(PauliString.parse("XYZ"),
          PauliString.parse("ZZI")))) {
        var task = Task.builder(c).bindings(rows).readout(r).build();
        var cot = cotangents(task, rnd);
        assertGradientClose(Gradient.fromRows(c, finiteDifferences(task, cot)), b.vjp(List.of(task), one(cot)).get(0), TOL,
            r.toString());
      }
    }
  }

  @Test
  void amplitudeEncodingGradientGoesThroughTheNormalisation() {
    var a = Parameter.vector("a", 3, ParameterKind.INPUT);
    var w = Parameter.weight("w");
    var c = Circuit.builder(2).amplitudeEncoding(a, 1, 0).ry(w, 0).cx(0, 1).build();
    var task = Task.builder(c).bindings(new double[] {0.3, -1.2, 0.7, 0.4}).readout(Readout.probabilities()).build();
    var cot = new double[][] {{0.5, -1, 2, 0.25}};
    try (var b = Backends.standard()) {
      var g = b.vjp(List.of(task), one(cot)).get(0);
      assertGradientClose(Gradient.fromRows(c, finiteDifferences(task, cot)), g, TOL, "encoding");
      // scaling x does not change the state, so the gradient is orthogonal to x
      var in = g.inputs()[0];
      double dot = 0.3 * in[0] - 1.2 * in[1] + 0.7 * in[2];
      assertEquals(0, dot, 1e-12);
    }
  }

  @Test
  void shotAndMidCircuitTasksGetParameterShiftGradients() {
    var w = Parameter.weight("w");
    var c = Circuit.builder(1).ry(w, 0).build();
    var task = Task.builder(c).bindings(new double[] {0.4}).readout(Readout.probabilities()).shots(400).seed(1).build();
    try (var b = Backends.standard()) {
      // sampled: an estimate near -sin(w)/2 = dP(0)/dw, reproducible with its seed, never the exact value
      double g = b.vjp(List.of(task), one(new double[][] {{1, 0}})).get(0).weights()[0];
      assertEquals(g, b.vjp(List.of(task), one(new double[][] {{1, 0}})).get(0).weights()[0]);
      assertEquals(-Math.sin(0.4) / 2, g, 0.15);
      assertTrue(g != -Math.sin(0.4) / 2, "a shots gradient must be sampled");
      // ry(w); measure; cx copies the outcome: P(q1 = 1) = sin²(w/2), derivative sin(w)/2
      var mid = Circuit.builder(2).classicalRegister("c", 1).ry(w, 0).measure(0, 0).cx(0, 1).build();
      var midTask = Task.builder(mid).bindings(new double[] {0.4}).readout(Readout.probabilities(1)).build();
      var gm = b.vjp(List.of(midTask), one(new double[][] {{0, 1}})).get(0).weights()[0];
      assertEquals(Math.sin(0.4) / 2, gm, 1e-12);
      assertTrue(b.capabilities().vjp());
    }
  }

  @Test
  void shotTasksGoToParameterShiftWithTheBackendItself() {
    var w = Parameter.weight("w");
    var c = Circuit.builder(1).ry(w, 0).build();
    var shots = Task.builder(c).bindings(new double[] {0.4}).readout(Readout.probabilities()).shots(100).seed(1).build();
    var exact = Task.builder(c).bindings(new double[] {0.4}).readout(Readout.probabilities()).build();
    try (var b = Backends.standard(); var ps = org.mockito.Mockito.mockStatic(dev.qssm.gradient.ParameterShift.class)) {
      var marker = new Gradient(new double[] {42}, new double[][] {{0}});
      ps.when(() -> dev.qssm.gradient.ParameterShift.vjp(org.mockito.ArgumentMatchers.same(b),
          org.mockito.ArgumentMatchers.eq(List.of(shots)), org.mockito.ArgumentMatchers.any()))
          .thenReturn(List.of(marker));
      var out = b.vjp(List.of(exact, shots), java.util.Arrays.asList(new double[][] {{1, 0}}, new double[][] {{1, 0}}));
      assertEquals(42, out.get(1).weights()[0]);
      // exact task: d/dw P(0) = d/dw cos^2(w/2) = -sin(w)/2
      assertEquals(-Math.sin(0.4) / 2, out.get(0).weights()[0], 1e-12);
    }
  }

  @Test
  void badCotangentsAreRejectedWithTheExpectedShape() {
    var w = Parameter.weight("w");
    var c = Circuit.builder(1).ry(w, 0).build();
    var task = Task.builder(c).bindings(new double[] {0.4}).readout(Readout.probabilities()).build();
    try (var b = Backends.standard()) {
      var e = assertThrows(IllegalArgumentException.class, () -> b.vjp(List.of(task), one(new double[][] {{1}})));
      assertTrue(e.getMessage().contains("must have 2 value(s)"), e.getMessage());
    }
  }

  @Test
  void mapOfOptionsIsHonoured() {
    try (var b = Backends.exact(Map.of("threads", 3))) {
      assertTrue(b.toString().contains("threads=3"));
    }
  }
}
