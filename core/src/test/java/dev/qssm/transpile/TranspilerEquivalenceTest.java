package dev.qssm.transpile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Parameter;
import dev.qssm.testkit.ReferenceBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random circuits over every IR gate, transpiled for ibm_fez (cz, with calibration data) and
 * ibm_brisbane (directed ecr): the output passes validation, uses only basis gates on coupled
 * pairs in the right direction, and — simulated with the layout undone — gives the original
 * distribution to 1e-9 for every binding row.
 */
class TranspilerEquivalenceTest {
  static String resource(String name) {
    try (InputStream in = TranspilerEquivalenceTest.class.getResourceAsStream("/ibm/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Target fez() {
    return Target.fromConfiguration(resource("fez-configuration.json"), resource("fez-properties.json"));
  }

  static Target brisbane() {
    return Target.fromConfiguration(resource("brisbane-configuration.json"));
  }

  @Test
  void targetsAreReadFromTheConfiguration() {
    var fez = fez();
    assertEquals(156, fez.numQubits());
    assertEquals("cz", fez.twoQubitGate());
    assertTrue(fez.hasEdge(0, 1) && fez.hasEdge(1, 0));
    assertTrue(fez.qubitError(0) > 0, "properties give qubit errors");
    var b = brisbane();
    assertEquals(127, b.numQubits());
    assertEquals("ecr", b.twoQubitGate());
    assertTrue(b.hasEdge(1, 0) && !b.hasEdge(0, 1), "brisbane's ecr is directed");
  }

  @Test
  void randomCircuitsOnFezAreEquivalent() {
    check(fez(), 11L, 16);
  }

  @Test
  void randomCircuitsOnBrisbaneAreEquivalent() {
    check(brisbane(), 12L, 16);
  }

  @Test
  void everyGateAloneIsEquivalentOnBothDevices() {
    var rnd = new Random(5);
    for (Target t : List.of(fez(), brisbane())) {
      for (Gate g : Gate.values()) {
        var b = Circuit.builder(3);
        for (int q = 0; q < 3; q++) {
          b.gate(Gate.U3, List.of(Angle.constant(rnd.nextDouble() * 3), Angle.constant(rnd.nextDouble() * 6),
              Angle.constant(rnd.nextDouble() * 6)), q);
        }
        var angles = new ArrayList<Angle>();
        for (int i = 0; i < g.numParams(); i++) {
          angles.add(Angle.constant(rnd.nextDouble() * 6 - 3));
        }
        int[] qs = g.numQubits() == 1 ? new int[] {1} : g.numQubits() == 2 ? new int[] {2, 0} : new int[] {2, 0, 1};
        b.gate(g, angles, qs);
        for (int q = 0; q < 3; q++) {
          b.h(q);
        }
        assertEquivalent(t, b.build(), new double[][] {{}}, g.qasmName());
      }
    }
  }

  @Test
  void validationRejectsWhatTheDeviceWouldReject() {
    var fez = fez();
    // h on a physical qubit is not in the basis
    var h = new Transpiled(Circuit.builder(1).h(0).build(), 1, new int[] {0}, new int[] {0}, new int[] {0});
    var e = assertThrows(UnsupportedCircuitException.class, () -> new Validate(fez).run(h));
    assertTrue(e.getMessage().contains("The instruction h on qubits (0,)"), e.getMessage());
    // cz on an uncoupled pair
    var cz = new Transpiled(Circuit.builder(2).cz(0, 1).build(), 2, new int[] {0, 5}, new int[] {0, 1}, new int[] {0, 1});
    e = assertThrows(UnsupportedCircuitException.class, () -> new Validate(fez).run(cz));
    assertTrue(e.getMessage().contains("cz on qubits (0, 5)"), e.getMessage());
    // ecr against the coupling direction
    var ecr = new Transpiled(Circuit.builder(2).gate(Gate.ECR, 0, 1).build(), 2, new int[] {0, 1}, new int[] {0, 1},
        new int[] {0, 1});
    e = assertThrows(UnsupportedCircuitException.class, () -> new Validate(brisbane()).run(ecr));
    assertTrue(e.getMessage().contains("ecr on qubits (0, 1)"), e.getMessage());
  }

  @Test
  void parametricAnglesBecomeOneInputPerAngle() {
    var w = Parameter.weight("w");
    var x = Parameter.input("x");
    var c = Circuit.builder(2).ry(w, 0).rx(Angle.of(x, 0.5, 0.1), 1).cx(0, 1).measureAll().build();
    var t = PassManager.preset(fez()).run(c);
    var isa = IsaProgram.of(t);
    String q = isa.qasm();
    assertTrue(q.startsWith("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n"), q);
    assertEquals(2, isa.inputNames().size(), q);
    for (String n : isa.inputNames()) {
      assertTrue(q.contains("input float[64] " + n + ";"), q);
    }
    assertTrue(!q.contains("w") && !q.contains("*"), "no expressions or user names are sent: " + q);
    assertTrue(q.contains("meas[0] = measure $"), q);
    // each input is affine in one parameter: moving w by 1 moves one input by 1, moving x by 1 the other by 0.5
    var base = isa.values(new double[] {0.3, 2.0});
    var dw = isa.values(new double[] {1.3, 2.0});
    var dx = isa.values(new double[] {0.3, 3.0});
    var moves = Set.of(Math.round((dw[0] - base[0] + dw[1] - base[1]) * 1e9), Math.round((dx[0] - base[0] + dx[1] - base[1]) * 1e9));
    assertEquals(Set.of(1_000_000_000L, 500_000_000L), moves);
  }

  private void check(Target target, long seed, int count) {
    var rnd = new Random(seed);
    for (int i = 0; i < count; i++) {
      int n = 1 + rnd.nextInt(10);
      var w = Parameter.weight("w");
      var x = Parameter.input("x");
      var c = randomCircuit(rnd, n, 4 * n + 6, w, x);
      var rows = new double[][] {{rnd.nextDouble() * 6 - 3, rnd.nextDouble() * 6 - 3}, {0.0, 1.0}};
      assertEquivalent(target, c, c.parameters().isEmpty() ? new double[][] {{}} : rows, "circuit " + i + "\n" + c);
    }
  }

  static Circuit randomCircuit(Random rnd, int n, int gates, Parameter w, Parameter x) {
    var b = Circuit.builder(n).declare(w, x);
    var all = Gate.values();
    for (int k = 0; k < gates; k++) {
      Gate g = all[rnd.nextInt(all.length)];
      if (g.numQubits() > n) {
        continue;
      }
      var qs = new ArrayList<Integer>();
      while (qs.size() < g.numQubits()) {
        int q = rnd.nextInt(n);
        if (!qs.contains(q)) {
          qs.add(q);
        }
      }
      var angles = new ArrayList<Angle>();
      for (int a = 0; a < g.numParams(); a++) {
        double r = rnd.nextDouble();
        angles.add(r < 0.3 ? Angle.of(w, rnd.nextDouble() * 2 - 1, rnd.nextDouble())
            : r < 0.5 ? Angle.of(x) : Angle.constant(rnd.nextDouble() * 8 - 4));
      }
      b.gate(g, angles, qs.stream().mapToInt(Integer::intValue).toArray());
    }
    return b.build();
  }

  static void assertEquivalent(Target target, Circuit c, double[][] rows, String what) {
    var t = PassManager.preset(target).run(c);
    var out = t.circuit();
    for (Instruction ins : out.instructions()) {
      if (ins instanceof GateOperation g) {
        assertTrue(target.basisGates().contains(g.gate().qasmName()) && !g.gate().qasmName().equals("id"),
            "not in basis: " + g + " for " + what);
        if (g.qubits().length == 2) {
          int a = t.physicalQubit(g.qubits()[0]);
          int b = t.physicalQubit(g.qubits()[1]);
          assertTrue(target.hasEdge(a, b), "uncoupled or wrong direction " + a + "," + b + " for " + what);
        }
      }
    }
    int n = c.numQubits();
    int[] fin = t.finalLayout();
    for (double[] row : rows) {
      var expected = probabilities(ReferenceBackend.simulate(c, row));
      var got = probabilities(ReferenceBackend.simulate(out, row));
      for (int xi = 0; xi < (1 << n); xi++) {
        int y = 0;
        for (int l = 0; l < n; l++) {
          if (((xi >> l) & 1) == 1) {
            y |= 1 << fin[l];
          }
        }
        assertEquals(expected[xi], got[y], 1e-9, "P(" + xi + ") differs on " + target.name() + " for " + what
            + "\ntranspiled:\n" + out);
      }
    }
  }

  static double[] probabilities(double[][] state) {
    var p = new double[state[0].length];
    for (int i = 0; i < p.length; i++) {
      p[i] = state[0][i] * state[0][i] + state[1][i] * state[1][i];
    }
    return p;
  }
}
