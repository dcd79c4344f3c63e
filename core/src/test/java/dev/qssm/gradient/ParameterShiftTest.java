package dev.qssm.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendException;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Readout;
import dev.qssm.backend.SamplingReferenceBackend;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParameterShiftTest {
  private static final double TOL = 1e-6;
  private static final Parameter W = Parameter.weight("w");
  private static final Parameter V = Parameter.weight("v");
  private static final Parameter X = Parameter.input("x");
  private static final ReferenceBackend REFERENCE = new ReferenceBackend();

  /** One parametrised gate placed on qubits 0..3 of a generic 4-qubit state. */
  record GateCase(Gate gate, int[] controls, boolean[] states, int... qubits) {}

  static Stream<Arguments> gateCases() {
    return Stream.of(
        c("rx", Gate.RX, 2),
        c("ry", Gate.RY, 1),
        c("rz", Gate.RZ, 0),
        c("p", Gate.P, 3),
        c("U", Gate.U, 1),
        c("u3", Gate.U3, 2),
        c("rzz", Gate.RZZ, 0, 2),
        c("rxx", Gate.RXX, 3, 1),
        c("crx", Gate.CRX, 1, 0),
        c("cry", Gate.CRY, 2, 3),
        c("crz", Gate.CRZ, 0, 1),
        c("cp", Gate.CP, 3, 2),
        m("ctrl @ rx", Gate.RX, new int[] {0}, new boolean[] {true}, 2),
        m("negctrl @ ry", Gate.RY, new int[] {3}, new boolean[] {false}, 1),
        m("ctrl @ rz", Gate.RZ, new int[] {2}, new boolean[] {true}, 0),
        m("ctrl @ p", Gate.P, new int[] {1}, new boolean[] {true}, 3),
        m("negctrl @ p", Gate.P, new int[] {1}, new boolean[] {false}, 2),
        m("ctrl @ negctrl @ rx", Gate.RX, new int[] {0, 1}, new boolean[] {true, false}, 3),
        m("negctrl @ negctrl @ ctrl @ ry", Gate.RY, new int[] {0, 1, 3}, new boolean[] {false, false, true}, 2),
        m("ctrl @ ctrl @ p", Gate.P, new int[] {2, 3}, new boolean[] {true, true}, 0),
        m("ctrl @ u3", Gate.U3, new int[] {3}, new boolean[] {true}, 0),
        m("negctrl @ U", Gate.U, new int[] {0}, new boolean[] {false}, 1),
        m("ctrl @ rzz", Gate.RZZ, new int[] {1}, new boolean[] {true}, 0, 3),
        m("negctrl @ rxx", Gate.RXX, new int[] {2}, new boolean[] {false}, 3, 1),
        m("ctrl @ crx", Gate.CRX, new int[] {3}, new boolean[] {true}, 0, 2),
        m("negctrl @ cp", Gate.CP, new int[] {0}, new boolean[] {false}, 1, 2));
  }

  private static Arguments c(String name, Gate gate, int... qubits) {
    return m(name, gate, new int[0], new boolean[0], qubits);
  }

  private static Arguments m(String name, Gate gate, int[] controls, boolean[] states, int... qubits) {
    return Arguments.of(name, new GateCase(gate, controls, states, qubits));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gateCases")
  void everyParametrisedGateKindMatchesFiniteDifferences(String name, GateCase g) {
    // angles mix a weight, an input, a repeated weight with scale and offset, and constants
    var pool = List.of(Angle.of(W), Angle.of(X, -1.3, 0.4), Angle.of(W, 0.6, -0.2), Angle.of(V, 2.1, 0));
    var angles = new ArrayList<Angle>();
    for (int i = 0; i < g.gate().numParams(); i++) {
      angles.add(pool.get(i % pool.size()));
    }
    var b = generic4();
    b.controlled(g.controls(), g.states(), g.gate(), angles, g.qubits());
    b.controlled(g.controls(), g.states(), g.gate(), angles.stream().map(a -> a.shifted(0.37)).toList(), g.qubits());
    b.cx(0, 1).h(2).gate(Gate.RY, List.of(Angle.of(W, -0.5, 0)), 3).cx(3, 2);
    var circuit = b.build();
    var rows = randomRows(circuit, 3, new Random(name.hashCode()));
    assertMatchesFiniteDifferences(name, Task.builder(circuit).bindings(rows)
        .readout(Readout.expectations(PauliString.parse("ZZXI"), PauliString.parse("IYIX"), PauliString.z(2)))
        .build());
    assertMatchesFiniteDifferences(name, Task.builder(circuit).bindings(rows).readout(Readout.probabilities()).build());
  }

  @Test
  void randomCircuitsWithEveryReadoutMatchFiniteDifferences() {
    var rnd = new Random(2024);
    var kinds = gateCases().map(a -> (GateCase) a.get()[1]).toList();
    var params = List.of(W, V, Parameter.weight("u"), X, Parameter.input("y"));
    for (int trial = 0; trial < 12; trial++) {
      var b = Circuit.builder(4).classicalRegister("c", 3);
      for (int q = 0; q < 4; q++) {
        b.ry(rnd.nextDouble() * 3, q);
      }
      for (int gi = 0; gi < 8; gi++) {
        var kind = kinds.get(rnd.nextInt(kinds.size()));
        var perm = permutation(rnd, 4);
        int nc = kind.controls().length;
        var controls = java.util.Arrays.copyOfRange(perm, 0, nc);
        var qubits = java.util.Arrays.copyOfRange(perm, nc, nc + kind.gate().numQubits());
        var angles = new ArrayList<Angle>();
        for (int a = 0; a < kind.gate().numParams(); a++) {
          angles.add(rnd.nextInt(5) == 0
              ? Angle.constant(rnd.nextGaussian())
              : Angle.of(params.get(rnd.nextInt(params.size())), rnd.nextGaussian() * 1.5, rnd.nextGaussian()));
        }
        b.controlled(controls, kind.states(), kind.gate(), angles, qubits);
        if (rnd.nextBoolean()) {
          b.cx(perm[0], perm[3]);
        }
      }
      b.measure(2, 0).measure(0, 2).measure(3, 1);
      var circuit = b.build();
      var rows = randomRows(circuit, 2, rnd);
      var readouts = List.of(
          Readout.probabilities(), Readout.probabilities(3, 0),
          Readout.expectations(PauliString.parse("XZIY"), PauliString.parse("ZIII"), PauliString.parse("IXXI")),
          Readout.marginals(), Readout.classicalBits());
      for (var readout : readouts) {
        assertMatchesFiniteDifferences("trial " + trial + " " + readout,
            Task.builder(circuit).bindings(rows).readout(readout).build());
      }
    }
  }

  @Test
  void amplitudeEncodedInputsMatchFiniteDifferencesIncludingZeroBlocks() {
    var xs = Parameter.vector("a", 6, ParameterKind.INPUT);
    var ys = Parameter.vector("b", 3, ParameterKind.INPUT);
    var circuit = Circuit.builder(5)
        .amplitudeEncoding(xs, 0, 2, 1)
        .amplitudeEncoding(ys, 3, 4)
        .rx(W, 0).gate(Gate.CRY, List.of(Angle.of(V, 0.8, 0.1)), 4, 1)
        .cx(2, 3).ry(Angle.of(xs.get(2), 1.1, 0), 4) // a[2] is an amplitude and an angle
        .controlled(new int[] {3}, new boolean[] {false}, Gate.RZ, List.of(Angle.of(X)), 0).h(0)
        .build();
    var rows = randomRows(circuit, 4, new Random(9));
    // row 1: a zero block of data (a[0..3]); row 2: zeros next to the padding (a[5]; b[2])
    for (int i = 0; i < 4; i++) {
      rows[1][circuit.parameterIndex(xs.get(i))] = 0;
    }
    rows[2][circuit.parameterIndex(xs.get(5))] = 0;
    rows[2][circuit.parameterIndex(ys.get(2))] = 0;
    for (var readout : List.of(
        Readout.expectations(PauliString.parse("ZXIZY"), PauliString.parse("IIZZI"), PauliString.parse("XIIIX")),
        Readout.probabilities(0, 3))) {
      assertMatchesFiniteDifferences("amplitudes " + readout, Task.builder(circuit).bindings(rows).readout(readout).build());
    }
  }

  @Test
  void allShiftedTasksOfAllTasksGoToTheBackendInOneCall() {
    var a = Task.builder(generic4().rx(W, 0).gate(Gate.CRZ, List.of(Angle.of(X)), 0, 1).build())
        .bindings(new double[] {0.3, 0.9}, new double[] {-1, 2}).readout(Readout.probabilities()).build();
    var xs = Parameter.vector("e", 3, ParameterKind.INPUT);
    var b = Task.builder(Circuit.builder(2).amplitudeEncoding(xs, 0, 1).ry(V, 0).build())
        .bindings(new double[] {1, 0, 2, 0.5}).readout(Readout.expectations(PauliString.parse("XZ"))).build();
    var constant = Task.builder(Circuit.builder(1).h(0).build()).readout(Readout.probabilities()).build();
    var recording = new RecordingBackend(REFERENCE);
    var cotA = new double[][] {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, new double[16]};
    cotA[1][5] = -2;
    var cotB = new double[][] {{0.7}};
    var cotC = new double[][] {{1, -1}};
    var all = ParameterShift.perRow(recording, List.of(a, b, constant), List.of(cotA, cotB, cotC));
    assertEquals(1, recording.calls.size(), "one backend call for every task of the vjp");
    // the same gradients as separate calls, and as finite differences
    assertArrayEquals(ParameterShift.perRow(REFERENCE, List.of(a), List.<double[][]>of(cotA)).get(0)[1], all.get(0)[1], 1e-14);
    assertClose("a", FiniteDifferences.vjp(REFERENCE, a, cotA, 1e-5), all.get(0));
    assertClose("b", FiniteDifferences.vjp(REFERENCE, b, cotB, 1e-5), all.get(1));
    assertEquals(1, all.get(2).length);
    assertEquals(0, all.get(2)[0].length);
  }

  @Test
  void tasksWithNothingToDifferentiateGetZerosWithoutRunningAnything() {
    var noParams = Task.builder(Circuit.builder(2).h(0).cx(0, 1).build()).readout(Readout.probabilities()).build();
    // declared but never used by a gate: a column whose gradient is zero
    var unused = Task.builder(Circuit.builder(1).declare(W).h(0).build())
        .bindings(new double[] {0.5}, new double[] {1.5}).readout(Readout.probabilities()).build();
    var zeroScale = Task.builder(Circuit.builder(1).rx(Angle.of(W, 0, 0.3), 0).build())
        .bindings(new double[] {0.5}).readout(Readout.probabilities()).build();
    var recording = new RecordingBackend(REFERENCE);
    var g = ParameterShift.perRow(recording, List.of(noParams, unused, zeroScale),
        List.<double[][]>of(new double[][] {{1, 1, 1, 1}}, new double[][] {{1, 2}, {3, 4}}, new double[][] {{1, 0}}));
    assertEquals(0, recording.calls.size(), "nothing to shift, nothing to run");
    assertArrayEquals(new double[0], g.get(0)[0]);
    assertArrayEquals(new double[] {0}, g.get(1)[0]);
    assertArrayEquals(new double[] {0}, g.get(1)[1]);
    assertArrayEquals(new double[] {0}, g.get(2)[0]);
  }

  @Test
  void noTasksMeansNoCall() {
    var recording = new RecordingBackend(REFERENCE);
    assertTrue(ParameterShift.perRow(recording, List.of(), List.of()).isEmpty());
    assertEquals(0, recording.calls.size());
  }

  @Test
  void shiftedTasksKeepShotsAndGetDistinctReproducibleSeeds() {
    var circuit = Circuit.builder(2).rx(W, 0).gate(Gate.CRX, List.of(Angle.of(W)), 0, 1).build();
    var seeded = Task.builder(circuit).bindings(new double[] {0.4}).readout(Readout.probabilities())
        .shots(500).seed(77).build();
    var unseeded = Task.builder(circuit).bindings(new double[] {0.4}).readout(Readout.probabilities()).shots(300).build();
    var cot = new double[][] {{0, 1, -1, 0.5}};
    var first = new RecordingBackend(new SamplingReferenceBackend());
    var g1 = ParameterShift.perRow(first, List.of(seeded, unseeded), List.of(cot, cot));
    var second = new RecordingBackend(new SamplingReferenceBackend());
    var g2 = ParameterShift.perRow(second, List.of(seeded, unseeded), List.of(cot, cot));

    var sent = first.calls.get(0);
    assertEquals(2 * (2 + 4), sent.size(), "rx: two terms, crx: four terms, for each task");
    var seeds = new HashSet<Long>();
    for (int i = 0; i < 6; i++) {
      assertEquals(500, sent.get(i).shots());
      assertTrue(sent.get(i).seed().isPresent(), "a seeded task's shifts are seeded");
      assertNotEquals(77L, sent.get(i).seed().getAsLong(), "not the task's own seed");
      seeds.add(sent.get(i).seed().getAsLong());
      assertEquals(sent.get(i).seed(), second.calls.get(0).get(i).seed(), "derived deterministically");
    }
    assertEquals(6, seeds.size(), "every shifted task has its own seed");
    for (int i = 6; i < 12; i++) {
      assertEquals(300, sent.get(i).shots());
      assertFalse(sent.get(i).seed().isPresent(), "an unseeded task's shifts stay unseeded");
    }
    assertArrayEquals(g1.get(0)[0], g2.get(0)[0], 0, "same seed, same gradient");
    // and the estimate is a gradient: within a generous statistical margin of the exact one
    var exact = ParameterShift.perRow(REFERENCE, List.of(seeded.toBuilder().shots(0).build()), List.<double[][]>of(cot)).get(0);
    assertEquals(exact[0][0], g1.get(0)[0][0], 0.25);
  }

  @Test
  void amplitudeEncodingsReachTheBackendLowered() {
    var xs = Parameter.vector("e", 4, ParameterKind.INPUT);
    var task = Task.builder(Circuit.builder(2).amplitudeEncoding(xs, 0, 1).ry(W, 1).build())
        .bindings(new double[] {1, -2, 0.5, 3, 0.2}).readout(Readout.probabilities()).build();
    var noNativeEncoding = Capabilities.builder().maxQubits(16).shots(false).amplitudeEncoding(false).build();
    var recording = new RecordingBackend(REFERENCE, noNativeEncoding);
    var g = ParameterShift.perRow(recording, List.of(task), List.<double[][]>of(new double[][] {{1, -1, 2, 0}}));
    for (var sent : recording.calls.get(0)) {
      assertTrue(sent.circuit().instructions().stream().noneMatch(AmplitudeEncoding.class::isInstance));
    }
    assertClose("lowered", FiniteDifferences.vjp(REFERENCE, task, new double[][] {{1, -1, 2, 0}}, 1e-5), g.get(0));
  }

  @Test
  void rulesFollowTheGeneratorSpectrum() {
    assertEquals(2, ParameterShift.rule(op(Gate.RX), 0).length);
    assertEquals(2, ParameterShift.rule(op(Gate.RZZ), 0).length);
    assertEquals(2, ParameterShift.rule(op(Gate.CP), 0).length, "controlled phase keeps eigenvalues {0, 1}");
    assertEquals(4, ParameterShift.rule(op(Gate.CRX), 0).length);
    assertEquals(4, ParameterShift.rule(op(Gate.CRZ), 0).length);
    var ctrlU = new GateOperation(Gate.U, List.of(Angle.constant(0), Angle.constant(0), Angle.constant(0)),
        new int[] {1}, new int[] {0}, new boolean[] {false});
    assertEquals(4, ParameterShift.rule(ctrlU, 0).length, "θ of U is a rotation");
    assertEquals(2, ParameterShift.rule(ctrlU, 1).length, "φ of U is a phase");
    assertEquals(2, ParameterShift.rule(ctrlU, 2).length, "λ of U is a phase");
  }

  @Test
  void fourTermRuleDifferentiatesEveryFrequencyOfAControlledRotation() {
    // f(θ) = a + b cos(θ/2) + c sin(θ/2) + d cos θ + e sin θ is every expectation under exp(-iθ P⊗G/2)
    var rnd = new Random(1);
    var rule = ParameterShift.rule(op(Gate.CRY), 0);
    for (int trial = 0; trial < 20; trial++) {
      double a = rnd.nextGaussian(), b = rnd.nextGaussian(), c = rnd.nextGaussian();
      double d = rnd.nextGaussian(), e = rnd.nextGaussian(), t = rnd.nextGaussian() * 3;
      java.util.function.DoubleUnaryOperator f =
          x -> a + b * Math.cos(x / 2) + c * Math.sin(x / 2) + d * Math.cos(x) + e * Math.sin(x);
      double exact = -b / 2 * Math.sin(t / 2) + c / 2 * Math.cos(t / 2) - d * Math.sin(t) + e * Math.cos(t);
      double shifted = 0;
      for (var term : rule) {
        shifted += term[1] * f.applyAsDouble(t + term[0]);
      }
      assertEquals(exact, shifted, 1e-12);
    }
    // and the two-term rule alone would be wrong for the half frequency
    var two = ParameterShift.rule(op(Gate.RY), 0);
    double halfFrequency = two[0][1] * Math.sin((0 + two[0][0]) / 2) + two[1][1] * Math.sin((0 + two[1][0]) / 2);
    assertNotEquals(0.5, halfFrequency, 1e-3);
  }

  @Test
  void cotangentsOfTheWrongShapeAreRefused() {
    var task = Task.builder(Circuit.builder(1).rx(W, 0).build()).bindings(new double[] {0.1}, new double[] {0.2})
        .readout(Readout.probabilities()).build();
    var e = assertThrows(IllegalArgumentException.class,
        () -> ParameterShift.perRow(REFERENCE, List.of(task), List.of()));
    assertTrue(e.getMessage().contains("one cotangent matrix per task"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ParameterShift.perRow(REFERENCE, List.of(task), List.<double[][]>of(new double[][] {{1, 0}})));
    assertTrue(e.getMessage().contains("one row per binding row (2)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ParameterShift.perRow(REFERENCE, List.of(task), List.<double[][]>of(new double[][] {{1, 0}, {1}})));
    assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("(2), got 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ParameterShift.perRow(REFERENCE, List.of(task), List.<double[][]>of(new double[][] {{1, 0}, {Double.NaN, 0}})));
    assertTrue(e.getMessage().contains("finite"), e.getMessage());
  }

  @Test
  void aBackendThatLosesResultsIsReported() {
    var task = Task.builder(Circuit.builder(1).rx(W, 0).build()).bindings(new double[] {0.1})
        .readout(Readout.probabilities()).build();
    Backend lossy = new Backend() {
      @Override public String name() { return "lossy"; }
      @Override public Capabilities capabilities() { return REFERENCE.capabilities(); }
      @Override public List<TaskResult> run(List<Task> tasks) { return REFERENCE.run(tasks.subList(1, tasks.size())); }
    };
    var e = assertThrows(BackendException.class, () -> lossy.vjp(List.of(task), List.<double[][]>of(new double[][] {{1, 0}})));
    assertTrue(e.getMessage().contains("'lossy' returned 1 result(s) for 2"), e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertMatchesFiniteDifferences(String label, Task task) {
    var rnd = new Random(label.hashCode());
    var cot = new double[task.rows()][task.resultSize()];
    for (var row : cot) {
      for (int k = 0; k < row.length; k++) {
        row[k] = rnd.nextGaussian();
      }
    }
    var recording = new RecordingBackend(REFERENCE);
    var shift = ParameterShift.perRow(recording, List.of(task), List.<double[][]>of(cot)).get(0);
    assertEquals(1, recording.calls.size(), label + ": one backend call");
    assertClose(label, FiniteDifferences.vjp(REFERENCE, task, cot, 1e-5), shift);
  }

  private static void assertClose(String label, double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length, label + ": rows");
    for (int r = 0; r < expected.length; r++) {
      assertArrayEquals(expected[r], actual[r], TOL, label + ", row " + r + " (finite differences vs parameter shift)");
    }
  }

  /** A 4-qubit builder that first makes a generic entangled state, so no gradient vanishes by symmetry. */
  private static Circuit.Builder generic4() {
    var b = Circuit.builder(4);
    double[] a = {0.4, 1.3, 2.2, 0.9};
    for (int q = 0; q < 4; q++) {
      b.ry(a[q], q).rz(a[3 - q], q);
    }
    return b.cx(0, 1).cx(2, 3).rx(0.5, 1).cx(1, 2);
  }

  private static double[][] randomRows(Circuit circuit, int n, Random rnd) {
    var rows = new double[n][circuit.parameters().size()];
    for (var row : rows) {
      for (int i = 0; i < row.length; i++) {
        row[i] = rnd.nextGaussian() * 1.5;
      }
    }
    return rows;
  }

  private static int[] permutation(Random rnd, int n) {
    var p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static GateOperation op(Gate g) {
    var angles = new ArrayList<Angle>();
    for (int i = 0; i < g.numParams(); i++) {
      angles.add(Angle.constant(0));
    }
    var qubits = new int[g.numQubits()];
    java.util.Arrays.setAll(qubits, i -> i);
    return GateOperation.of(g, angles, qubits);
  }
}
