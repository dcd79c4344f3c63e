package dev.qssm.models.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.QssmException;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.PauliString;

import dev.qssm.testkit.GradCheck;
import dev.qssm.testkit.ReferenceBackend;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SequenceOpTest {
  static Backend exact;

  @BeforeAll
  static void open() {
    exact = Backends.create(BackendConfig.of("exact", Map.of()));
  }

  @AfterAll
  static void close() throws Exception {
    exact.close();
  }

  static Tensor random(Random rng, double scale, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    var v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (rng.nextDouble() * 2 - 1) * scale;
    }
    return Tensor.variable(v, shape);
  }

  @Test
  void oneQubitMatchesTheAnalyticState() {
    // ry(a) then rz(b) on |0>: <Z> = cos a, <X> = sin a cos b, <Y> = sin a sin b
    var layout = new StepLayout(1, 1, StepLayout.rotations("ry,rz"), false, StepLayout.Coupling.CNOT_RING);
    var op = new SequenceOp(exact, layout, Observables.parse("z,x,y", 1), 0);
    double a = 0.7, b = -1.3;
    var y = op.apply(List.of(Tensor.of(new double[] {a, b}, 1, 2)), null).data();
    assertEquals(Math.cos(a), y[0], 1e-12);
    assertEquals(Math.sin(a) * Math.cos(b), y[1], 1e-12);
    assertEquals(Math.sin(a) * Math.sin(b), y[2], 1e-12);
    // two ry steps compose: ry(a1) ry(a2) = ry(a1 + a2)
    var ry = new StepLayout(1, 1, StepLayout.rotations("ry"), false, StepLayout.Coupling.CNOT_RING);
    var two = new SequenceOp(exact, ry, Observables.parse("z", 1), 0);
    assertEquals(Math.cos(0.4 + 0.9), two.apply(List.of(Tensor.of(new double[] {0.4, 0.9}, 1, 2, 1)), null).data()[0],
        1e-12);
  }

  @Test
  void rzzCouplingMatchesTheAnalyticState() {
    // ry(a0) ⊗ ry(a1), then rzz(θ): <Z0> = cos a0, <X0> = sin a0 cos θ (X0 anticommutes with Z0 Z1, <Y0> = 0)
    var layout = new StepLayout(2, 1, StepLayout.rotations("ry"), true, StepLayout.Coupling.RZZ_RING);
    assertEquals(2 * 3 + 1, layout.weightCount());
    var op = new SequenceOp(exact, layout, Observables.parse("z,x", 2), 0);
    double a0 = 0.8, a1 = -0.4, theta = 1.1;
    var w = Tensor.of(new double[] {0, 0, 0, 0, 0, 0, theta}, 7);
    var y = op.apply(List.of(Tensor.of(new double[] {a0, a1}, 1, 2)), w).data();
    assertEquals(Math.cos(a0), y[0], 1e-12);
    assertEquals(Math.cos(a1), y[1], 1e-12);
    assertEquals(Math.sin(a0) * Math.cos(theta), y[2], 1e-12);
    assertEquals(Math.sin(a1) * Math.cos(theta), y[3], 1e-12);
    // without weights the coupling angle is the token's: one more input per layer
    var inputs = new StepLayout(2, 1, StepLayout.rotations("ry"), false, StepLayout.Coupling.RZZ_RING);
    assertEquals(3, inputs.inputsPerStep());
    var z = new SequenceOp(exact, inputs, Observables.parse("x", 2), 0)
        .apply(List.of(Tensor.of(new double[] {a0, a1, theta}, 1, 3)), null).data();
    assertEquals(Math.sin(a0) * Math.cos(theta), z[0], 1e-12);
    assertEquals(StepLayout.Coupling.RZZ_RING, StepLayout.Coupling.parse(" RZZ"));
    var e = assertThrows(QssmException.class, () -> StepLayout.Coupling.parse("cnot"));
    assertTrue(e.getMessage().startsWith("coupling 'cnot' is not one of ring"), e.getMessage());
  }

  @Test
  void circuitGrowsLinearlyWithTheSequence() {
    var layout = new StepLayout(4, 2, StepLayout.rotations("ry,rz"), true, StepLayout.Coupling.CNOT_RING);
    int perStep = 2 * (4 * 2 + 4 * 3 + 4); // inputs, rz ry rz, ring per layer
    for (int t : new int[] {1, 5, 28}) {
      var c = layout.circuit(t);
      assertEquals(t * perStep, c.instructions().stream().filter(GateOperation.class::isInstance).count());
      assertEquals(t * layout.inputsPerStep(), c.inputs().size());
      assertEquals(layout.weightCount(), c.weights().size());
    }
  }

  @Test
  void exactAgreesWithTheReferenceSimulator() {
    var rng = new Random(1);
    var layout = new StepLayout(3, 2, StepLayout.rotations("rx,ry"), true, StepLayout.Coupling.ALL_CZ);
    var obs = Observables.parse("z,x,zz", 3);
    var angles = random(rng, 2, 4, 3, layout.inputsPerStep());
    var w = random(rng, 2, layout.weightCount());
    var fast = new SequenceOp(exact, layout, obs, 0).apply(List.of(angles), w).data();
    var slow = new SequenceOp(new ReferenceBackend(), layout, obs, 0).apply(List.of(angles), w).data();
    for (int i = 0; i < fast.length; i++) {
      assertEquals(slow[i], fast[i], 1e-12);
    }
  }

  @Test
  void stepsMaySpanSeveralTensors() {
    var rng = new Random(2);
    var layout = new StepLayout(2, 1, StepLayout.rotations("ry,rz"), true, StepLayout.Coupling.CNOT_RING);
    var op = new SequenceOp(exact, layout, Observables.parse("z,x", 2), 0);
    var all = random(rng, 2, 3, 3 * 4);
    var w = random(rng, 1, 6);
    var whole = op.apply(List.of(all), w).data();
    var d = all.data();
    var s1 = new double[3 * 4];
    var s23 = new double[3 * 8];
    for (int r = 0; r < 3; r++) {
      System.arraycopy(d, r * 12, s1, r * 4, 4);
      System.arraycopy(d, r * 12 + 4, s23, r * 8, 8);
    }
    var split = op.apply(List.of(Tensor.of(s1, 3, 4), Tensor.of(s23, 3, 2, 4)), w).data();
    for (int i = 0; i < whole.length; i++) {
      assertEquals(whole[i], split[i], 1e-13);
    }
  }

  @Test
  void gradientsOfAnglesAndWeightsMatchFiniteDifferences() {
    var rng = new Random(3);
    var layout = new StepLayout(3, 1, StepLayout.rotations("ry,rz"), true, StepLayout.Coupling.CNOT_RING);
    var op = new SequenceOp(exact, layout, Observables.parse("z,x,zz", 3), 0);
    var first = random(rng, 2, 2, layout.inputsPerStep());
    var rest = random(rng, 2, 2, 2, layout.inputsPerStep());
    var w = random(rng, 2, layout.weightCount());
    GradCheck.check(in -> op.apply(List.of(in[0], in[1]), in[2]), 1e-6, first, rest, w);
    for (boolean weighted : new boolean[] {true, false}) {
      var rzz = new StepLayout(3, 2, StepLayout.rotations("rx,ry"), weighted, StepLayout.Coupling.RZZ_RING);
      var op2 = new SequenceOp(exact, rzz, Observables.parse("z,y", 3), 0);
      var angles = random(rng, 2, 2, 3, rzz.inputsPerStep());
      var w2 = weighted ? random(rng, 2, rzz.weightCount()) : null;
      if (weighted) {
        GradCheck.check(in -> op2.apply(List.of(in[0]), in[1]), 1e-6, angles, w2);
      } else {
        GradCheck.check(in -> op2.apply(List.of(in[0]), null), 1e-6, angles);
      }
    }
  }

  @Test
  void observablesAndPreconditions() {
    assertEquals(List.of(PauliString.z(0), PauliString.z(1), PauliString.z(2), new PauliString(new int[] {0, 1}, "ZZ"),
        new PauliString(new int[] {1, 2}, "ZZ"), new PauliString(new int[] {0, 2}, "ZZ")),
        Observables.parse("z,zz", 3));
    assertEquals(1, Observables.parse("zz", 2).size());
    assertArrayEquals(new double[] {1, 1, 0, 0, 1}, Observables.initialValues(Observables.parse("z,x,zz", 2)));
    var e = assertThrows(QssmException.class, () -> Observables.parse("z,w", 3));
    assertEquals("observable family 'w' is not one of z, x, y, zz", e.getMessage());
    assertThrows(QssmException.class, () -> Observables.parse("zz", 1));
    assertThrows(QssmException.class, () -> StepLayout.rotations("ry,u3"));
    var layout = new StepLayout(2, 1, StepLayout.rotations("ry"), false, StepLayout.Coupling.CNOT_RING);
    var op = new SequenceOp(exact, layout, Observables.parse("z", 2), 0);
    var bad = assertThrows(QssmException.class, () -> op.apply(List.of(Tensor.of(new double[3], 1, 3)), null));
    assertEquals("step angles must be [1, k*2] (whole steps of 2 angles per sequence), got shape [1, 3]", bad.getMessage());
    assertThrows(QssmException.class, () -> op.apply(List.of(Tensor.of(new double[2], 1, 2)), Tensor.of(new double[1], 1)));
  }
}
