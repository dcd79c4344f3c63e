package dev.qssm.transpile;

import static dev.qssm.transpile.TranspilerEquivalenceTest.assertEquivalent;
import static dev.qssm.transpile.TranspilerEquivalenceTest.brisbane;
import static dev.qssm.transpile.TranspilerEquivalenceTest.fez;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code ctrl @}/{@code negctrl @} modifiers (1 to 3 controls, every IR gate as base, parametric
 * angles) through the device transpiler: the output validates and, with the layout undone,
 * matches the original on the ReferenceBackend to 1e-9 for every binding row. A global phase of
 * the base gate shows up here, since under control it is a relative phase.
 */
class ModifierLoweringTest {

  @Test
  void everyGateUnderOneToThreeControlsOnFez() {
    everyGate(fez(), 31L);
  }

  @Test
  void everyGateUnderOneToThreeControlsOnBrisbane() {
    everyGate(brisbane(), 32L);
  }

  @Test
  void randomModifierCircuitsOnFez() {
    random(fez(), 33L, 10);
  }

  @Test
  void randomModifierCircuitsOnBrisbane() {
    random(brisbane(), 34L, 6);
  }

  private static void everyGate(Target target, long seed) {
    var rnd = new Random(seed);
    var w = Parameter.weight("w");
    var x = Parameter.input("x");
    for (Gate g : Gate.values()) {
      for (int k = 1; k <= 3; k++) {
        int n = g.numQubits() + k;
        var b = Circuit.builder(n).declare(w, x);
        for (int q = 0; q < n; q++) {
          b.gate(Gate.U3, List.of(Angle.constant(rnd.nextDouble() * 3), Angle.constant(rnd.nextDouble() * 6),
              Angle.constant(rnd.nextDouble() * 6)), q);
        }
        b.append(randomControlled(rnd, g, n, k, w, x));
        for (int q = 0; q < n; q++) {
          b.h(q);
        }
        var rows = new double[][] {{rnd.nextDouble() * 6 - 3, rnd.nextDouble() * 6 - 3}, {0.0, 1.0}};
        var c = b.build();
        assertEquivalent(target, c, c.parameters().isEmpty() ? new double[][] {{}} : rows, k + " controls on " + g + "\n" + c);
      }
    }
  }

  private static void random(Target target, long seed, int count) {
    var rnd = new Random(seed);
    var all = Gate.values();
    for (int i = 0; i < count; i++) {
      int n = 2 + rnd.nextInt(4);
      var w = Parameter.weight("w");
      var x = Parameter.input("x");
      var b = Circuit.builder(n).declare(w, x);
      for (int q = 0; q < n; q++) {
        b.h(q);
      }
      for (int j = 0; j < n + 2; j++) {
        Gate g = all[rnd.nextInt(all.length)];
        int free = n - g.numQubits();
        if (free < 1) {
          continue;
        }
        b.append(randomControlled(rnd, g, n, 1 + rnd.nextInt(Math.min(3, free)), w, x));
        b.ry(Angle.of(w, 0.5, rnd.nextDouble()), rnd.nextInt(n));
      }
      var c = b.build();
      var rows = new double[][] {{rnd.nextDouble() * 6 - 3, rnd.nextDouble() * 6 - 3}, {0.0, 1.0}};
      assertEquivalent(target, c, c.parameters().isEmpty() ? new double[][] {{}} : rows, "circuit " + i + "\n" + c);
    }
  }

  /** g on random distinct qubits under k modifier controls of random polarity, angles half parametric. */
  static GateOperation randomControlled(Random rnd, Gate g, int n, int k, Parameter w, Parameter x) {
    var qs = new ArrayList<Integer>();
    while (qs.size() < g.numQubits() + k) {
      int q = rnd.nextInt(n);
      if (!qs.contains(q)) {
        qs.add(q);
      }
    }
    var angles = new ArrayList<Angle>();
    for (int a = 0; a < g.numParams(); a++) {
      double r = rnd.nextDouble();
      angles.add(r < 0.35 ? Angle.of(w, rnd.nextDouble() * 2 - 1, rnd.nextDouble())
          : r < 0.6 ? Angle.of(x, rnd.nextDouble() * 2 - 1, 0) : Angle.constant(rnd.nextDouble() * 8 - 4));
    }
    var ctl = new int[k];
    var states = new boolean[k];
    for (int i = 0; i < k; i++) {
      ctl[i] = qs.get(i);
      states[i] = rnd.nextBoolean();
    }
    var targets = qs.subList(k, qs.size()).stream().mapToInt(Integer::intValue).toArray();
    return new GateOperation(g, angles, targets, ctl, states);
  }
}
