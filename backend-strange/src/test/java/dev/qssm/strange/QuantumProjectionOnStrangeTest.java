package dev.qssm.strange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.qnn.QuantumProjection;
import dev.qssm.qnn.QuantumProjection.Entangler;
import dev.qssm.qnn.QuantumProjection.Kind;
import dev.qssm.qnn.QuantumProjection.Options;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HQC-Mamba projection runs unchanged on Strange (amplitude encoding lowered, parameter-shift
 * gradients) and agrees with the exact simulator to Strange's float32 accuracy.
 */
class QuantumProjectionOnStrangeTest {

  @ParameterizedTest
  @EnumSource(Kind.class)
  void matchesExact(Kind kind) {
    try (Backend strange = Backends.create(BackendConfig.of("strange"));
        Backend exact = Backends.create(BackendConfig.of("exact"))) {
      var o = Options.defaults().withKind(kind).withEntangler(Entangler.CNOT_RING);
      var ps = new QuantumProjection(strange, 5, 3, o, new SplittableRandom(4));
      var pe = new QuantumProjection(exact, 5, 3, o, new SplittableRandom(4));
      var rng = new SplittableRandom(6);
      var x = new double[3 * 5];
      for (int i = 0; i < x.length; i++) {
        x[i] = rng.nextDouble() * 2 - 1;
      }
      var seed = new double[3 * 3];
      for (int i = 0; i < seed.length; i++) {
        seed[i] = rng.nextDouble() * 2 - 1;
      }
      var xs = Tensor.variable(x.clone(), 3, 5);
      var xe = Tensor.variable(x.clone(), 3, 5);
      var ys = ps.forward(xs);
      var ye = pe.forward(xe);
      for (int i = 0; i < ye.size(); i++) {
        assertEquals(ye.data()[i], ys.data()[i], 1e-5 * Math.max(1, Math.abs(ye.data()[i])), "output " + i);
      }
      ys.backward(seed);
      ye.backward(seed);
      close(xe.grad(), xs.grad(), "input gradient");
      pe.parameters().forEach((name, t) -> close(t.grad(), ps.parameters().get(name).grad(), name));
    }
  }

  private static void close(double[] want, double[] got, String what) {
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-5 * Math.max(1, Math.abs(want[i])), what + " " + i);
    }
  }
}
