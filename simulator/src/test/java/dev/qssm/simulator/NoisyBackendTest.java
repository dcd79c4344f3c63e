package dev.qssm.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendUnavailableException;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.PauliString;
import dev.qssm.testkit.FiniteDifferences;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoisyBackendTest {

  private static NoisyBackend noisy(String json) {
    var o = JsonParser.parseString(json).getAsJsonObject();
    return new NoisyBackend(new BackendConfig("noisy", o));
  }

  private static TaskResult run(NoisyBackend b, Circuit c, Readout r, int shots, Long seed, double[]... rows) {
    var t = Task.builder(c).readout(r).shots(shots).bindings(rows.length == 0 ? new double[][] {new double[0]} : rows);
    if (seed != null) {
      t.seed(seed);
    }
    return b.run(t.build());
  }

  @Test
  void withoutNoiseOrShotsItEqualsTheExactBackend() {
    var rc = new RandomCircuits(11);
    try (var noisy = noisy("{}"); var exact = Backends.standard()) {
      for (int k = 0; k < 30; k++) {
        int n = 1 + rc.random().nextInt(5);
        var c = rc.circuit(n, 12, rc.random().nextBoolean(), rc.random().nextBoolean());
        var rows = rc.bindings(c, 3);
        for (var r : rc.readouts(c)) {
          var task = Task.builder(c).readout(r).bindings(rows).build();
          var want = exact.run(task);
          var got = noisy.run(task);
          for (int row = 0; row < rows.length; row++) {
            assertArrayEquals(want.row(row), got.row(row), 1e-12, c + " " + r);
          }
        }
      }
    }
  }

  @Test
  void midCircuitCircuitsMatchTheExactBackend() {
    var c = Circuit.builder(3).classicalRegister("c", 3)
        .h(0).cx(0, 1).measure(0, 0).rx(0.7, 0).cx(1, 2).reset(1).ry(1.1, 1).measure(1, 1).h(2).measure(2, 2).build();
    try (var noisy = noisy("{}"); var exact = Backends.standard()) {
      for (var r : List.of(Readout.probabilities(), Readout.classicalBits(), Readout.marginals(),
          Readout.expectations(PauliString.parse("XYZ"), PauliString.parse("IZX")))) {
        var task = Task.builder(c).readout(r).build();
        assertArrayEquals(exact.run(task).row(0), noisy.run(task).row(0), 1e-12, r.toString());
      }
    }
  }

  @Test
  void shotCountsPassAChiSquareTestAgainstTheExactDistribution() {
    var rc = new RandomCircuits(5);
    var c = rc.circuit(4, 20, false, false);
    var rows = rc.bindings(c, 1);
    try (var noisy = noisy("{}"); var exact = Backends.standard()) {
      var p = exact.run(Task.builder(c).readout(Readout.probabilities()).bindings(rows).build()).row(0);
      int shots = 20000;
      var f = run(noisy, c, Readout.probabilities(), shots, 3L, rows).row(0);
      double chi2 = 0;
      int dof = -1;
      for (int i = 0; i < p.length; i++) {
        if (p[i] * shots >= 5) {
          double o = f[i] * shots;
          double e = p[i] * shots;
          chi2 += (o - e) * (o - e) / e;
          dof++;
        }
      }
      // 99.9% quantile of chi-square with <= 15 degrees of freedom is below 38
      assertTrue(chi2 < 38, "chi2 = " + chi2 + " with " + dof + " dof");
    }
  }

  @Test
  void sameSeedGivesIdenticalCountsOnAnyThreadCountAndDifferentSeedsDiffer() {
    var rc = new RandomCircuits(8);
    var c = rc.circuit(3, 15, false, false);
    var rows = rc.bindings(c, 6);
    String noise = "\"noise\": {\"depolarizing\": 0.02, \"readout\": 0.03}";
    try (var one = noisy("{\"threads\": 1, " + noise + "}"); var four = noisy("{\"threads\": 4, " + noise + "}")) {
      for (var r : List.<Readout>of(Readout.probabilities(), Readout.expectations(PauliString.parse("XZY")))) {
        var a = run(one, c, r, 1000, 7L, rows);
        var b = run(four, c, r, 1000, 7L, rows);
        var d = run(one, c, r, 1000, 8L, rows);
        for (int row = 0; row < rows.length; row++) {
          assertArrayEquals(a.row(row), b.row(row), 0);
          assertArrayEquals(a.standardErrors()[row], b.standardErrors()[row], 0);
        }
        assertFalse(Arrays.deepEquals(a.values(), d.values()));
        // each row has its own stream: equal bindings still give different counts
        assertNotNull(a.standardErrors());
      }
    }
  }

  @Test
  void configuredSeedMakesUnseededRunsReproducible() {
    var c = Circuit.builder(2).h(0).cx(0, 1).build();
    double[] first;
    try (var b = noisy("{\"seed\": 7, \"noise\": {\"depolarizing\": 0.05}}")) {
      first = run(b, c, Readout.probabilities(), 500, null).row(0);
    }
    try (var b = noisy("{\"seed\": 7, \"noise\": {\"depolarizing\": 0.05}}")) {
      assertArrayEquals(first, run(b, c, Readout.probabilities(), 500, null).row(0), 0);
    }
  }

  @Test
  void trajectoriesAgreeWithTheDensityMatrixWithinFiveStandardErrors() {
    var rc = new RandomCircuits(21);
    String noise = "\"noise\": {\"depolarizing\": 0.03, \"amplitudeDamping\": 0.04, \"phaseDamping\": 0.02,"
        + " \"readout\": {\"p1Given0\": 0.02, \"p0Given1\": 0.05}}";
    try (var dm = noisy("{" + noise + "}"); var traj = noisy("{\"method\": \"trajectories\", " + noise + "}")) {
      for (int k = 0; k < 5; k++) {
        int n = 2 + rc.random().nextInt(3);
        var c = rc.circuit(n, 10, false, true);
        var rows = rc.bindings(c, 1);
        for (var r : rc.readouts(c)) {
          var want = run(dm, c, r, 0, null, rows).row(0);
          var got = run(traj, c, r, 2000, (long) k, rows);
          for (int i = 0; i < want.length; i++) {
            double se = Math.max(got.standardErrors()[0][i], 1 / Math.sqrt(2000) * 0.05);
            assertEquals(want[i], got.row(0)[i], 5 * se, c + " " + r + " value " + i);
          }
        }
      }
    }
  }

  @Test
  void conditionalGatesActOnlyOnTheirBranch() {
    // measure |+> into c0, then if (c0) x q1: q1 copies the outcome, like a cx
    var b = Circuit.builder(2).classicalRegister("c", 2).h(0).measure(0, 0);
    b.conditional(0, true, GateOperation.of(Gate.X, List.of(), 1)).measure(1, 1);
    var c = b.build();
    try (var noisy = noisy("{}")) {
      assertArrayEquals(new double[] {0.5, 0, 0, 0.5}, run(noisy, c, Readout.classicalBits(), 0, null).row(0), 1e-12);
      assertArrayEquals(new double[] {0.5, 0.5}, run(noisy, c, Readout.marginals(), 0, null).row(0), 1e-12);
      assertArrayEquals(new double[] {0.5, 0, 0, 0.5}, run(noisy, c, Readout.probabilities(), 0, null).row(0), 1e-12);
    }
    try (var traj = noisy("{\"method\": \"trajectories\"}")) {
      var r = run(traj, c, Readout.classicalBits(), 2000, 1L).row(0);
      assertEquals(0, r[1] + r[2], 0);
      assertEquals(0.5, r[0], 0.06);
    }
  }

  @Test
  void readoutErrorOnAConditionFeedsForward() {
    // |0> measured with p(read 1 | 0) = 0.1 flips q1 one time in ten
    var b = Circuit.builder(2).classicalRegister("c", 2).id(0).measure(0, 0);
    b.conditional(0, true, GateOperation.of(Gate.X, List.of(), 1));
    var c = b.build();
    try (var noisy = noisy("{\"noise\": {\"readout\": [{\"p1Given0\": 0.1, \"p0Given1\": 0}, 0]}}")) {
      assertArrayEquals(new double[] {0.9, 0.1}, run(noisy, c, Readout.probabilities(1), 0, null).row(0), 1e-12);
      // reading q0 again adds its readout error to a qubit that is really |0>
      assertArrayEquals(new double[] {0.81, 0.09, 0.09, 0.01}, run(noisy, c, Readout.probabilities(), 0, null).row(0),
          1e-12);
    }
  }

  @Test
  void exactAndReferenceBackendsRefuseConditionals() {
    var b = Circuit.builder(2).classicalRegister("c", 1).h(0).measure(0, 0);
    b.conditional(0, true, GateOperation.of(Gate.X, List.of(), 1));
    var task = Task.builder(b.build()).readout(Readout.probabilities()).build();
    try (var exact = Backends.standard()) {
      var e = assertThrows(UnsupportedCircuitException.class, () -> exact.run(task));
      assertTrue(e.getMessage().contains("conditioned"), e.getMessage());
    }
    var e = assertThrows(UnsupportedCircuitException.class, () -> new dev.qssm.testkit.ReferenceBackend().run(task));
    assertTrue(e.getMessage().contains("conditioned"), e.getMessage());
  }

  @Test
  void parameterShiftGradientsUnderNoiseMatchFiniteDifferences() {
    var w = Parameter.weight("w");
    var v = Parameter.weight("v");
    var c = Circuit.builder(2).ry(w, 0).cx(0, 1).rx(v, 1).build();
    try (var noisy = noisy("{\"noise\": {\"depolarizing\": 0.05, \"amplitudeDamping\": 0.1}}")) {
      var task = Task.builder(c).readout(Readout.expectations(PauliString.parse("ZZ"), PauliString.parse("IZ")))
          .bindings(new double[] {0.4, -0.9}, new double[] {1.3, 0.2}).build();
      var cot = new double[][] {{1, 0.5}, {-0.3, 2}};
      var g = noisy.vjp(List.of(task), List.<double[][]>of(cot)).get(0);
      var fd = FiniteDifferences.vjp(noisy, task, cot, 1e-5);
      var summed = new double[] {fd[0][0] + fd[1][0], fd[0][1] + fd[1][1]};
      assertArrayEquals(summed, g.weights(), 1e-7);
    }
  }

  @Test
  void ibmCalibrationFromConfigFiles() {
    var dir = Path.of("src/test/resources/ibm").toAbsolutePath();
    String json = "{\"noise\": {\"ibm\": {\"properties\": \"" + dir.resolve("fez-properties.json") + "\","
        + " \"configuration\": \"" + dir.resolve("fez-configuration.json") + "\"}}}";
    try (var b = noisy(json)) {
      var r = run(b, Circuit.builder(1).x(0).build(), Readout.probabilities(), 0, null).row(0);
      // prob_meas0_prep1 of qubit 0 plus a little relaxation during the 24 ns x gate
      assertEquals(0.017578125, r[0], 2e-3);
    }
  }

  @Test
  void badOptionsAreNamed() {
    var e = assertThrows(BackendUnavailableException.class, () -> noisy("{\"noise\": {\"depolarizing\": 1.5}}"));
    assertTrue(e.getMessage().contains("depolarizing"), e.getMessage());
    e = assertThrows(BackendUnavailableException.class, () -> noisy("{\"noise\": {\"depolarising\": 0.1}}"));
    assertTrue(e.getMessage().contains("depolarising"), e.getMessage());
    e = assertThrows(BackendUnavailableException.class, () -> noisy("{\"method\": \"magic\"}"));
    assertTrue(e.getMessage().contains("method"), e.getMessage());
  }

  @Test
  void exactValuesOfWideCircuitsNeedShots() {
    try (var b = noisy("{\"densityMaxQubits\": 3}")) {
      var c = Circuit.builder(4).h(0).build();
      var e = assertThrows(UnsupportedCircuitException.class, () -> run(b, c, Readout.probabilities(0), 0, null));
      assertTrue(e.getMessage().contains("shots"), e.getMessage());
      var r = run(b, c, Readout.probabilities(0), 400, 1L);
      assertEquals("trajectories", r.metadata().extra().get("method"));
    }
  }

  @Test
  void mitigationUndoesReadoutErrorInExpectation() {
    var c = Circuit.builder(2).x(0).build();
    try (var b = noisy("{\"mitigate\": true, \"noise\": {\"readout\": {\"p1Given0\": 0.03, \"p0Given1\": 0.08}}}")) {
      assertArrayEquals(new double[] {0, 1, 0, 0}, run(b, c, Readout.probabilities(), 0, null).row(0), 1e-12);
      var s = run(b, c, Readout.probabilities(), 20000, 3L);
      assertEquals(1, s.row(0)[1], 5 * s.standardErrors()[0][1]);
    }
  }

  @Test
  void providerIsDiscoveredByName() {
    var b = dev.qssm.backend.Backends.create(BackendConfig.of("noisy", Map.of("shots", 10)));
    assertEquals("noisy", b.name());
    assertTrue(b.capabilities().noise());
    b.close();
  }


  @Test
  void noiseIsTheSameForOneBindingOrMany() {
    var rc = new RandomCircuits(31);
    var c = rc.circuit(3, 12, true, false);
    var rows = rc.bindings(c, 40);
    try (var b = noisy("{\"noise\": {\"depolarizing\": 0.02, \"thermal\": {\"t1\": 50, \"t2\": 60, \"time\": 1},"
        + " \"readout\": 0.01}}")) {
      var all = run(b, c, Readout.probabilities(), 0, null, rows);
      for (int r = 0; r < rows.length; r += 7) {
        assertArrayEquals(all.row(r), run(b, c, Readout.probabilities(), 0, null, rows[r]).row(0), 1e-15);
      }
    }
  }

  @Test
  void perGateRulesAndKrausFromJsonFile(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
    // a bit flip written as Kraus operators, only after x on qubit 1
    var file = java.nio.file.Files.writeString(dir.resolve("noise.json"), "{\"gates\": [{\"gate\": \"x\", \"qubits\": [1],"
        + " \"channels\": [{\"type\": \"kraus\", \"operators\": [[[0.8, 0], [0, 0.8]], [[0, 0.6], [0.6, 0]]]}]}]}");
    var config = new BackendConfig("noisy", JsonParser.parseString("{\"noise\": \"" + file + "\"}").getAsJsonObject());
    try (var b = new NoisyBackend(config)) {
      var c = Circuit.builder(2).x(0).x(1).build();
      // qubit 0 stays |1>; qubit 1 is flipped back with probability 0.36
      assertArrayEquals(new double[] {0, 0.36, 0, 0.64}, run(b, c, Readout.probabilities(), 0, null).row(0), 1e-12);
    }
  }
}
