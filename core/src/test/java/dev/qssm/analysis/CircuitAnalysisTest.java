package dev.qssm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.QssmException;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.testkit.ReferenceBackend;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CircuitAnalysisTest {
  private final ReferenceBackend backend = new ReferenceBackend();

  private static int counter;

  private static Parameter w() {
    return Parameter.weight("w" + counter++);
  }

  /** Rotations u3 on every qubit then a cx chain, repeated: close to Haar-random for depth >> n. */
  static Circuit deepRandom(int n, int layers) {
    var b = Circuit.builder(n);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) {
        b.gate(Gate.U3, List.of(Angle.of(w()), Angle.of(w()), Angle.of(w())), q);
      }
      for (int q = 0; q + 1 < n; q++) {
        b.cx(q, q + 1);
      }
    }
    return b.build();
  }

  @Test
  void singleQubitRyFollowsTheArcsineLaw() {
    // RY(a)|0>, RY(b)|0>: F = cos²((a−b)/2) with (a−b) mod 2π uniform, so P(F ≤ f) = (2/π)·asin(√f)
    var c = Circuit.builder(1).ry(w(), 0).build();
    int bins = 20;
    int m = 20000;
    var e = CircuitAnalysis.expressibility(backend, c, new CircuitAnalysis.Options(m, bins, 7, 0, 2 * Math.PI));
    double kl = 0;
    var h = e.histogram();
    for (int k = 0; k < bins; k++) {
      double p = 2 / Math.PI * (Math.asin(Math.sqrt((k + 1.0) / bins)) - Math.asin(Math.sqrt((double) k / bins)));
      double sigma = Math.sqrt(p * (1 - p) / m);
      assertEquals(p, h[k], 4.5 * sigma, "bin " + k);
      assertEquals(1.0 / bins, e.haar()[k], 1e-12, "one-qubit Haar fidelities are uniform");
      kl += p * Math.log(p * bins);
    }
    assertEquals(kl, e.kl(), 0.01); // analytic 0.1544 for 20 bins
    assertEquals(0.5, e.meanFidelity(), 0.01);
    assertEquals(m, e.pairs());
  }

  @Test
  void aFixedOutputStateHasTheMaximalKl() {
    // rz on |0> only changes a phase: every fidelity is 1, KL = −ln q_last = (N−1)·ln(bins) (eq. 14)
    var c = Circuit.builder(2).rz(w(), 0).rz(w(), 1).build();
    var e = CircuitAnalysis.expressibility(backend, c, CircuitAnalysis.Options.defaults().withSamples(200));
    assertEquals(3 * Math.log(75), e.kl(), 1e-9);
    assertEquals(e.maxKl(), e.kl(), 1e-9);
    assertEquals(1.0, e.histogram()[74], 0);
    assertEquals(1.0, e.meanFidelity(), 1e-12);
  }

  @Test
  void aDeepRandomCircuitIsNearlyHaar() {
    var opts = new CircuitAnalysis.Options(4000, 20, 3, 0, 2 * Math.PI);
    var deep = CircuitAnalysis.expressibility(backend, deepRandom(2, 6), opts);
    assertTrue(deep.kl() < 0.02, "deep 2-qubit circuit KL " + deep.kl());
    assertEquals(0.25, deep.meanFidelity(), 0.01); // Haar: E[F] = 1/N
    var noEntangler = Circuit.builder(2).ry(w(), 0).ry(w(), 1).build();
    var shallow = CircuitAnalysis.expressibility(backend, noEntangler, opts);
    assertTrue(shallow.kl() > 0.1, "RY-only product ansatz should be far from Haar, KL " + shallow.kl());
  }

  @Test
  void haarBinsAreExactIntegralsAndStayFiniteForManyQubits() {
    double sum = 0;
    for (int k = 0; k < 10; k++) {
      double a = k / 10.0;
      double b = (k + 1) / 10.0;
      double exact = Math.pow(1 - a, 3) - Math.pow(1 - b, 3); // N = 4
      assertEquals(exact, Math.exp(CircuitAnalysis.logHaarBin(2, a, b)), 1e-15);
      sum += exact;
    }
    assertEquals(1, sum, 1e-12);
    double last = CircuitAnalysis.logHaarBin(20, 0.99, 1.0);
    assertEquals((Math.pow(2, 20) - 1) * Math.log(0.01), last, 1e-6);
    assertTrue(Double.isFinite(CircuitAnalysis.logHaarBin(20, 0.5, 0.51)));
    // a fidelity in a bin with Haar probability e^-4.8e6 gives a large but finite KL
    var e = CircuitAnalysis.fromFidelities(new double[] {0.995, 0.1}, 20, 100, 0);
    assertTrue(Double.isFinite(e.kl()) && e.kl() > 1e6, "KL " + e.kl());
  }

  @Test
  void theHaarFloorIsSmallAndShrinksWithSamples() {
    var few = CircuitAnalysis.haarFloor(3, new CircuitAnalysis.Options(500, 20, 1, 0, 2 * Math.PI));
    var many = CircuitAnalysis.haarFloor(3, new CircuitAnalysis.Options(50000, 20, 1, 0, 2 * Math.PI));
    assertTrue(many.kl() < few.kl(), few.kl() + " vs " + many.kl());
    // plug-in KL of a correct model is about (bins used − 1)/(2M): here < 0.001
    assertTrue(many.kl() < 1e-3, "KL " + many.kl());
    assertEquals(0.125, many.meanFidelity(), 0.003); // Haar: E[F] = 1/N, sd 0.11/sqrt(M)
    var tenQubits = CircuitAnalysis.haarFloor(10, CircuitAnalysis.Options.defaults());
    assertEquals(1.0 / 1024, tenQubits.meanFidelity(), 1e-4);
  }

  @Test
  void productStatesHaveZeroEntanglement() {
    var b = Circuit.builder(3);
    for (int q = 0; q < 3; q++) {
      b.gate(Gate.U3, List.of(Angle.of(w()), Angle.of(w()), Angle.of(w())), q);
    }
    var q = CircuitAnalysis.entanglingCapability(backend, b.build(), CircuitAnalysis.Options.defaults().withSamples(300));
    assertEquals(0, q.mean(), 1e-12);
    assertEquals(0, q.std(), 1e-12);
  }

  @Test
  void ghzAndBellStatesAreMaximallyEntangled() {
    var ghz = Circuit.builder(3).h(0).cx(0, 1).cx(1, 2).build();
    var opts = CircuitAnalysis.Options.defaults().withSamples(5);
    assertEquals(1, CircuitAnalysis.entanglingCapability(backend, ghz, opts).mean(), 1e-12);
    // a Bell pair behind weight-dependent local unitaries on both sides: still Q = 1
    var bell = Circuit.builder(2).h(0).cx(0, 1).rz(w(), 0).ry(w(), 1).build();
    var q = CircuitAnalysis.entanglingCapability(backend, bell, opts.withSamples(50));
    assertEquals(1, q.mean(), 1e-12);
    assertEquals(0, q.std(), 1e-12);
  }

  @Test
  void ryThenCnotHasMeanEntanglementOneHalf() {
    // cos(θ/2)|00> + sin(θ/2)|11>: Q = sin²θ, mean 1/2, sd √(3/8 − 1/4) over θ uniform
    var c = Circuit.builder(2).ry(w(), 0).cx(0, 1).build();
    int m = 20000;
    var q = CircuitAnalysis.entanglingCapability(backend, c, CircuitAnalysis.Options.defaults().withSamples(m).withSeed(11));
    double sd = Math.sqrt(1.0 / 8);
    assertEquals(0.5, q.mean(), 4.5 * sd / Math.sqrt(m));
    assertEquals(sd, q.std(), 0.01);
  }

  @Test
  void haarLikeTwoQubitStatesHaveTheHaarMeanEntanglement() {
    // E_Haar[Q] = (N − 2)/(N + 1) = 2/5 for two qubits
    var q = CircuitAnalysis.entanglingCapability(backend, deepRandom(2, 6), CircuitAnalysis.Options.defaults().withSamples(4000));
    assertEquals(0.4, q.mean(), 0.02);
  }

  @Test
  void theSameSeedGivesTheSameFigures() {
    var c = deepRandom(2, 2);
    var o = new CircuitAnalysis.Options(300, 10, 42, 0, 2 * Math.PI);
    assertEquals(CircuitAnalysis.expressibility(backend, c, o), CircuitAnalysis.expressibility(backend, c, o));
    assertEquals(CircuitAnalysis.entanglingCapability(backend, c, o), CircuitAnalysis.entanglingCapability(backend, c, o));
    assertNotEquals(CircuitAnalysis.expressibility(backend, c, o).kl(),
        CircuitAnalysis.expressibility(backend, c, o.withSeed(43)).kl());
  }

  @Test
  void overlapCircuitInvertsEveryGate() {
    // U(a) U(a)† = I for a circuit with every gate kind, ctrl/negctrl modifiers and affine angles
    var b = Circuit.builder(4);
    for (var g : Gate.values()) {
      var angles = new java.util.ArrayList<Angle>();
      for (int i = 0; i < g.numParams(); i++) {
        angles.add(i % 2 == 0 ? Angle.of(w(), 1.5, 0.3) : Angle.constant(0.7 + i));
      }
      var qs = new int[g.numQubits()];
      for (int i = 0; i < qs.length; i++) {
        qs[i] = (i + g.ordinal()) % 4;
      }
      b.append(GateOperation.of(g, angles, qs));
      if (g.numQubits() < 3) {
        int ctrl = (qs[qs.length - 1] + 1) % 4;
        boolean used = false;
        for (int q : qs) {
          used |= q == ctrl;
        }
        if (!used) {
          b.append(new GateOperation(g, angles, qs, new int[] {ctrl}, new boolean[] {g.ordinal() % 2 == 0}));
        }
      }
    }
    b.h(0).h(1).h(2).h(3); // so controls fire
    var u = b.build();
    var ov = Adjoint.overlap(u);
    var rng = new SplittableRandom(5);
    var row = new double[ov.circuit().parameters().size()];
    var direct = new double[u.parameters().size()];
    var other = new double[u.parameters().size()];
    for (int i = 0; i < direct.length; i++) {
      var p = u.parameters().get(i);
      direct[i] = rng.nextDouble() * 6;
      other[i] = rng.nextDouble() * 6;
      row[ov.circuit().parameterIndex(p)] = direct[i];
      row[ov.circuit().parameterIndex(ov.twin().get(p))] = direct[i];
    }
    var state = ReferenceBackend.simulate(ov.circuit(), row);
    assertEquals(1, state[0][0] * state[0][0] + state[1][0] * state[1][0], 1e-12);
    // and with different twins: |<ψ(other)|ψ(direct)>|² from two direct simulations
    for (int i = 0; i < direct.length; i++) {
      row[ov.circuit().parameterIndex(ov.twin().get(u.parameters().get(i)))] = other[i];
    }
    var s = ReferenceBackend.simulate(ov.circuit(), row);
    var a = ReferenceBackend.simulate(u, direct);
    var o = ReferenceBackend.simulate(u, other);
    double re = 0;
    double im = 0;
    for (int k = 0; k < a[0].length; k++) {
      re += o[0][k] * a[0][k] + o[1][k] * a[1][k];
      im += o[0][k] * a[1][k] - o[1][k] * a[0][k];
    }
    assertEquals(re * re + im * im, s[0][0] * s[0][0] + s[1][0] * s[1][0], 1e-12);
  }

  @Test
  void ansatzDropsEncodingBarriersAndFinalMeasurements() {
    var x = Parameter.vector("x", 4, ParameterKind.INPUT);
    var c = Circuit.builder(2).amplitudeEncoding(x, 0, 1).ry(w(), 0).barrier().cx(0, 1).measureAll().build();
    var a = CircuitAnalysis.ansatz(c);
    assertEquals(2, a.instructions().size());
    assertEquals(1, a.parameters().size());
    assertEquals(0, a.numClbits());
  }

  @Test
  void badInputIsRefusedWithAReason() {
    var mid = Circuit.builder(1).classicalRegister("c", 1).ry(w(), 0).measure(0, 0).x(0).build();
    var e1 = assertThrows(InvalidCircuitException.class,
        () -> CircuitAnalysis.expressibility(backend, mid, CircuitAnalysis.Options.defaults()));
    assertTrue(e1.getMessage().contains("mid-circuit"), e1.getMessage());
    var input = Circuit.builder(1).ry(Parameter.input("x"), 0).build();
    var e2 = assertThrows(InvalidCircuitException.class,
        () -> CircuitAnalysis.entanglingCapability(backend, input, CircuitAnalysis.Options.defaults()));
    assertTrue(e2.getMessage().contains("input x"), e2.getMessage());
    assertThrows(QssmException.class, () -> CircuitAnalysis.Options.defaults().withSamples(0));
    assertThrows(QssmException.class, () -> CircuitAnalysis.Options.defaults().withBins(0));
    assertThrows(QssmException.class, () -> CircuitAnalysis.Options.defaults().withMaxAngle(Double.NaN));
  }
}
