package dev.qssm.models.hqc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.QssmException;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.qnn.QuantumProjection;
import dev.qssm.qnn.QuantumProjection.Entangler;
import dev.qssm.qnn.QuantumProjection.Kind;
import dev.qssm.qnn.QuantumProjection.Options;
import dev.qssm.testkit.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QuantumProjectionTest {

  static Backend exact(String fastPath) {
    return Backends.create(BackendConfig.of("exact", Map.of("fastPath", fastPath)));
  }

  static Tensor randomInput(long seed, int... shape) {
    var rng = new Random(seed);
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    var v = new double[size];
    for (int i = 0; i < size; i++) {
      v[i] = rng.nextGaussian();
    }
    return Tensor.variable(v, shape);
  }

  static Tensor[] inputsOf(Tensor x, QuantumProjection p) {
    var all = new ArrayList<Tensor>();
    all.add(x);
    all.addAll(p.parameters().values());
    return all.toArray(Tensor[]::new);
  }

  @ParameterizedTest(name = "fastPath={0} {1} {2}")
  @CsvSource({
      "never, PROBABILITIES, CNOT_RING", "never, PROBABILITIES, ALL_TO_ALL_CZ",
      "never, PAULI_Z, CNOT_RING", "never, PAULI_Z, ALL_TO_ALL_CZ",
      "always, PROBABILITIES, CNOT_RING", "always, PROBABILITIES, ALL_TO_ALL_CZ",
      "always, PAULI_Z, CNOT_RING", "always, PAULI_Z, ALL_TO_ALL_CZ"})
  void gradientsMatchFiniteDifferencesOnExact(String fastPath, Kind kind, Entangler ent) {
    try (var backend = exact(fastPath)) {
      var p = new QuantumProjection(backend, 5, 3, Options.defaults().withKind(kind).withEntangler(ent),
          new SplittableRandom(3));
      assertEquals(3, p.qubits());
      // scale and bias away from their initial 1/0 so that their gradients are not special cases
      if (kind == Kind.PROBABILITIES) {
        p.parameters().get("scale").data()[1] = -0.7;
        p.parameters().get("bias").data()[2] = 0.3;
      }
      var x = randomInput(1, 2, 3, 5);
      GradCheck.check(t -> p.forward(t[0]), 1e-6, inputsOf(x, p));
    }
  }

  @Test
  void fastPathAndGatePathAgree() {
    try (var a = exact("never"); var b = exact("always")) {
      var pa = new QuantumProjection(a, 6, 8, Options.defaults().withLayers(3), new SplittableRandom(5));
      var pb = new QuantumProjection(b, 6, 8, Options.defaults().withLayers(3), new SplittableRandom(5));
      var x = randomInput(2, 4, 6);
      var ya = pa.forward(x).data();
      var yb = pb.forward(x).data();
      for (int i = 0; i < ya.length; i++) {
        assertEquals(ya[i], yb[i], 1e-12);
      }
    }
  }

  @Test
  void probabilityReadoutHasTheRightScale() {
    // 1 layer, all angles 0, CNOT ring on 2 qubits = cx(0,1): p = permuted x², y = 4 p ||x||
    try (var backend = exact("never")) {
      var p = new QuantumProjection(backend, 4, 4, Options.defaults().withLayers(1), new SplittableRandom(1));
      java.util.Arrays.fill(p.parameters().get("weights").data(), 0);
      var x = Tensor.of(new double[] {1, 2, 0, 2}, 1, 4); // ||x|| = 3
      var y = p.forward(x).data();
      // cx(0,1) maps |01> (index 1) to |11> (index 3) and |11> to |01>
      double[] expect = {4 * 1 / 9.0 * 3, 4 * 4 / 9.0 * 3, 0, 4 * 4 / 9.0 * 3};
      expect[1] = 4 * 4 / 9.0 * 3; // from index 3
      expect[3] = 4 * 4 / 9.0 * 3; // from index 1
      assertArrayEquals(new double[] {4 / 3.0, 16 / 3.0, 0, 16 / 3.0}, y, 1e-12);
    }
  }

  @Test
  void zeroTokensGiveTheBiasAndNoGradient() {
    try (var backend = exact("auto")) {
      var p = new QuantumProjection(backend, 4, 3, Options.defaults(), new SplittableRandom(2));
      var bias = p.parameters().get("bias").data();
      bias[0] = 0.5;
      bias[1] = -1;
      var x = randomInput(3, 3, 4);
      java.util.Arrays.fill(x.data(), 4, 8, 0); // row 1 is zero
      var y = p.forward(x);
      for (double v : y.data()) {
        assertTrue(Double.isFinite(v));
      }
      assertArrayEquals(new double[] {0.5, -1, 0}, java.util.Arrays.copyOfRange(y.data(), 3, 6), 0);
      y.sum().backward();
      for (int i = 4; i < 8; i++) {
        assertEquals(0, x.grad()[i]);
      }
      for (double g : x.grad()) {
        assertTrue(Double.isFinite(g));
      }
      // the other rows still get correct gradients
      GradCheck.check(t -> p.forward(t[0]), 1e-6, inputsOf(randomInputWithZeroRow(), p));
      var zeros = Tensor.variable(new double[8], 2, 4);
      var yz = p.forward(zeros);
      yz.sum().backward();
      assertArrayEquals(new double[] {0.5, -1, 0, 0.5, -1, 0}, yz.data(), 0);
      assertArrayEquals(new double[8], zeros.grad(), 0);
    }
  }

  private static Tensor randomInputWithZeroRow() {
    var x = randomInput(9, 3, 4);
    java.util.Arrays.fill(x.data(), 0, 4, 0);
    return x;
  }

  @Test
  void badSizesAreRefused() {
    try (var backend = exact("auto")) {
      var o = Options.defaults();
      var r = new SplittableRandom(1);
      var e = assertThrows(QssmException.class, () -> new QuantumProjection(backend, 0, 4, o, r));
      assertTrue(e.getMessage().contains("0 -> 4"), e.getMessage());
      assertThrows(QssmException.class, () -> new QuantumProjection(backend, 4, 0, o, r));
      assertThrows(QssmException.class, () -> o.withLayers(0));
      var p = new QuantumProjection(backend, 4, 2, o, r);
      var wrong = assertThrows(QssmException.class, () -> p.forward(Tensor.of(new double[6], 2, 3)));
      assertTrue(wrong.getMessage().contains("[..., 4]"), wrong.getMessage());
    }
  }

  @Test
  void aBackendThatCannotRunTheCircuitSaysWhy() {
    try (var backend = Backends.create(BackendConfig.of("exact", Map.of("maxQubits", 2)))) {
      var p = new QuantumProjection(backend, 8, 8, Options.defaults(), new SplittableRandom(1));
      var e = assertThrows(QssmException.class, () -> p.forward(randomInput(1, 2, 8)));
      assertTrue(e.getMessage().contains("3 qubits"), e.getMessage());
    }
  }

  /** Counts calls and forwards to the exact backend. */
  static final class Counting implements Backend {
    final Backend inner = exact("auto");
    final List<Integer> runRows = new ArrayList<>();
    int vjps;

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public Capabilities capabilities() {
      return inner.capabilities();
    }

    @Override
    public List<TaskResult> run(List<Task> tasks) {
      runRows.add(tasks.stream().mapToInt(Task::rows).sum());
      return inner.run(tasks);
    }

    @Override
    public List<Gradient> vjp(List<Task> tasks, List<double[][]> cotangents) {
      vjps++;
      return inner.vjp(tasks, cotangents);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 40})
  void oneRunPerForwardAndOneVjpPerBackward(int batch) {
    for (var kind : Kind.values()) {
      try (var counting = new Counting()) {
        var p = new QuantumProjection(counting, 6, 5, Options.defaults().withKind(kind), new SplittableRandom(4));
        var x = randomInput(5, batch, 7, 6);
        var y = p.forward(x);
        assertEquals(List.of(batch * 7), counting.runRows);
        assertEquals(0, counting.vjps);
        y.sum().backward();
        assertEquals(1, counting.runRows.size());
        assertEquals(1, counting.vjps);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"exact", "noisy"})
  void fewerOutputsThanBasisStatesReadOnlyThoseAndMatchFiniteDifferences(String name) {
    // 6 -> 3 on 3 qubits: the readout is probabilities().first(3), not all 8
    try (var backend = Backends.create(BackendConfig.of(name, Map.of()))) {
      var p = new QuantumProjection(backend, 6, 3, Options.defaults(), new SplittableRandom(5));
      var x = randomInput(4, 4, 6);
      var tasks = new ArrayList<Task>();
      var recording = new Backend() {
        @Override
        public String name() {
          return "recording";
        }

        @Override
        public Capabilities capabilities() {
          return backend.capabilities();
        }

        @Override
        public List<TaskResult> run(List<Task> ts) {
          tasks.addAll(ts);
          return backend.run(ts);
        }
      };
      var q = new QuantumProjection(recording, 6, 3, Options.defaults(), new SplittableRandom(5));
      q.forward(x);
      assertEquals(dev.qssm.backend.Readout.probabilities().first(3), tasks.get(0).readout());
      assertEquals(3, tasks.get(0).resultSize());
      GradCheck.check(t -> p.forward(t[0]), 1e-6, inputsOf(x, p));
    }
  }

  // ---- shots on the noisy backend (noise-free, sampling only) ----

  static Backend noisy(long seed) {
    return Backends.create(BackendConfig.of("noisy", Map.of("seed", seed)));
  }

  @Test
  void withShotsOutputsAndGradientsAreEstimatesOfTheExactOnes() {
    int shots = 200_000;
    var x = randomInput(6, 2, 4);
    try (var ex = exact("never"); var nb = noisy(11)) {
      var o = Options.defaults().withLayers(1);
      var pe = new QuantumProjection(ex, 4, 4, o, new SplittableRandom(8));
      var ps = new QuantumProjection(nb, 4, 4, o.withShots(shots), new SplittableRandom(8));
      // a weighted sum: the plain sum of all 2^n outputs is 4||x||, independent of the weights
      var seed = new double[] {1, -2, 0.5, 3, -1, 0.25, 2, -0.5};
      var ye = pe.forward(x);
      ye.backward(seed);
      var gxExact = x.grad().clone();
      var gwExact = pe.parameters().get("weights").grad().clone();
      x.zeroGrad();
      var ys = ps.forward(x);
      ys.backward(seed);
      double norm = 0;
      for (int r = 0; r < 2; r++) {
        double s = 0;
        for (int i = 0; i < 4; i++) {
          s += x.data()[r * 4 + i] * x.data()[r * 4 + i];
        }
        norm = Math.max(norm, Math.sqrt(s));
      }
      // y = 4 p ||x||: standard error at most 4 * 0.5/sqrt(shots) * ||x||; allow 5 of them
      double tol = 5 * 4 * 0.5 / Math.sqrt(shots) * norm;
      boolean anyDifferent = false;
      for (int i = 0; i < ye.size(); i++) {
        assertEquals(ye.data()[i], ys.data()[i], tol, "output " + i);
        anyDifferent |= ye.data()[i] != ys.data()[i];
      }
      assertTrue(anyDifferent, "shots must give estimates, not the exact values");
      assertClose(gxExact, x.grad(), 0.05, "input gradient");
      assertClose(gwExact, ps.parameters().get("weights").grad(), 0.05, "weight gradient");
    }
  }

  private static void assertClose(double[] want, double[] got, double rel, String what) {
    double scale = 0;
    for (double v : want) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], rel * scale, what + " " + i);
    }
  }

  @Test
  void seededShotsAreReproducible() {
    var x = randomInput(7, 3, 4);
    double[][] runs = new double[3][];
    double[][] grads = new double[3][];
    long[] seeds = {5, 5, 6};
    for (int k = 0; k < 3; k++) {
      try (var nb = noisy(seeds[k])) {
        var p = new QuantumProjection(nb, 4, 3, Options.defaults().withLayers(1).withShots(1000),
            new SplittableRandom(8));
        var y = p.forward(x);
        y.sum().backward();
        runs[k] = y.data();
        grads[k] = p.parameters().get("weights").grad().clone();
      }
    }
    assertArrayEquals(runs[0], runs[1], 0);
    assertArrayEquals(grads[0], grads[1], 0);
    assertNotEquals(java.util.Arrays.toString(runs[0]), java.util.Arrays.toString(runs[2]));
  }
}
