package dev.qssm.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.analysis.CircuitAnalysis;
import dev.qssm.circuit.Circuit;
import dev.qssm.qnn.QuantumProjection;
import dev.qssm.testkit.ReferenceBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Circuit analysis on the exact backend (batched kernels) agrees with the reference oracle. */
class AnalysisAgreementTest {

  private static Circuit projection(int n, int layers, QuantumProjection.Entangler e) {
    var options = QuantumProjection.Options.defaults().withLayers(layers).withEntangler(e);
    var p = new QuantumProjection(new ReferenceBackend(), 1, 1 << n, options, new SplittableRandom(1));
    return CircuitAnalysis.ansatz(p.circuit());
  }

  @ParameterizedTest
  @EnumSource(QuantumProjection.Entangler.class)
  void exactAndReferenceGiveTheSameFigures(QuantumProjection.Entangler e) {
    var c = projection(3, 2, e);
    var o = new CircuitAnalysis.Options(150, 30, 5, 0, 2 * Math.PI);
    var exact = Backends.standard();
    var ref = new ReferenceBackend();
    var a = CircuitAnalysis.expressibility(exact, c, o);
    var b = CircuitAnalysis.expressibility(ref, c, o);
    assertEquals(b.kl(), a.kl(), 1e-9);
    assertArrayEquals(b.histogram(), a.histogram(), 1e-12);
    assertEquals(b.meanFidelity(), a.meanFidelity(), 1e-12);
    var qa = CircuitAnalysis.entanglingCapability(exact, c, o);
    var qb = CircuitAnalysis.entanglingCapability(ref, c, o);
    assertEquals(qb.mean(), qa.mean(), 1e-12);
    assertEquals(qb.std(), qa.std(), 1e-12);
  }

  @Test
  void aDeepProjectionAnsatzOnThreeQubitsIsNearlyHaar() {
    // Haar on 3 qubits: E[F] = 1/8, E[Q] = (N − 2)/(N + 1) = 2/3
    var c = projection(3, 8, QuantumProjection.Entangler.CNOT_RING);
    var o = new CircuitAnalysis.Options(3000, 20, 1, 0, 2 * Math.PI);
    var exact = Backends.standard();
    var e = CircuitAnalysis.expressibility(exact, c, o);
    assertTrue(e.kl() < 0.02, "KL " + e.kl());
    assertEquals(0.125, e.meanFidelity(), 0.008); // 4 sd of the mean
    var q = CircuitAnalysis.entanglingCapability(exact, c, o);
    assertEquals(2.0 / 3, q.mean(), 0.01);
  }
}
