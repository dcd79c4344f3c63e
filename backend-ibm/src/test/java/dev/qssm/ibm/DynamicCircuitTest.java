package dev.qssm.ibm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Parameter;
import dev.qssm.qasm.Qasm;
import dev.qssm.simulator.NoisyBackend;
import dev.qssm.transpile.IsaProgram;
import dev.qssm.transpile.PassManager;
import dev.qssm.transpile.Target;
import dev.qssm.transpile.Transpiled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dynamic circuits (mid-circuit measurement, reset, classically conditioned gates, some with a
 * {@code ctrl}/{@code negctrl} modifier too) through the
 * device transpiler: the transpiled circuit validates, and both it and its ISA OpenQASM text
 * (re-parsed) give the original's classical-bit distribution to 1e-9 on the noiseless density
 * matrix simulator.
 */
class DynamicCircuitTest {
  private static NoisyBackend sim;

  @BeforeAll
  static void start() {
    sim = new NoisyBackend(BackendConfig.of("noisy", Map.of("threads", 1, "method", "density")));
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  static Target fez() {
    return Target.fromConfiguration(FakeIbm.fixture("fez-configuration.json"), FakeIbm.fixture("fez-properties.json"));
  }

  static Target brisbane() {
    return Target.fromConfiguration(FakeIbm.fixture("brisbane-configuration.json"));
  }

  @Test
  void randomDynamicCircuitsOnFezAreEquivalent() {
    check(fez(), 21L, 14);
  }

  @Test
  void randomDynamicCircuitsOnBrisbaneAreEquivalent() {
    check(brisbane(), 22L, 8);
  }

  @Test
  void teleportationStyleCorrectionsSurvive() {
    // q0 = RY(1.1)|0>, moved to q2 by measurement and two conditioned corrections
    var c = Circuit.builder(3).classicalRegister("c", 3)
        .ry(1.1, 0).h(1).cx(1, 2).cx(0, 1).h(0)
        .measure(0, 0).measure(1, 1)
        .conditional(1, true, GateOperation.of(Gate.X, List.of(), 2))
        .conditional(0, true, GateOperation.of(Gate.Z, List.of(), 2))
        .measure(2, 2).build();
    var t = PassManager.preset(fez()).run(c);
    var p = distribution(c, new double[] {});
    double p1 = Math.pow(Math.sin(0.55), 2);
    double p1Total = 0;
    for (int k = 0; k < 8; k++) {
      if ((k & 4) != 0) {
        p1Total += p[k];
      }
    }
    assertEquals(p1, p1Total, 1e-12, "the original teleports");
    assertDistributionsMatch(c, t, new double[][] {{}}, "teleportation");
  }

  @Test
  void isaProgramWritesSingleLevelIfBlocksThatReparse() {
    var c = Circuit.builder(2).classicalRegister("c", 2)
        .h(0).measure(0, 0)
        .conditional(0, true, GateOperation.of(Gate.RY, List.of(Angle.constant(0.7)), 1))
        .conditional(0, false, GateOperation.of(Gate.CX, List.of(), 1, 0))
        .measure(1, 1).build();
    var t = PassManager.preset(fez()).run(c);
    String q = IsaProgram.of(t).qasm();
    var block = Pattern.compile("if \\((!?)c\\[0\\]\\) \\{ (rz\\([^)]+\\)|sx|x|cz) \\$\\d+(, \\$\\d+)?; \\}");
    int ifs = 0;
    for (String line : q.split("\n")) {
      if (line.startsWith("if")) {
        assertTrue(block.matcher(line).matches(), "not IBM's single-level if form: " + line + "\n" + q);
        ifs++;
      }
      assertTrue(!line.contains("else") && !line.contains("ctrl"), line);
    }
    assertTrue(ifs >= 2, q);
    assertTrue(q.contains("if (c[0]) {") && q.contains("if (!c[0]) {"), q);
    assertTrue(q.contains("bit[2] c;") && q.contains("c[0] = measure $"), q);
    var parsed = Qasm.parse(FakeIbm.compact(q));
    long conditionals = parsed.instructions().stream().filter(Conditional.class::isInstance).count();
    assertEquals(ifs, conditionals, q);
    assertDistributionsMatch(c, t, new double[][] {{}}, "golden\n" + q);
  }

  @Test
  void aTargetWithoutDynamicCircuitsRefusesConditionals() {
    // like a Nighthawk: measure, but no if_else (and no reset)
    var conf = com.google.gson.JsonParser.parseString(FakeIbm.fixture("fez-configuration.json")).getAsJsonObject();
    conf.add("supported_instructions",
        com.google.gson.JsonParser.parseString("[\"cz\",\"id\",\"delay\",\"measure\",\"rz\",\"sx\",\"x\"]"));
    var t = Target.fromJson(conf, null);
    var c = Circuit.builder(2).classicalRegister("c", 1).h(0).measure(0, 0)
        .conditional(0, true, GateOperation.of(Gate.X, List.of(), 1)).build();
    var e = assertThrows(UnsupportedCircuitException.class, () -> PassManager.preset(t).run(c));
    assertTrue(e.getMessage().contains("classically conditioned") && e.getMessage().contains("if_else"),
        e.getMessage());
  }

  @Test
  void marginalsRenumberMeasurementsAndKeepEachConditionOnItsBit() {
    // bit 0 is measured twice and conditions a gate after each; bit 2 is never measured before its conditionals
    var c = Circuit.builder(3).classicalRegister("c", 3)
        .ry(0.9, 0).measure(0, 0)
        .conditional(0, true, GateOperation.of(Gate.RY, List.of(Angle.constant(1.3)), 1))
        .ry(0.4, 0).measure(0, 0)
        .conditional(0, false, GateOperation.of(Gate.X, List.of(), 2))
        .conditional(2, false, GateOperation.of(Gate.RY, List.of(Angle.constant(0.5)), 0))
        .conditional(2, true, GateOperation.of(Gate.X, List.of(), 0))
        .measure(1, 1).measure(2, 2).measure(0, 0).build();
    var task = Task.builder(c).readout(Readout.marginals()).shots(100).build();
    var pubs = Pub.plan(0, task, fez());
    assertEquals(1, pubs.size());
    var expected = sim.run(List.of(Task.builder(c).readout(Readout.marginals()).build())).get(0).values()[0];
    var bits = distribution(pubs.get(0).measured, new double[] {});
    for (int k = 0; k < expected.length; k++) {
      double p1 = 0;
      for (int x = 0; x < bits.length; x++) {
        if (((x >> k) & 1) == 1) {
          p1 += bits[x];
        }
      }
      assertEquals(expected[k], p1, 1e-12, "marginal of measurement " + k + "\n" + pubs.get(0).measured);
    }
    assertDistributionsMatch(pubs.get(0).measured, PassManager.preset(fez()).run(pubs.get(0).measured),
        new double[][] {{}}, "marginals circuit");
  }

  private void check(Target target, long seed, int count) {
    var rnd = new Random(seed);
    for (int i = 0; i < count; i++) {
      int n = 1 + rnd.nextInt(5);
      var w = Parameter.weight("w");
      var c = randomDynamicCircuit(rnd, n, 5 * n + 6, w);
      var rows = c.parameters().isEmpty() ? new double[][] {{}} : new double[][] {{rnd.nextDouble() * 6 - 3}, {0.4}};
      var t = PassManager.preset(target).run(c);
      assertTrue(t.circuit().instructions().stream().anyMatch(Conditional.class::isInstance)
          || c.instructions().stream().noneMatch(Conditional.class::isInstance), "conditionals kept");
      assertDistributionsMatch(c, t, rows, "circuit " + i + " on " + target.name() + "\n" + c);
    }
  }

  static Circuit randomDynamicCircuit(Random rnd, int n, int ops, Parameter w) {
    int bits = n + 1;
    var b = Circuit.builder(n).classicalRegister("c", bits).declare(w);
    var all = Gate.values();
    for (int k = 0; k < ops; k++) {
      double r = rnd.nextDouble();
      if (r < 0.15) {
        b.measure(rnd.nextInt(n), rnd.nextInt(bits));
        continue;
      }
      if (r < 0.22) {
        b.reset(rnd.nextInt(n));
        continue;
      }
      boolean conditional = r < 0.5;
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
        angles.add(!conditional && rnd.nextDouble() < 0.4 ? Angle.of(w, rnd.nextDouble() * 2 - 1, rnd.nextDouble())
            : Angle.constant(rnd.nextDouble() * 8 - 4));
      }
      var op = GateOperation.of(g, angles, qs.stream().mapToInt(Integer::intValue).toArray());
      if (qs.size() < n && rnd.nextDouble() < 0.3) {
        // a modifier control too, on a qubit the gate does not use
        int ctl = rnd.nextInt(n);
        while (qs.contains(ctl)) {
          ctl = rnd.nextInt(n);
        }
        op = new GateOperation(g, angles, op.qubits(), new int[] {ctl}, new boolean[] {rnd.nextBoolean()});
      }
      if (conditional) {
        b.conditional(rnd.nextInt(bits), rnd.nextBoolean(), op);
      } else {
        b.append(op);
      }
    }
    for (int q = 0; q < n; q++) {
      b.measure(q, q);
    }
    return b.build();
  }

  /** The transpiled circuit, and its ISA text re-parsed, against the original, per binding row. */
  static void assertDistributionsMatch(Circuit c, Transpiled t, double[][] rows, String what) {
    var isa = IsaProgram.of(t);
    var parsed = Qasm.parse(FakeIbm.compact(isa.qasm()));
    for (double[] row : rows) {
      var expected = distribution(c, row);
      var got = distribution(t.circuit(), row);
      var values = isa.values(row);
      var parsedRow = new double[parsed.parameters().size()];
      for (int i = 0; i < parsedRow.length; i++) {
        parsedRow[i] = values[isa.inputNames().indexOf(parsed.parameters().get(i).name())];
      }
      var fromText = distribution(parsed, parsedRow);
      for (int k = 0; k < expected.length; k++) {
        assertEquals(expected[k], got[k], 1e-9, "P(c=" + k + ") differs for " + what + "\ntranspiled:\n" + t.circuit());
        assertEquals(expected[k], fromText[k], 1e-9, "P(c=" + k + ") differs for the ISA text of " + what
            + "\n" + isa.qasm());
      }
    }
  }

  static double[] distribution(Circuit c, double[] row) {
    var task = Task.builder(c).bindings(row).readout(Readout.classicalBits()).build();
    return sim.run(List.of(task)).get(0).values()[0];
  }
}
