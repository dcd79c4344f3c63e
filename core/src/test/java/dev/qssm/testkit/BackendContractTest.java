package dev.qssm.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendException;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.circuit.PauliString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit every qssm backend should pass: extend it, return your backend from {@link
 * #backend()}, and run it with JUnit 5. It reads {@link Capabilities} and skips (as JUnit
 * assumptions, reported as skipped) what the backend says it cannot do; everything it does claim is
 * checked against analytic values, its own results, or central finite differences.
 *
 * <p>Where a backend has no exact mode, value checks run with {@link #shots()} shots and a fixed
 * seed, and pass within {@link #shotsTolerance()} standard errors. Checks of ideal values assume
 * no noise; override {@link #noiseless()} when a noise-capable backend is configured without noise.
 */
public abstract class BackendContractTest {
  private static final long SEED = 20240611L;

  private Backend backend;
  private Capabilities caps;

  /** A new backend for one test. The kit calls it once per test and closes it afterwards. */
  protected abstract Backend backend();

  /** Absolute accuracy expected of exact values; by default the backend's declared tolerance. */
  protected double tolerance() {
    return caps.tolerance();
  }

  /** Shots for sampled checks. */
  protected int shots() {
    return 4000;
  }

  /** How many standard errors a shot estimate may stray from the exact value (about 5). */
  protected double shotsTolerance() {
    return 5;
  }

  /** Whether ideal (noise-free) values are expected; by default when the backend has no noise capability. */
  protected boolean noiseless() {
    return !caps.noise();
  }

  /** The backend under test in the current test (created by {@link #backend()}). */
  protected final Backend currentBackend() {
    return backend;
  }

  @BeforeEach
  final void createBackend() {
    backend = backend();
    assertNotNull(backend, "backend() returned null");
    caps = backend.capabilities();
    assertNotNull(caps, "backend '" + backend.name() + "' has no capabilities");
  }

  @AfterEach
  final void closeBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  // ---- results: metadata and shapes -----------------------------------------------------------

  @Test
  void metadataNamesTheBackendAndTheShots() {
    var task = valueTask(Circuit.builder(1).h(0).build(), Readout.probabilities());
    var result = runOne(task);
    assertNotNull(result.metadata(), which() + "result has no metadata");
    assertEquals(backend.name(), result.metadata().backend(), which() + "metadata must name the backend");
    assertEquals(task.shots(), result.metadata().shots(), which() + "metadata must report the task's shots");
    if (task.seed().isPresent()) {
      assertEquals(task.seed().getAsLong(), result.metadata().seed(), which() + "metadata must report the task's seed");
    }
  }

  @Test
  void readoutShapesMatchTheTask() {
    assumeTrue(caps.maxQubits() >= 3, "needs 3 qubits");
    var w = Parameter.weight("w");
    var circuit = Circuit.builder(3).classicalRegister("c", 2)
        .ry(w, 0).cx(0, 1).h(2).measure(0, 0).measure(2, 1).build();
    var rows = new double[][] {{0.1}, {0.7}, {2.0}};
    for (var readout : List.of(Readout.probabilities(), Readout.probabilities(2, 0),
        Readout.probabilities().first(5), Readout.probabilities(2, 0).first(3),
        Readout.expectations(PauliString.parse("ZIZ"), PauliString.parse("IXI")), Readout.marginals(),
        Readout.classicalBits())) {
      var task = valueTask(circuit, readout, rows);
      var result = runOne(task);
      assertShape(readout + ": values", task, result.values());
      if (task.shots() > 0) {
        assertNotNull(result.standardErrors(), which() + readout + ": a shot result must carry standard errors");
        assertShape(readout + ": standard errors", task, result.standardErrors());
      }
    }
  }

  // ---- known states ---------------------------------------------------------------------------

  @Test
  void bellStateProbabilities() {
    assertValues("Bell state", Circuit.builder(2).h(0).cx(0, 1).build(), Readout.probabilities(),
        0.5, 0, 0, 0.5);
  }

  @Test
  void ghzThreeProbabilities() {
    assumeTrue(caps.maxQubits() >= 3, "needs 3 qubits");
    assertValues("GHZ-3", Circuit.builder(3).h(0).cx(0, 1).cx(1, 2).build(), Readout.probabilities(),
        0.5, 0, 0, 0, 0, 0, 0, 0.5);
  }

  @Test
  void qubitZeroIsTheLeastSignificantBit() {
    assumeTrue(caps.maxQubits() >= 3, "needs 3 qubits");
    var circuit = Circuit.builder(3).x(0).build();
    assertValues("x on qubit 0 (index 1 = |001>)", circuit, Readout.probabilities(), 0, 1, 0, 0, 0, 0, 0, 0);
    assertValues("x on qubit 0 read as probabilities(2, 0): index bit 1 is qubit 0", circuit,
        Readout.probabilities(2, 0), 0, 0, 1, 0);
  }

  @Test
  void probabilitiesOfTheFirstBasisStatesAreTheStartOfTheDistribution() {
    assumeTrue(caps.maxQubits() >= 3, "needs 3 qubits");
    // product state: P(qubit q = 1) = sin²(θ_q / 2)
    var thetas = new double[] {0.3, 1.4, 2.6};
    var b = Circuit.builder(3);
    for (int q = 0; q < 3; q++) {
      b.ry(thetas[q], q);
    }
    var all = new double[8];
    for (int i = 0; i < 8; i++) {
      all[i] = 1;
      for (int q = 0; q < 3; q++) {
        double p1 = Math.pow(Math.sin(thetas[q] / 2), 2);
        all[i] *= ((i >> q) & 1) == 1 ? p1 : 1 - p1;
      }
    }
    assertValues("product state, first 3 of 8", b.build(), Readout.probabilities().first(3),
        Arrays.copyOf(all, 3));
    assertValues("product state, all 8 as first(8)", b.build(), Readout.probabilities().first(8), all);
    // over qubits (2, 0): index bit 0 is qubit 2, bit 1 is qubit 0
    double p0 = Math.pow(Math.sin(thetas[0] / 2), 2);
    double p2 = Math.pow(Math.sin(thetas[2] / 2), 2);
    assertValues("probabilities(2, 0).first(3)", b.build(), Readout.probabilities(2, 0).first(3),
        (1 - p2) * (1 - p0), p2 * (1 - p0), (1 - p2) * p0);
  }

  @Test
  void ryOfPiOverThreeHasOneQuarterProbabilityOfOne() {
    assertValues("ry(pi/3)|0>", Circuit.builder(1).ry(Math.PI / 3, 0).build(), Readout.probabilities(), 0.75, 0.25);
  }

  @Test
  void rxAndHadamardRzHadamardAgree() {
    double theta = 1.2, p1 = Math.pow(Math.sin(theta / 2), 2);
    var w = Parameter.weight("theta");
    assertValues("rx(1.2)|0>", Circuit.builder(1).rx(w, 0).build(), Readout.probabilities(),
        new double[] {theta}, 1 - p1, p1);
    assertValues("h rz(1.2) h |0>", Circuit.builder(1).h(0).rz(w, 0).h(0).build(), Readout.probabilities(),
        new double[] {theta}, 1 - p1, p1);
  }

  @Test
  void crzActsOnlyWhenItsControlIsOne() {
    assumeGates(Gate.CRZ);
    double theta = 0.9, p1 = Math.pow(Math.sin(theta / 2), 2);
    var on = Circuit.builder(2).x(0).h(1).gate(Gate.CRZ, List.of(Angle.constant(theta)), 0, 1).h(1).build();
    assertValues("crz with control |1>", on, Readout.probabilities(1), 1 - p1, p1);
    var off = Circuit.builder(2).h(1).gate(Gate.CRZ, List.of(Angle.constant(theta)), 0, 1).h(1).build();
    assertValues("crz with control |0>", off, Readout.probabilities(1), 1, 0);
  }

  @Test
  void ctrlModifierActsOnlyWhenItsControlIsOne() {
    assumeModifiers();
    double theta = 2.1, p1 = Math.pow(Math.sin(theta / 2), 2);
    var on = Circuit.builder(2).x(1).controlled(new int[] {1}, new boolean[] {true}, Gate.RY,
        List.of(Angle.constant(theta)), 0).build();
    assertValues("ctrl @ ry with control |1>", on, Readout.probabilities(0), 1 - p1, p1);
    var off = Circuit.builder(2).controlled(new int[] {1}, new boolean[] {true}, Gate.RY,
        List.of(Angle.constant(theta)), 0).build();
    assertValues("ctrl @ ry with control |0>", off, Readout.probabilities(0), 1, 0);
  }

  @Test
  void negctrlModifierActsOnlyWhenItsControlIsZero() {
    assumeModifiers();
    double theta = 2.1, p1 = Math.pow(Math.sin(theta / 2), 2);
    var on = Circuit.builder(2).controlled(new int[] {1}, new boolean[] {false}, Gate.RX,
        List.of(Angle.constant(theta)), 0).build();
    assertValues("negctrl @ rx with control |0>", on, Readout.probabilities(0), 1 - p1, p1);
    var off = Circuit.builder(2).x(1).controlled(new int[] {1}, new boolean[] {false}, Gate.RX,
        List.of(Angle.constant(theta)), 0).build();
    assertValues("negctrl @ rx with control |1>", off, Readout.probabilities(0), 1, 0);
  }

  @Test
  void everyControlOfAMultiplyControlledGateMustFire() {
    assumeModifiers();
    assumeTrue(caps.maxQubits() >= 3, "needs 3 qubits");
    double theta = 1.7, p1 = Math.pow(Math.sin(theta / 2), 2);
    // ctrl @ negctrl @ ry: fires on qubit 1 = |1> and qubit 2 = |0>
    for (int q1 = 0; q1 <= 1; q1++) {
      for (int q2 = 0; q2 <= 1; q2++) {
        var b = Circuit.builder(3);
        if (q1 == 1) {
          b.x(1);
        }
        if (q2 == 1) {
          b.x(2);
        }
        b.controlled(new int[] {1, 2}, new boolean[] {true, false}, Gate.RY, List.of(Angle.constant(theta)), 0);
        boolean fires = q1 == 1 && q2 == 0;
        assertValues("ctrl @ negctrl @ ry with controls q1=" + q1 + ", q2=" + q2, b.build(), Readout.probabilities(0),
            fires ? 1 - p1 : 1, fires ? p1 : 0);
      }
    }
  }

  @Test
  void singleQubitPauliExpectationsOnKnownStates() {
    assumeTrue(caps.maxQubits() >= 3, "needs 3 qubits");
    // q0 = |1>, q1 = |->, q2 = |+i>
    var circuit = Circuit.builder(3).x(0).x(1).h(1).h(2).s(2).build();
    assertValues("Z/X/Y on |1>|->|+i>", circuit, Readout.expectations(
            PauliString.parse("IIZ"), PauliString.parse("IXI"), PauliString.parse("YII"),
            PauliString.parse("IZI"), PauliString.parse("IXZ"), PauliString.parse("XII")),
        -1, -1, 1, 0, 1, 0);
  }

  @Test
  void twoQubitPauliExpectationsOnABellState() {
    assertValues("XX/YY/ZZ/ZI on the Bell state", Circuit.builder(2).h(0).cx(0, 1).build(),
        Readout.expectations(PauliString.parse("XX"), PauliString.parse("YY"), PauliString.parse("ZZ"),
            PauliString.parse("ZI")),
        1, -1, 1, 0);
  }

  @Test
  void marginalsFollowTheOrderOfMeasurements() {
    assumeTrue(caps.maxQubits() >= 3, "needs 3 qubits");
    var circuit = Circuit.builder(3).classicalRegister("c", 3)
        .x(0).ry(Math.PI / 3, 1)
        .measure(1, 0).measure(0, 1).measure(2, 2).build();
    assertValues("P(1) of measurements q1, q0, q2", circuit, Readout.marginals(), 0.25, 1, 0);
  }

  @Test
  void classicalBitsPutClbitZeroRightmost() {
    assumeTrue(caps.maxQubits() >= 3, "needs 3 qubits");
    // q0 = 1 -> c1, q1 = 0 -> c0, q2 = 1 -> c2: bits c2 c1 c0 = 110 = index 6
    var circuit = Circuit.builder(3).classicalRegister("c", 3)
        .x(0).x(2).measure(0, 1).measure(1, 0).measure(2, 2).build();
    var expected = new double[8];
    expected[6] = 1;
    assertValues("classical bits c2c1c0 = 110", circuit, Readout.classicalBits(), expected);
  }

  @Test
  void amplitudeEncodingWritesTheNormalisedVector() {
    assumeTrue(caps.amplitudeEncoding(), "backend does not run amplitude encoding natively");
    var xs = Parameter.vector("x", 3, ParameterKind.INPUT);
    // amplitude index bit 0 -> qubit 1, bit 1 -> qubit 0; (1, 2, -2)/3
    var circuit = Circuit.builder(2).amplitudeEncoding(xs, 1, 0).build();
    assertValues("encode (1, 2, -2)/3 on qubits (1, 0)", circuit, Readout.probabilities(),
        new double[] {1, 2, -2}, 1.0 / 9, 4.0 / 9, 4.0 / 9, 0);
    // <X on qubit 1> = 2 (a0 a1 + a2 a3) = 2 * 1 * 2 / 9 sees the sign only through the pair (a0, a1)
    // <X on qubit 0> = 2 (a0 a2 + a1 a3) = 2 * (1 * -2) / 9: the sign of -2 must survive
    assertValues("signs of encoded values", circuit,
        Readout.expectations(PauliString.parse("XI"), PauliString.parse("IX")),
        new double[] {1, 2, -2}, 4.0 / 9, -4.0 / 9);
  }

  // ---- batching and seeds ---------------------------------------------------------------------

  @Test
  void batchedBindingsEqualOneByOneExecution() {
    var w = Parameter.weight("w");
    var x = Parameter.input("x");
    var circuit = Circuit.builder(2).ry(w, 0).rx(x, 1).cx(0, 1).rz(Angle.of(x, 0.5, 0.1), 0).h(0).build();
    var rows = new double[][] {{0.3, -1.2}, {0.3, 0.4}, {1.9, 2.5}, {-0.7, 0.0}};
    var readout = Readout.expectations(PauliString.parse("ZI"), PauliString.parse("IZ"), PauliString.parse("XY"));
    var batchedTask = valueTask(circuit, readout, rows);
    var batched = runOne(batchedTask);
    for (int r = 0; r < rows.length; r++) {
      var single = runOne(valueTask(circuit, readout, rows[r]));
      assertSameEstimates("binding row " + r + " batched vs alone", readout, batched, r, single, 0,
          batchedTask.shots());
    }
  }

  @Test
  void manyTasksInOneCallEqualSeparateCalls() {
    var w = Parameter.weight("w");
    var tasks = List.of(
        valueTask(Circuit.builder(1).ry(w, 0).build(), Readout.probabilities(), new double[] {0.4}, new double[] {2.0}),
        valueTask(Circuit.builder(2).h(0).cx(0, 1).rx(w, 1).build(), Readout.expectations(PauliString.parse("ZZ")),
            new double[] {1.1}),
        valueTask(Circuit.builder(2).classicalRegister("c", 2).rx(w, 0).h(1).measure(0, 0).measure(1, 1).build(),
            Readout.classicalBits(), new double[] {2.7}));
    var together = backend.run(tasks);
    assertEquals(tasks.size(), together.size(), which() + "one result per task");
    for (int t = 0; t < tasks.size(); t++) {
      var alone = runOne(tasks.get(t));
      assertShape("task " + t + " of a batch", tasks.get(t), together.get(t).values());
      for (int r = 0; r < tasks.get(t).rows(); r++) {
        assertSameEstimates("task " + t + " row " + r + " in one call vs alone", tasks.get(t).readout(),
            together.get(t), r, alone, r, tasks.get(t).shots());
      }
    }
  }

  @Test
  void sameSeedGivesTheSameValues() {
    assumeShots();
    var task = sampledTask(Circuit.builder(3).h(0).h(1).ry(1.0, 2).build(), Readout.probabilities(), 1000, 7L);
    var a = runOne(task);
    var b = runOne(task);
    for (int r = 0; r < task.rows(); r++) {
      assertArrayEquals(a.values()[r], b.values()[r], 0, which() + "seed 7 twice must give identical values");
    }
  }

  @Test
  void differentSeedsGiveDifferentValues() {
    assumeShots();
    var circuit = Circuit.builder(3).h(0).h(1).ry(1.0, 2).build();
    var a = runOne(sampledTask(circuit, Readout.probabilities(), 1000, 7L));
    var b = runOne(sampledTask(circuit, Readout.probabilities(), 1000, 8L));
    assertFalse(Arrays.equals(a.values()[0], b.values()[0]),
        which() + "seeds 7 and 8 gave identical histograms over 8 outcomes and 1000 shots: is the seed ignored?"
            + " values " + Arrays.toString(a.values()[0]));
  }

  @Test
  void shotEstimatesAreWithinStandardErrorsOfExactValues() {
    assumeShots();
    assumeTrue(noiseless(), "backend is noisy: ideal values are not expected");
    var thetas = new double[] {0.3, 1.4, 2.6};
    var b = Circuit.builder(3);
    for (int q = 0; q < 3; q++) {
      b.ry(thetas[q], q);
    }
    var circuit = b.build();
    var p1 = new double[3];
    for (int q = 0; q < 3; q++) {
      p1[q] = Math.pow(Math.sin(thetas[q] / 2), 2);
    }
    var probabilities = new double[8];
    for (int i = 0; i < 8; i++) {
      probabilities[i] = 1;
      for (int q = 0; q < 3; q++) {
        probabilities[i] *= ((i >> q) & 1) == 1 ? p1[q] : 1 - p1[q];
      }
    }
    assumeTrue(caps.maxQubits() >= 3, "needs 3 qubits");
    checkSampled("product state probabilities", sampledTask(circuit, Readout.probabilities(), shots(), SEED),
        probabilities);
    checkSampled("product state <Z_q>", sampledTask(circuit,
            Readout.expectations(PauliString.z(0), PauliString.z(1), PauliString.z(2)), shots(), SEED),
        new double[] {Math.cos(thetas[0]), Math.cos(thetas[1]), Math.cos(thetas[2])});
  }

  @Test
  void shotResultsCarryStandardErrorsOfTheRightSize() {
    assumeShots();
    int n = shots();
    var task = sampledTask(Circuit.builder(1).h(0).build(), Readout.probabilities(), n, SEED);
    var result = runOne(task);
    assertFalse(result.isExact(), which() + "a result with shots must not claim to be exact");
    var se = result.standardErrors();
    assertNotNull(se, which() + "shot results need standard errors");
    assertShape("standard errors", task, se);
    double expected = 0.5 / Math.sqrt(n);
    for (double s : se[0]) {
      assertTrue(Double.isFinite(s) && s >= 0.5 * expected && s <= 3 * expected,
          which() + "standard error of a probability near 1/2 with " + n + " shots should be about " + expected
              + ", got " + s);
    }
  }

  @Test
  void exactResultsHaveNoStandardErrors() {
    assumeExact();
    var result = runOne(Task.builder(Circuit.builder(1).h(0).build()).readout(Readout.probabilities()).build());
    assertTrue(result.isExact(), which() + "an exact result must have null standard errors");
    assertNull(result.standardErrors());
  }

  // ---- gradients ------------------------------------------------------------------------------

  @Test
  void vjpMatchesCentralFiniteDifferences() {
    assumeExact();
    var tasks = List.of(
        Task.builder(gradientCircuit()).bindings(randomRows(gradientCircuit(), 2, 3))
            .readout(Readout.expectations(PauliString.parse("ZZI"), PauliString.parse("XIY"))).build(),
        Task.builder(gradientCircuit()).bindings(randomRows(gradientCircuit(), 1, 4))
            .readout(Readout.probabilities()).build());
    checkVjp(tasks);
  }

  @Test
  void vjpOfTheFirstProbabilitiesMatchesCentralFiniteDifferences() {
    assumeExact();
    var tasks = new ArrayList<Task>();
    tasks.add(Task.builder(gradientCircuit()).bindings(randomRows(gradientCircuit(), 2, 5))
        .readout(Readout.probabilities().first(5)).build());
    tasks.add(Task.builder(gradientCircuit()).bindings(randomRows(gradientCircuit(), 1, 6))
        .readout(Readout.probabilities(2, 0).first(3)).build());
    if (caps.amplitudeEncoding()) {
      var xs = Parameter.vector("a", 3, ParameterKind.INPUT);
      var w = Parameter.weight("w");
      var circuit = Circuit.builder(2).amplitudeEncoding(xs, 0, 1).ry(w, 0).cx(0, 1).rx(Angle.of(w, 0.5, 0), 1)
          .build();
      tasks.add(Task.builder(circuit).bindings(new double[][] {{0.3, -1.1, 0.8, 0.4}, {0.0, 2.0, -0.5, 1.3}})
          .readout(Readout.probabilities().first(3)).build());
    }
    checkVjp(tasks);
  }

  @Test
  void vjpThroughAmplitudeEncodingMatchesCentralFiniteDifferences() {
    assumeExact();
    assumeTrue(caps.amplitudeEncoding(), "backend does not run amplitude encoding natively");
    var xs = Parameter.vector("a", 3, ParameterKind.INPUT);
    var w = Parameter.weight("w");
    var circuit = Circuit.builder(2).amplitudeEncoding(xs, 0, 1).ry(w, 0).cx(0, 1).rx(Angle.of(w, 0.5, 0), 1).build();
    var rows = new double[][] {{0.3, -1.1, 0.8, 0.4}, {0.0, 2.0, -0.5, 1.3}};
    checkVjp(List.of(Task.builder(circuit).bindings(rows)
        .readout(Readout.expectations(PauliString.parse("XZ"), PauliString.parse("ZI"))).build()));
  }

  @Test
  void vjpUnderShotsIsReproducibleAndSampled() {
    assumeShots();
    var w = Parameter.weight("w");
    var circuit = Circuit.builder(1).ry(w, 0).build();
    List<double[][]> cot = List.<double[][]>of(new double[][] {{1, -1}});
    List<Gradient> first;
    try {
      first = backend.vjp(List.of(sampledTask(circuit, Readout.probabilities(), 2000, 1L, new double[] {0.8})), cot);
    } catch (UnsupportedCircuitException refused) {
      return; // refusing gradients under shots is allowed; silently exact ones are not
    }
    var again = backend.vjp(List.of(sampledTask(circuit, Readout.probabilities(), 2000, 1L, new double[] {0.8})), cot);
    var other = backend.vjp(List.of(sampledTask(circuit, Readout.probabilities(), 2000, 2L, new double[] {0.8})), cot);
    assertArrayEquals(first.get(0).weights(), again.get(0).weights(), 0, which() + "vjp with seed 1 twice must agree");
    assertFalse(Arrays.equals(first.get(0).weights(), other.get(0).weights()),
        which() + "vjp under shots gave the same value for seeds 1 and 2: shots are ignored (silently exact?)");
    double exact = -Math.sin(0.8); // P0 - P1 = cos w
    assertEquals(exact, first.get(0).weights()[0], 0.2, which() + "a sampled gradient must still estimate the gradient");
  }

  // ---- errors ---------------------------------------------------------------------------------

  @Test
  void circuitWiderThanMaxQubitsIsRefused() {
    assumeTrue(caps.maxQubits() < 62, "backend accepts every circuit width the IR allows");
    int n = caps.maxQubits() + 1;
    var task = anyModeTask(Circuit.builder(n).h(0).build(), Readout.probabilities(0));
    var e = assertThrows(UnsupportedCircuitException.class, () -> backend.run(List.of(task)),
        which() + "a " + n + "-qubit circuit exceeds maxQubits = " + caps.maxQubits());
    assertMentions(e, "qubit");
  }

  @Test
  void shotsAreRefusedWithoutTheShotsCapability() {
    assumeFalse(caps.shots(), "backend supports shots");
    var task = sampledTask(Circuit.builder(1).h(0).build(), Readout.probabilities(), 100, SEED);
    assertMentions(assertThrows(UnsupportedCircuitException.class, () -> backend.run(List.of(task))), "shot");
  }

  @Test
  void exactValuesAreRefusedWithoutTheExactCapability() {
    assumeFalse(caps.exact(), "backend supports exact values");
    var task = Task.builder(Circuit.builder(1).h(0).build()).readout(Readout.probabilities()).build();
    assertMentions(assertThrows(UnsupportedCircuitException.class, () -> backend.run(List.of(task))), "exact");
  }

  @Test
  void midCircuitMeasurementIsRefusedWithoutThatCapability() {
    assumeFalse(caps.midCircuit(), "backend supports mid-circuit operations");
    var circuit = Circuit.builder(1).classicalRegister("c", 2).h(0).measure(0, 0).h(0).measure(0, 1).build();
    var task = anyModeTask(circuit, Readout.marginals());
    assertMentions(assertThrows(UnsupportedCircuitException.class, () -> backend.run(List.of(task))), "mid-circuit");
  }

  @Test
  void amplitudeEncodingIsRefusedWhenNotNative() {
    assumeFalse(caps.amplitudeEncoding(), "backend runs amplitude encoding natively");
    var xs = Parameter.vector("x", 2, ParameterKind.INPUT);
    var task = anyModeTask(Circuit.builder(1).amplitudeEncoding(xs, 0).build(), Readout.probabilities(),
        new double[] {1, 1});
    assertMentions(assertThrows(UnsupportedCircuitException.class, () -> backend.run(List.of(task))), "amplitude");
  }

  @Test
  void aGateThatIsNotNativeIsRefusedByName() {
    var missing = EnumSet.allOf(Gate.class);
    missing.removeAll(caps.gates());
    assumeFalse(missing.isEmpty(), "backend runs every gate natively");
    var gate = missing.iterator().next();
    var angles = new ArrayList<Angle>();
    for (int i = 0; i < gate.numParams(); i++) {
      angles.add(Angle.constant(0.3));
    }
    var qubits = new int[gate.numQubits()];
    Arrays.setAll(qubits, i -> i);
    assumeTrue(caps.maxQubits() >= qubits.length, "needs " + qubits.length + " qubits");
    var task = anyModeTask(Circuit.builder(qubits.length).gate(gate, angles, qubits).build(), Readout.probabilities());
    assertMentions(assertThrows(UnsupportedCircuitException.class, () -> backend.run(List.of(task))), gate.qasmName());
  }

  // ---- mid-circuit operations -----------------------------------------------------------------

  @Test
  void midCircuitMeasurementCollapsesTheState() {
    assumeTrue(caps.midCircuit(), "backend does not support mid-circuit operations");
    // h, measure, h, measure: without collapse the second result would always be 0
    var circuit = Circuit.builder(1).classicalRegister("c", 2).h(0).measure(0, 0).h(0).measure(0, 1).build();
    assertValues("h measure h measure", circuit, Readout.classicalBits(), 0.25, 0.25, 0.25, 0.25);
    assertValues("h measure h measure", circuit, Readout.marginals(), 0.5, 0.5);
  }

  @Test
  void resetReturnsAQubitToZero() {
    assumeTrue(caps.midCircuit(), "backend does not support mid-circuit operations");
    var circuit = Circuit.builder(1).classicalRegister("c", 2).h(0).measure(0, 0).reset(0).measure(0, 1).build();
    assertValues("h measure reset measure", circuit, Readout.marginals(), 0.5, 0);
  }

  // ---- sessions -------------------------------------------------------------------------------

  /** A session's steps, run one after another, give what the concatenated circuit gives at once. */
  @Test
  void sessionStepsContinueTheKeptState() {
    assumeTrue(caps.exact() && caps.midCircuit(), "sessions are compared with exact mid-circuit values");
    var session = backend.session(2);
    assumeTrue(session.isPresent(), "backend keeps no state between calls");
    var a = Parameter.weight("a");
    var step = Circuit.builder(2).classicalRegister("c", 1).declare(List.of(a))
        .ry(Angle.of(a), 0).cx(0, 1).measure(1, 0).reset(1).build();
    var whole = Circuit.builder(2).classicalRegister("c", 3).declare(List.of(Parameter.weight("a0"),
        Parameter.weight("a1"), Parameter.weight("a2")));
    for (int t = 0; t < 3; t++) {
      whole.ry(Angle.of(Parameter.weight("a" + t)), 0).cx(0, 1).measure(1, t).reset(1);
    }
    double[] angles = {0.7, -1.3, 2.1};
    var expected = runOne(anyModeTask(whole.build(), Readout.marginals(), angles)).values()[0];
    try (var s = session.get()) {
      for (int t = 0; t < 3; t++) {
        var got = s.run(step, new double[] {angles[t]}, Readout.marginals());
        assertEquals(1, got.length, which() + "one measurement per step");
        assertEquals(expected[t], got[0], tolerance(), which() + "session step " + t);
      }
      // after each step qubit 0 is a classical mixture (measuring its copy collapsed it) and qubit 1
      // is reset: P(q0 = 1) goes p -> (1 - p) sin²(a/2) + p cos²(a/2)
      double p1 = 0;
      for (double angle : angles) {
        double s2 = Math.pow(Math.sin(angle / 2), 2);
        p1 = (1 - p1) * s2 + p1 * (1 - s2);
      }
      var last = s.run(Circuit.builder(2).build(), new double[0], Readout.probabilities().first(3));
      assertArrayEquals(new double[] {1 - p1, p1, 0}, last, tolerance(), which() + "first(3) of the kept state");
      assertThrows(RuntimeException.class, () -> s.run(Circuit.builder(3).build(), new double[0],
          Readout.probabilities()), which() + "a step of another width must be refused");
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private String which() {
    return "backend '" + backend.name() + "': ";
  }

  private void assumeExact() {
    assumeTrue(caps.exact(), "backend has no exact mode");
  }

  private void assumeShots() {
    assumeTrue(caps.shots(), "backend does not sample with shots");
  }

  private void assumeModifiers() {
    assumeTrue(caps.controlModifiers(), "backend does not run ctrl/negctrl modifiers natively");
  }

  private void assumeGates(Gate... gates) {
    for (var g : gates) {
      assumeTrue(caps.gates().contains(g), "backend does not run '" + g.qasmName() + "' natively");
    }
  }

  private TaskResult runOne(Task task) {
    var results = backend.run(List.of(task));
    assertNotNull(results, which() + "run returned null");
    assertEquals(1, results.size(), which() + "run of one task must return one result");
    assertNotNull(results.get(0), which() + "run returned a null result");
    assertNotNull(results.get(0).values(), which() + "result has no values");
    return results.get(0);
  }

  /** A task the backend can evaluate: exact when it can, else with {@link #shots()} and a fixed seed. */
  private Task valueTask(Circuit circuit, Readout readout, double[]... rows) {
    if (!caps.exact() && !caps.shots()) {
      fail(which() + "capabilities say neither exact nor shots: nothing can run");
    }
    return caps.exact() ? anyModeTask(circuit, readout, rows) : sampledTask(circuit, readout, shots(), SEED, rows);
  }

  private Task anyModeTask(Circuit circuit, Readout readout, double[]... rows) {
    var b = Task.builder(circuit).readout(readout);
    if (rows.length > 0) {
      b.bindings(rows);
    }
    if (!caps.exact()) {
      b.shots(shots()).seed(SEED);
    }
    return b.build();
  }

  private static Task sampledTask(Circuit circuit, Readout readout, int shots, long seed, double[]... rows) {
    var b = Task.builder(circuit).readout(readout).shots(shots).seed(seed);
    if (rows.length > 0) {
      b.bindings(rows);
    }
    return b.build();
  }

  private void assertValues(String what, Circuit circuit, Readout readout, double... expected) {
    assertValues(what, circuit, readout, new double[0], expected);
  }

  /** Runs a one-row task and compares with analytic values: within tolerance, or within standard errors. */
  private void assertValues(String what, Circuit circuit, Readout readout, double[] row, double... expected) {
    assumeTrue(noiseless(), "backend is noisy: ideal values are not expected");
    var task = row.length == 0 ? valueTask(circuit, readout) : valueTask(circuit, readout, row);
    if (task.shots() > 0) {
      checkSampled(what, task, expected);
      return;
    }
    var result = runOne(task);
    assertShape(what, task, result.values());
    var actual = result.values()[0];
    for (int k = 0; k < expected.length; k++) {
      if (!(Math.abs(actual[k] - expected[k]) <= tolerance())) {
        fail(which() + what + ": value[" + k + "] expected " + expected[k] + " ± " + tolerance() + ", got "
            + actual[k] + "\n  expected " + Arrays.toString(expected) + "\n  actual   " + Arrays.toString(actual));
      }
    }
  }

  private void checkSampled(String what, Task task, double[] expected) {
    var result = runOne(task);
    assertShape(what, task, result.values());
    assertNotNull(result.standardErrors(), which() + what + ": a shot result must carry standard errors");
    var actual = result.values()[0];
    var se = result.standardErrors()[0];
    for (int k = 0; k < expected.length; k++) {
      double allowed = shotsTolerance() * Math.max(se[k], idealStandardError(task.readout(), expected[k], task.shots()))
          + tolerance();
      if (!(Math.abs(actual[k] - expected[k]) <= allowed)) {
        fail(which() + what + " with " + task.shots() + " shots: value[" + k + "] expected " + expected[k] + " ± "
            + allowed + " (" + shotsTolerance() + " standard errors), got " + actual[k]
            + "\n  expected " + Arrays.toString(expected) + "\n  actual   " + Arrays.toString(actual)
            + "\n  std err  " + Arrays.toString(se));
      }
    }
  }

  /** The standard error of an unbiased estimate from independent shots. */
  private static double idealStandardError(Readout readout, double exact, int shots) {
    double variance = readout instanceof Readout.Expectations ? 1 - exact * exact : exact * (1 - exact);
    return Math.sqrt(Math.max(0, variance) / shots);
  }

  /** Row r of a against row s of b: equal within tolerance when exact, within standard errors when sampled. */
  private void assertSameEstimates(
      String what, Readout readout, TaskResult a, int r, TaskResult b, int s, int shots) {
    var va = a.values()[r];
    var vb = b.values()[s];
    assertEquals(va.length, vb.length, which() + what + ": value counts differ");
    for (int k = 0; k < va.length; k++) {
      double allowed = tolerance();
      if (!a.isExact() || !b.isExact()) {
        double mean = (va[k] + vb[k]) / 2;
        double ideal = idealStandardError(readout, mean, Math.max(1, shots));
        double sa = Math.max(a.isExact() ? 0 : a.standardErrors()[r][k], ideal);
        double sb = Math.max(b.isExact() ? 0 : b.standardErrors()[s][k], ideal);
        allowed += shotsTolerance() * Math.hypot(sa, sb);
      }
      if (!(Math.abs(va[k] - vb[k]) <= allowed)) {
        fail(which() + what + ": value[" + k + "] " + va[k] + " vs " + vb[k] + " (allowed difference " + allowed
            + ")\n  first  " + Arrays.toString(va) + "\n  second " + Arrays.toString(vb));
      }
    }
  }

  private void assertShape(String what, Task task, double[][] values) {
    assertNotNull(values, which() + what + ": null");
    assertEquals(task.rows(), values.length, which() + what + ": one row per binding row");
    for (int r = 0; r < values.length; r++) {
      assertNotNull(values[r], which() + what + ": row " + r + " is null");
      assertEquals(task.resultSize(), values[r].length,
          which() + what + ": row " + r + " must have task.resultSize() = " + task.resultSize() + " values for " + task.readout());
    }
  }

  private void assertMentions(Exception e, String word) {
    var message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    assertTrue(message.contains(word.toLowerCase(Locale.ROOT)),
        which() + "the error should name what is missing ('" + word + "'), but said: " + e.getMessage());
  }

  /** Parametrised gates the backend runs: rotations, phases, two-qubit rotations, controlled forms. */
  private Circuit gradientCircuit() {
    assumeTrue(caps.maxQubits() >= 3, "needs 3 qubits");
    var w = Parameter.weight("w");
    var v = Parameter.weight("v");
    var x = Parameter.input("x");
    var b = Circuit.builder(3).h(0).ry(0.7, 1).rx(1.9, 2).cx(0, 2);
    b.declare(w, v, x);
    boolean any = false;
    for (var g : List.of(Gate.RX, Gate.RY, Gate.RZ, Gate.P, Gate.U3, Gate.RZZ, Gate.RXX, Gate.CRX, Gate.CRY,
        Gate.CRZ, Gate.CP)) {
      if (!caps.gates().contains(g)) {
        continue;
      }
      var angles = new ArrayList<Angle>();
      for (int i = 0; i < g.numParams(); i++) {
        angles.add(List.of(Angle.of(w), Angle.of(x, -0.8, 0.3), Angle.of(v, 1.7, 0)).get((g.ordinal() + i) % 3));
      }
      var qubits = new int[g.numQubits()];
      for (int i = 0; i < qubits.length; i++) {
        qubits[i] = (g.ordinal() + i) % 3;
      }
      b.gate(g, angles, qubits);
      if (caps.gates().contains(Gate.H)) {
        b.h(qubits[0]);
      }
      any = true;
    }
    if (caps.controlModifiers() && caps.gates().contains(Gate.RY)) {
      b.controlled(new int[] {2}, new boolean[] {false}, Gate.RY, List.of(Angle.of(w, 0.9, 0.2)), 0);
    }
    assumeTrue(any, "backend runs none of the parametrised gates natively");
    return b.build();
  }

  private static double[][] randomRows(Circuit circuit, int n, long seed) {
    var rnd = new Random(seed);
    var rows = new double[n][circuit.parameters().size()];
    for (var row : rows) {
      for (int i = 0; i < row.length; i++) {
        row[i] = rnd.nextGaussian() * 1.5;
      }
    }
    return rows;
  }

  /** The backend's own vjp against central differences of its own exact values. */
  private void checkVjp(List<Task> tasks) {
    var rnd = new Random(SEED);
    var cotangents = new ArrayList<double[][]>();
    for (var t : tasks) {
      var cot = new double[t.rows()][t.resultSize()];
      for (var row : cot) {
        for (int k = 0; k < row.length; k++) {
          row[k] = rnd.nextGaussian();
        }
      }
      cotangents.add(cot);
    }
    List<Gradient> grads;
    try {
      grads = backend.vjp(tasks, cotangents);
    } catch (BackendException e) {
      throw new AssertionError(which() + "vjp failed: " + e.getMessage(), e);
    }
    assertEquals(tasks.size(), grads.size(), which() + "vjp must return one gradient per task");
    // step and allowance scale with the backend's accuracy: rounding error / h plus truncation h²
    double h = Math.max(1e-5, Math.cbrt(tolerance()));
    for (int t = 0; t < tasks.size(); t++) {
      var task = tasks.get(t);
      var params = task.circuit().parameters();
      var g = grads.get(t);
      assertEquals(params.size(), g.weights().length, which() + "vjp of task " + t + ": one weight value per parameter");
      assertEquals(task.rows(), g.inputs().length, which() + "vjp of task " + t + ": one input row per binding row");
      var fd = Gradient.fromRows(task.circuit(), FiniteDifferences.vjp(backend, task, cotangents.get(t), h));
      // weight gradients sum over rows, so their error allowance grows with the row count
      double allowed = 1e-6 + 100 * tolerance() / h + 10 * h * h;
      for (int p = 0; p < params.size(); p++) {
        checkGradientValue(t, "summed over rows", params.get(p).name(), g.weights()[p], fd.weights()[p],
            allowed * task.rows());
      }
      for (int r = 0; r < task.rows(); r++) {
        assertEquals(params.size(), g.inputs()[r].length,
            which() + "vjp of task " + t + " row " + r + ": one value per parameter " + params);
        for (int p = 0; p < params.size(); p++) {
          checkGradientValue(t, "row " + r, params.get(p).name(), g.inputs()[r][p], fd.inputs()[r][p], allowed);
        }
      }
    }
  }

  private void checkGradientValue(int task, String where, String param, double got, double fd, double allowed) {
    if (!(Math.abs(got - fd) <= allowed)) {
      fail(which() + "vjp of task " + task + ", " + where + ", parameter '" + param + "': " + got
          + " but central differences give " + fd + " (allowed " + allowed + ")"
          + (caps.vjp() ? " [native vjp]" : " [default parameter shift]"));
    }
  }
}
