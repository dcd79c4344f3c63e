package dev.qssm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.circuit.PauliString;
import dev.qssm.gradient.ParameterShift;
import dev.qssm.simulator.noise.NoiseModel;
import dev.qssm.testkit.FiniteDifferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The density matrix's reverse-mode vjp against the parameter-shift rule and central differences on
 * random circuits with mid-circuit measurements, resets, ctrl/negctrl gates, with and without noise,
 * for every readout it differentiates.
 */
class DensityAdjointTest {
  private static final String NOISE = "{\"noise\": {\"depolarizing\": 0.03, \"amplitudeDamping\": 0.05,"
      + " \"readout\": {\"p1Given0\": 0.02, \"p0Given1\": 0.04}}}";

  @Test
  void matchesParameterShiftAndFiniteDifferencesWithoutNoise() {
    check("{}", 11);
  }

  @Test
  void matchesParameterShiftAndFiniteDifferencesWithNoise() {
    check(NOISE, 23);
  }

  /** exact computes mid-circuit circuits on the density matrix: values and vjp against branching. */
  @Test
  void exactBackendMatchesBranchingAndFiniteDifferencesOnMidCircuitCircuits() {
    var rnd = new Random(5);
    try (var exact = Backends.standard(); var branching = Backends.branching()) {
      for (int trial = 0; trial < 4; trial++) {
        var c = randomCircuit(rnd, 2 + trial % 2, 12);
        for (var readout : readouts(c, rnd)) {
          var rows = random(rnd, 2, c.parameters().size(), false);
          var task = Task.builder(c).bindings(rows).readout(readout).build();
          var viaDensity = exact.run(List.of(task)).get(0);
          assertEquals("density-matrix", viaDensity.metadata().extra().get("path"));
          var viaBranches = branching.run(List.of(task)).get(0);
          for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < task.resultSize(); k++) {
              assertEquals(viaBranches.values()[r][k], viaDensity.values()[r][k], 1e-12, "trial " + trial);
            }
          }
          var cot = random(rnd, 2, task.resultSize(), true);
          var got = exact.vjp(List.of(task), List.<double[][]>of(cot)).get(0);
          var fd = Gradient.fromRows(c, FiniteDifferences.vjp(branching, task, cot, 1e-5));
          compare("trial " + trial + " " + readout + " exact vs branching finite differences", fd, got, 1e-7);
        }
      }
    }
    var e = org.junit.jupiter.api.Assertions.assertThrows(dev.qssm.backend.BackendException.class,
        () -> Backends.exact(java.util.Map.of("midCircuit", "trajectories")));
    assertTrue(e.getMessage().contains("midCircuit must be density or branching"), e.getMessage());
  }

  /**
   * Runs of single-qubit gates on one qubit under the same controls are applied as one product (see
   * the density Plan); values and vjp stay those of the branching statevector, and with noise after
   * every gate (no fusion) those of parameter shift.
   */
  @Test
  void runsOfSingleQubitGatesGiveTheSameValuesAndGradients() {
    var w = Parameter.vector("w", 4, ParameterKind.WEIGHT);
    var x = Parameter.vector("x", 2, ParameterKind.INPUT);
    var b = Circuit.builder(3);
    b.classicalRegister("c", 2);
    b.h(0).h(2);
    b.rx(Angle.of(x.get(0), 2, 0), 1).ry(w.get(0), 1).rz(w.get(1), 1);
    b.gate(Gate.U, List.of(Angle.of(w.get(2), 0.5, 0.1), Angle.constant(0.3), Angle.of(x.get(1), 1, 0)), 1);
    b.cx(1, 2);
    for (boolean state : new boolean[] {true, false}) {
      for (var angle : List.of(Angle.of(w.get(3), 1, 0), Angle.of(w.get(0), -1, 0.2), Angle.of(x.get(0), 1, 0))) {
        b.controlled(new int[] {0}, new boolean[] {state}, Gate.RY, List.of(angle), new int[] {2});
        b.controlled(new int[] {0}, new boolean[] {state}, Gate.RZ, List.of(angle), new int[] {2});
      }
    }
    b.measure(1, 0).reset(1);
    b.ry(w.get(1), 1).rx(w.get(2), 1).ry(Angle.of(x.get(1), 1, 0), 1).rz(w.get(3), 2);
    b.measure(2, 1);
    var c = b.build();
    var rnd = new Random(4);
    try (var exact = Backends.standard(); var branching = Backends.branching(); var noisy = noisy(NOISE)) {
      for (var readout : readouts(c, rnd)) {
        var rows = random(rnd, 2, c.parameters().size(), false);
        var task = Task.builder(c).bindings(rows).readout(readout).build();
        var values = exact.run(List.of(task)).get(0).values();
        var want = branching.run(List.of(task)).get(0).values();
        for (int r = 0; r < rows.length; r++) {
          for (int k = 0; k < task.resultSize(); k++) {
            assertEquals(want[r][k], values[r][k], 1e-12, readout + " value " + k);
          }
        }
        var cot = random(rnd, 2, task.resultSize(), true);
        var got = exact.vjp(List.of(task), List.<double[][]>of(cot)).get(0);
        compare(readout + " fused vs branching finite differences",
            Gradient.fromRows(c, FiniteDifferences.vjp(branching, task, cot, 1e-5)), got, 1e-7);
        compare(readout + " noisy vs parameter shift",
            ParameterShift.vjp(noisy, List.of(task), List.<double[][]>of(cot)).get(0),
            noisy.vjp(List.of(task), List.<double[][]>of(cot)).get(0), 1e-9);
      }
    }
  }

  @Test
  void capabilitiesSayNative() {
    try (var b = noisy("{}")) {
      assertTrue(b.capabilities().vjp());
    }
  }

  private void check(String config, long seed) {
    var rnd = new Random(seed);
    try (var noisy = noisy(config)) {
      for (int trial = 0; trial < 6; trial++) {
        int n = 2 + trial % 2;
        var c = randomCircuit(rnd, n, 14);
        assertTrue(c.hasMidCircuitOperations(), "the test circuits need mid-circuit operations");
        for (var readout : readouts(c, rnd)) {
          var rows = random(rnd, 2, c.parameters().size(), false);
          var task = Task.builder(c).bindings(rows).readout(readout).build();
          var cot = random(rnd, 2, task.resultSize(), true);
          var got = noisy.vjp(List.of(task), List.<double[][]>of(cot)).get(0);
          var shift = ParameterShift.vjp(noisy, List.of(task), List.<double[][]>of(cot)).get(0);
          var fd = Gradient.fromRows(c, FiniteDifferences.vjp(noisy, task, cot, 1e-5));
          String where = "trial " + trial + " " + readout + " " + config;
          compare(where + " vs parameter shift", shift, got, 1e-9);
          compare(where + " vs finite differences", fd, got, 1e-7);
        }
      }
    }
  }

  private static void compare(String where, Gradient want, Gradient got, double tol) {
    for (int p = 0; p < want.weights().length; p++) {
      assertEquals(want.weights()[p], got.weights()[p], tol, where + ": weight column " + p);
    }
    for (int r = 0; r < want.inputs().length; r++) {
      for (int p = 0; p < want.inputs()[r].length; p++) {
        assertEquals(want.inputs()[r][p], got.inputs()[r][p], tol, where + ": row " + r + " input column " + p);
      }
    }
  }

  private static List<Readout> readouts(Circuit c, Random rnd) {
    var list = new ArrayList<Readout>();
    list.add(Readout.marginals());
    list.add(Readout.probabilities());
    list.add(Readout.probabilities(1));
    int n = c.numQubits();
    var obs = new ArrayList<PauliString>();
    for (int k = 0; k < 2; k++) {
      var label = new StringBuilder();
      for (int q = 0; q < n; q++) {
        label.append("IXYZ".charAt(rnd.nextInt(4)));
      }
      obs.add(PauliString.parse(label.toString()));
    }
    list.add(Readout.expectations(obs));
    return list;
  }

  /** Random gates (some with ctrl/negctrl modifiers), interleaved with measurements and resets. */
  /** Bindings in [-2, 2) or, with {@code gaussian}, standard normal cotangents. */
  private static double[][] random(Random rnd, int rows, int cols, boolean gaussian) {
    var out = new double[rows][cols];
    for (var r : out) {
      for (int i = 0; i < cols; i++) {
        r[i] = gaussian ? rnd.nextGaussian() : rnd.nextDouble() * 4 - 2;
      }
    }
    return out;
  }

  static Circuit randomCircuit(Random rnd, int n, int gates) {
    var b = Circuit.builder(n);
    b.classicalRegister("c", 4);
    var weights = Parameter.vector("w", 3, ParameterKind.WEIGHT);
    var inputs = Parameter.vector("x", 2, ParameterKind.INPUT);
    var all = Gate.values();
    int clbit = 0;
    for (int g = 0; g < gates; g++) {
      int kind = rnd.nextInt(8);
      if (kind == 0 && clbit < 4) {
        b.measure(rnd.nextInt(n), clbit++);
        continue;
      }
      if (kind == 1) {
        b.reset(rnd.nextInt(n));
        continue;
      }
      Gate gate;
      do {
        gate = all[rnd.nextInt(all.length)];
      } while (gate.numQubits() > n || (gate.numParams() == 0 && rnd.nextBoolean()));
      var qs = RandomCircuits.shuffled(rnd, n);
      var angles = new ArrayList<Angle>();
      for (int a = 0; a < gate.numParams(); a++) {
        angles.add(switch (rnd.nextInt(3)) {
          case 0 -> Angle.constant(rnd.nextDouble() * 4 - 2);
          case 1 -> Angle.of(weights.get(rnd.nextInt(3)), rnd.nextDouble() * 2 - 1, rnd.nextDouble());
          default -> Angle.of(inputs.get(rnd.nextInt(2)), rnd.nextDouble() * 3, rnd.nextDouble() - 0.5);
        });
      }
      int[] own = java.util.Arrays.copyOf(qs, gate.numQubits());
      if (n > gate.numQubits() && rnd.nextBoolean()) {
        b.controlled(new int[] {qs[gate.numQubits()]}, new boolean[] {rnd.nextBoolean()}, gate, angles, own);
      } else {
        b.gate(gate, angles, own);
      }
    }
    if (clbit == 0) {
      b.measure(0, 0);
      b.ry(weights.get(0), 0);
    }
    b.measure(n - 1, 3);
    return b.build();
  }

  private static NoisyBackend noisy(String json) {
    return new NoisyBackend(new BackendConfig("noisy", com.google.gson.JsonParser.parseString(json).getAsJsonObject()));
  }

  @Test
  void noiseModelUsedIsNotIdeal() {
    try (var noisy = noisy(NOISE)) {
      NoiseModel m = noisy.noise();
      assertTrue(!m.isIdeal() && m.hasReadoutError());
    }
  }
}
