package dev.qssm.transpile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.circuit.PauliString;
import dev.qssm.testkit.FiniteDifferences;
import dev.qssm.testkit.ReferenceBackend;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AmplitudeLoweringTest {
  private static final double EPS = 1e-12;
  private final ReferenceBackend reference = new ReferenceBackend();

  @Test
  void loweredStateIsTheNormalisedVectorAmplitudeByAmplitude() {
    var rnd = new Random(7);
    for (int k = 1; k <= 5; k++) {
      int capacity = 1 << k;
      for (int d = 1; d <= capacity; d++) {
        for (int trial = 0; trial < 3; trial++) {
          var x = randomVector(rnd, d, trial == 2 ? 0.4 : 0.0);
          assertEncodes(k, x);
        }
      }
    }
  }

  @Test
  void zeroBlocksSignedZerosAndBasisVectorsComeOutExactly() {
    var cases = new double[][] {
      {0, 0, 0, 0, 1, 2, 0, 0},
      {0, 0, 0, 1},
      {0, 0, 0, -1},
      {-0.0, 1},
      {-0.0, -0.0, -1},
      {-1, 0},
      {0, -1},
      {1, 0, 0, 0, 0, 0, 0, 0},
      {0, 0, 0, 0, 0, 0, 0, -3},
      {-2, -0.0, 0, 0, 0, 0, 0},
      {1e-150, -1e-150, 1e-150},
      {1e300, -1e300},
      {5},
      {-5},
    };
    for (var x : cases) {
      int k = Math.max(1, 32 - Integer.numberOfLeadingZeros(x.length - 1));
      var lowered = assertEncodes(k, x);
      for (double v : lowered.task().bindings()[0]) {
        assertTrue(Double.isFinite(v), "angle " + v + " for " + java.util.Arrays.toString(x));
      }
    }
  }

  @Test
  void encodingOnPermutedQubitsInsideALargerCircuit() {
    var xs = Parameter.vector("x", 6, ParameterKind.INPUT);
    var w = Parameter.weight("w");
    var circuit = Circuit.builder(5)
        .h(1).rx(w, 2)
        .amplitudeEncoding(xs, 3, 0, 4)
        .cx(4, 1).ry(Angle.of(w, -0.5, 0.2), 0).gate(Gate.RZZ, List.of(Angle.constant(0.3)), 3, 2)
        .build();
    var rnd = new Random(3);
    for (int trial = 0; trial < 5; trial++) {
      var row = new double[circuit.parameters().size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = rnd.nextGaussian();
      }
      var task = Task.builder(circuit).bindings(row).readout(Readout.probabilities()).build();
      var lowered = AmplitudeLowering.lower(task);
      var expected = ReferenceBackend.simulate(circuit, row);
      var actual = ReferenceBackend.simulate(lowered.task().circuit(), lowered.task().bindings()[0]);
      assertArrayEquals(expected[0], actual[0], EPS, "real parts");
      assertArrayEquals(expected[1], actual[1], EPS, "imaginary parts");
    }
  }

  @Test
  void loweredTaskGivesTheSameReadoutsAsTheOriginal() {
    var xs = Parameter.vector("x", 5, ParameterKind.INPUT);
    var ys = Parameter.vector("y", 2, ParameterKind.INPUT);
    var w = Parameter.weight("w");
    var circuit = Circuit.builder(4)
        .classicalRegister("c", 3)
        .amplitudeEncoding(xs, 0, 1, 2)
        .amplitudeEncoding(ys, 3)
        .rx(w, 1).cx(0, 3).ry(Angle.of(w, 2, 0), 2)
        .measure(2, 0).measure(0, 2).measure(3, 1)
        .build();
    var rnd = new Random(11);
    var rows = new double[4][circuit.parameters().size()];
    for (var row : rows) {
      for (int i = 0; i < row.length; i++) {
        row[i] = rnd.nextGaussian();
      }
    }
    var readouts = List.of(
        Readout.probabilities(), Readout.probabilities(3, 1),
        Readout.expectations(PauliString.parse("XZYI"), PauliString.z(3), PauliString.parse("XX")),
        Readout.marginals(), Readout.classicalBits());
    for (var readout : readouts) {
      var task = Task.builder(circuit).bindings(rows).readout(readout).build();
      var lowered = AmplitudeLowering.lower(task);
      var expected = reference.run(task).values();
      var actual = reference.run(lowered.task()).values();
      for (int r = 0; r < rows.length; r++) {
        assertArrayEquals(expected[r], actual[r], EPS, readout + " row " + r);
      }
    }
  }

  @Test
  void originalParametersKeepTheirColumnsAndFreshAnglesFollow() {
    var xs = Parameter.vector("x", 4, ParameterKind.INPUT);
    var w = Parameter.weight("w");
    var circuit = Circuit.builder(3).rx(w, 0).amplitudeEncoding(xs, 1, 2).build();
    var task = Task.builder(circuit).bindings(new double[] {0.1, 1, -2, 3, 4})
        .readout(Readout.probabilities()).shots(100).seed(42).build();
    var lowered = AmplitudeLowering.lower(task).task();
    var ps = lowered.circuit().parameters();
    assertEquals(circuit.parameters(), ps.subList(0, 5), "original parameters first, in order");
    assertEquals(5 + 3, ps.size(), "2^2 - 1 fresh angles");
    for (int j = 0; j < 3; j++) {
      assertEquals(new Parameter("__amp0_phi[" + j + "]", ParameterKind.INPUT), ps.get(5 + j));
    }
    assertArrayEquals(task.bindings()[0], java.util.Arrays.copyOf(lowered.bindings()[0], 5), 0);
    assertEquals(100, lowered.shots());
    assertEquals(42L, lowered.seed().getAsLong());
    assertEquals(task.readout(), lowered.readout());
    for (var ins : lowered.circuit().instructions()) {
      assertFalse(ins instanceof AmplitudeEncoding, "no encoding left");
      var g = (GateOperation) ins;
      assertTrue(g.gate() == Gate.RX || g.gate() == Gate.RY || g.gate() == Gate.CX, "only ry/cx added: " + g);
    }
  }

  @Test
  void freshNamesStayClearOfNamesTheCircuitUses() {
    var clash = Parameter.weight("__amp0_phi[0]");
    var xs = Parameter.vector("x", 2, ParameterKind.INPUT);
    var circuit = Circuit.builder(2).rx(clash, 0).amplitudeEncoding(xs, 1).build();
    var task = Task.builder(circuit).bindings(new double[] {0.3, 1, 2}).readout(Readout.probabilities()).build();
    var lowered = AmplitudeLowering.lower(task).task();
    var names = lowered.circuit().parameters().stream().map(Parameter::name).toList();
    assertEquals(names.size(), names.stream().distinct().count(), "no duplicate names: " + names);
    assertEquals(4, names.size(), names.toString());
    assertNotEquals("__amp0_phi[0]", names.get(3));
    assertArrayEquals(reference.run(task).values()[0], reference.run(lowered).values()[0], EPS);
  }

  @Test
  void taskWithoutEncodingIsReturnedAsIsAndPullbackCopies() {
    var w = Parameter.weight("w");
    var task = Task.builder(Circuit.builder(1).rx(w, 0).build()).bindings(new double[] {0.4})
        .readout(Readout.probabilities()).build();
    var lowered = AmplitudeLowering.lower(task);
    assertSame(task, lowered.task());
    assertTrue(lowered.isUnchanged());
    assertArrayEquals(new double[] {2.5}, lowered.pullback(new double[][] {{2.5}})[0], 0);
  }

  @Test
  void pullbackOfLoweredFiniteDifferencesMatchesFiniteDifferencesOfTheOriginal() {
    var fixture = pullbackFixture();
    var task = fixture.task;
    var lowered = AmplitudeLowering.lower(task);
    assertTrue(lowered.probes().isEmpty(), "generic data needs no probes");
    var viaLowering = lowered.pullback(FiniteDifferences.vjp(reference, lowered.task(), fixture.cot, 1e-5));
    var direct = FiniteDifferences.vjp(reference, task, fixture.cot, 1e-5);
    for (int r = 0; r < task.rows(); r++) {
      assertArrayEquals(direct[r], viaLowering[r], 1e-6, "row " + r);
    }
  }

  @Test
  void probesMakeThePullbackExactWhereEncodedValuesAndTheirPartnersAreZero() {
    var fixture = pullbackFixture();
    var rows = fixture.task.bindings().clone();
    var xs = fixture.xs;
    var c = fixture.task.circuit();
    rows[1] = rows[1].clone();
    for (int i = 0; i < 4; i++) {
      rows[1][c.parameterIndex(xs.get(i))] = 0; // a whole zero block of data
    }
    rows[2] = rows[2].clone();
    rows[2][c.parameterIndex(xs.get(6))] = 0; // zero next to the zero padding
    rows[2][c.parameterIndex(xs.get(2))] = 0; // zero whose partner is not: not singular
    var task = fixture.task.withBindings(rows);
    var lowered = AmplitudeLowering.lower(task);
    assertEquals(2 * 5, lowered.probes().size(), "x[0..3] in row 1 and x[6] in row 2, two probes each");
    var gradLowered = FiniteDifferences.vjp(reference, lowered.task(), fixture.cot, 1e-5);
    var direct = FiniteDifferences.vjp(reference, task, fixture.cot, 1e-5);

    var chainOnly = lowered.pullback(gradLowered);
    int x6 = c.parameterIndex(xs.get(6));
    assertEquals(0, chainOnly[2][x6], "the chain rule alone cannot see a singular value");
    assertTrue(Math.abs(direct[2][x6]) > 1e-3, "the fixture must make that gradient non-zero");

    var exact = lowered.pullback(gradLowered, fixture.cot, reference.run(lowered.probes()));
    for (int r = 0; r < task.rows(); r++) {
      assertArrayEquals(direct[r], exact[r], 1e-6, "row " + r);
    }
  }

  private record PullbackFixture(Task task, List<Parameter> xs, double[][] cot) {}

  private static PullbackFixture pullbackFixture() {
    var xs = Parameter.vector("x", 7, ParameterKind.INPUT);
    var ys = Parameter.vector("y", 2, ParameterKind.INPUT);
    var w = Parameter.weight("w");
    // x[1] is also an angle elsewhere: its gradient has both contributions
    var circuit = Circuit.builder(4)
        .amplitudeEncoding(xs, 0, 1, 2)
        .amplitudeEncoding(ys, 3)
        .rx(w, 1).cx(0, 3).ry(Angle.of(xs.get(1), 0.7, 0.1), 2)
        .gate(Gate.CRX, List.of(Angle.of(w)), 3, 0).h(2)
        .build();
    var rnd = new Random(5);
    var rows = new double[3][circuit.parameters().size()];
    for (var row : rows) {
      for (int i = 0; i < row.length; i++) {
        row[i] = rnd.nextGaussian();
      }
    }
    var task = Task.builder(circuit).bindings(rows)
        .readout(Readout.expectations(PauliString.parse("ZIXZ"), PauliString.parse("YYII"), PauliString.parse("IZXI")))
        .build();
    var cot = new double[][] {{1, -0.5, 0.2}, {0.3, 2, -1}, {-1, 1, 0.7}};
    return new PullbackFixture(task, xs, cot);
  }

  @Test
  void pullbackRefusesGradientsOfTheWrongShape() {
    var xs = Parameter.vector("x", 2, ParameterKind.INPUT);
    var task = Task.builder(Circuit.builder(1).amplitudeEncoding(xs, 0).build())
        .bindings(new double[] {1, 2}).readout(Readout.probabilities()).build();
    var lowered = AmplitudeLowering.lower(task);
    var e = assertThrows(IllegalArgumentException.class, () -> lowered.pullback(new double[][] {{1, 2}}));
    assertTrue(e.getMessage().contains("row 0 must have 3 value(s), got 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> lowered.pullback(new double[2][3]));
  }

  /** Lowers a one-row task encoding x on k qubits and checks the state against x / ||x||. */
  private LoweredTask assertEncodes(int k, double[] x) {
    var xs = Parameter.vector("x", x.length, ParameterKind.INPUT);
    var qubits = new int[k];
    java.util.Arrays.setAll(qubits, i -> i);
    var circuit = Circuit.builder(k).amplitudeEncoding(xs, qubits).build();
    var task = Task.builder(circuit).bindings(x).readout(Readout.probabilities()).build();
    var lowered = AmplitudeLowering.lower(task);
    var state = ReferenceBackend.simulate(lowered.task().circuit(), lowered.task().bindings()[0]);
    double norm = 0;
    for (double v : x) {
      norm = Math.hypot(norm, v);
    }
    var expected = new double[1 << k];
    for (int i = 0; i < x.length; i++) {
      expected[i] = x[i] / norm;
    }
    var label = "k=" + k + " x=" + java.util.Arrays.toString(x);
    assertArrayEquals(expected, state[0], EPS, label);
    assertArrayEquals(new double[1 << k], state[1], EPS, label);
    return lowered;
  }

  private static double[] randomVector(Random rnd, int d, double zeroFraction) {
    var x = new double[d];
    boolean any = false;
    for (int i = 0; i < d; i++) {
      x[i] = rnd.nextDouble() < zeroFraction ? 0 : rnd.nextGaussian();
      any |= x[i] != 0;
    }
    if (!any) {
      x[rnd.nextInt(d)] = -1;
    }
    return x;
  }
}
