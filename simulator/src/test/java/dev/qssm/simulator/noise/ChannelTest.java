package dev.qssm.simulator.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.GateMatrix;
import dev.qssm.circuit.PauliString;
import dev.qssm.simulator.density.DensityEngine;
import dev.qssm.simulator.density.DensityMatrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every channel against its closed form, on the density-matrix engine. */
class ChannelTest {

  private static DensityMatrix after(Circuit c, NoiseModel m) {
    return DensityEngine.finalState(c, new double[0], m);
  }

  private static NoiseModel on(String gate, Channel ch) {
    return NoiseModel.builder().gate(gate, ch).build();
  }

  @Test
  void depolarizingOnZeroGivesOneMinusFourThirdsP() {
    for (double p : new double[] {0, 0.01, 0.3, 0.75, 1}) {
      var rho = after(Circuit.builder(1).id(0).build(), on("id", Channel.depolarizing(p)));
      assertEquals(1 - 4 * p / 3, rho.expectation(PauliString.z(0)), 1e-14, "p = " + p);
    }
  }

  @Test
  void twoQubitDepolarizingFlipsEachZWithProbabilityEightFifteenthsP() {
    double p = 0.2;
    var rho = after(Circuit.builder(2).cx(0, 1).build(), on("cx", Channel.depolarizing2(p)));
    assertEquals(1 - 16 * p / 15, rho.expectation(PauliString.z(0)), 1e-14);
    assertEquals(1 - 16 * p / 15, rho.expectation(PauliString.z(1)), 1e-14);
    assertEquals(1 - 16 * p / 15, rho.expectation(PauliString.parse("ZZ")), 1e-14);
  }

  @Test
  void amplitudeDampingOnOneLeavesOneMinusGamma() {
    double g = 0.27;
    var rho = after(Circuit.builder(1).x(0).build(), on("x", Channel.amplitudeDamping(g)));
    assertEquals(1 - g, rho.diagonal()[1], 1e-14);
    assertEquals(g, rho.diagonal()[0], 1e-14);
  }

  @Test
  void thermalRelaxationFollowsTheExponentials() {
    double t1 = 100e-6;
    double t2 = 70e-6;
    double t = 35e-6;
    var ch = Channel.thermalRelaxation(t1, t2, t);
    var one = after(Circuit.builder(1).x(0).build(), on("x", ch));
    assertEquals(Math.exp(-t / t1), one.diagonal()[1], 1e-14);
    var plus = after(Circuit.builder(1).h(0).build(), on("h", ch));
    assertEquals(Math.exp(-t / t2), plus.expectation(PauliString.of('X', 0)), 1e-14);
    assertEquals(1 - 0.5 * Math.exp(-t / t1), plus.diagonal()[0], 1e-14);
  }

  @Test
  void phaseDampingScalesCoherences() {
    double l = 0.36;
    var rho = after(Circuit.builder(1).h(0).build(), on("h", Channel.phaseDamping(l)));
    assertEquals(Math.sqrt(1 - l), rho.expectation(PauliString.of('X', 0)), 1e-14);
    assertEquals(0.5, rho.diagonal()[1], 1e-14);
  }

  @Test
  void flipsAndPauliChannels() {
    var bit = after(Circuit.builder(1).id(0).build(), on("id", Channel.bitFlip(0.3)));
    assertEquals(0.3, bit.diagonal()[1], 1e-14);
    var phase = after(Circuit.builder(1).h(0).build(), on("h", Channel.phaseFlip(0.2)));
    assertEquals(1 - 2 * 0.2, phase.expectation(PauliString.of('X', 0)), 1e-14);
    var pauli = after(Circuit.builder(1).id(0).build(), on("id", Channel.pauli(0.1, 0.05, 0.2)));
    assertEquals(1 - 2 * (0.1 + 0.05), pauli.expectation(PauliString.z(0)), 1e-14);
  }

  @Test
  void generalKrausEqualsTheNamedChannel() {
    double g = 0.4;
    var k0 = new GateMatrix(2, new double[] {1, 0, 0, Math.sqrt(1 - g)}, new double[4]);
    var k1 = new GateMatrix(2, new double[] {0, Math.sqrt(g), 0, 0}, new double[4]);
    var c = Circuit.builder(1).h(0).build();
    var a = after(c, on("h", Channel.kraus("ad", List.of(k0, k1))));
    var b = after(c, on("h", Channel.amplitudeDamping(g)));
    for (int r = 0; r < 2; r++) {
      for (int col = 0; col < 2; col++) {
        assertEquals(b.get(r, col)[0], a.get(r, col)[0], 1e-15);
        assertEquals(b.get(r, col)[1], a.get(r, col)[1], 1e-15);
      }
    }
  }

  @Test
  void noisyStatesStayUnitTraceHermitianAndPositive() {
    var rnd = new Random(3);
    var model = NoiseModel.builder()
        .oneQubitGates(Channel.depolarizing(0.05))
        .oneQubitGates(Channel.thermalRelaxation(50, 40, 3))
        .twoQubitGates(Channel.depolarizing2(0.08))
        .twoQubitGates(Channel.amplitudeDamping(0.1))
        .build();
    for (int k = 0; k < 10; k++) {
      var b = Circuit.builder(3).classicalRegister("c", 1);
      for (int g = 0; g < 15; g++) {
        int q = rnd.nextInt(3);
        switch (rnd.nextInt(5)) {
          case 0 -> b.h(q);
          case 1 -> b.rx(rnd.nextDouble() * 6, q);
          case 2 -> b.ry(rnd.nextDouble() * 6, q);
          case 3 -> b.cx(q, (q + 1) % 3);
          default -> b.measure(q, 0);
        }
      }
      var rho = after(b.build(), model);
      int d = 8;
      double trace = 0;
      for (int i = 0; i < d; i++) {
        trace += rho.get(i, i)[0];
        for (int j = 0; j < d; j++) {
          assertEquals(rho.get(i, j)[0], rho.get(j, i)[0], 1e-14);
          assertEquals(rho.get(i, j)[1], -rho.get(j, i)[1], 1e-14);
        }
      }
      assertEquals(1, trace, 1e-12);
      double min = Hermitian.minEigenvalue(rho, d);
      assertTrue(min > -1e-12, "smallest eigenvalue " + min);
    }
  }

  @Test
  void badProbabilitiesAreNamed() {
    assertMentions(assertThrows(NoiseException.class, () -> Channel.depolarizing(-0.1)), "depolarizing");
    assertMentions(assertThrows(NoiseException.class, () -> Channel.amplitudeDamping(1.2)), "amplitudeDamping");
    assertMentions(assertThrows(NoiseException.class, () -> Channel.pauli(0.5, 0.4, 0.3)), "exceeds 1");
    assertMentions(assertThrows(NoiseException.class, () -> new ReadoutError(0.1, 2)), "p0Given1");
    assertMentions(assertThrows(NoiseException.class,
        () -> NoiseModel.fromJson("{\"readout\": {\"p1Given0\": 0.1}}")), "readout.p0Given1");
    assertMentions(assertThrows(NoiseException.class,
        () -> NoiseModel.fromJson("{\"gates\": [{\"gate\": \"x\", \"channels\": [{\"type\": \"bitFlip\", \"p\": -1}]}]}")),
        "gates[0].channels[0]: 'bitFlip'");
  }

  @Test
  void nonTracePreservingKrausSetsAreRefused() {
    var k0 = new GateMatrix(2, new double[] {1, 0, 0, 1}, new double[4]);
    var k1 = new GateMatrix(2, new double[] {0, 0.3, 0, 0}, new double[4]);
    assertMentions(assertThrows(NoiseException.class, () -> Channel.kraus("leaky", List.of(k0, k1))), "trace preserving");
    assertMentions(assertThrows(NoiseException.class, () -> NoiseModel.fromJson(
        "{\"gates\": [{\"gate\": \"x\", \"channels\": [{\"type\": \"kraus\", \"operators\": [[[1, 0], [0, 0.5]]]}]}]}")),
        "trace preserving");
  }

  @Test
  void t2AboveTwiceT1IsRefused() {
    assertMentions(assertThrows(NoiseException.class, () -> Channel.thermalRelaxation(10, 25, 1)), "T2");
    assertMentions(assertThrows(NoiseException.class,
        () -> NoiseModel.fromJson("{\"thermal\": {\"t1\": 10, \"t2\": 30, \"time\": 1}}")), "2*T1");
    assertMentions(assertThrows(NoiseException.class,
        () -> NoiseModel.fromJson("{\"thermal\": {\"t1\": 10, \"time\": 1}}")), "thermal.t2");
  }

  static void assertMentions(Exception e, String what) {
    assertTrue(e.getMessage().contains(what), "message should mention '" + what + "': " + e.getMessage());
  }
}
