package dev.qssm.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import dev.qssm.testkit.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Simulation helpers and a random circuit generator for the OpenQASM tests. */
final class QasmTesting {
  private QasmTesting() {}

  static double[] probabilities(Circuit c, double... binding) {
    var task = Task.builder(c).bindings(binding).readout(Readout.probabilities()).build();
    return new ReferenceBackend().run(List.of(task)).get(0).values()[0];
  }

  /** The classical-bit distribution, or an empty array when nothing is measured. */
  static double[] classicalBits(Circuit c, double... binding) {
    if (c.measurements().isEmpty()) {
      return new double[0];
    }
    var task = Task.builder(c).bindings(binding).readout(Readout.classicalBits()).build();
    return new ReferenceBackend().run(List.of(task)).get(0).values()[0];
  }

  /** The final state {re, im}; global phase included. */
  static double[][] state(Circuit c, double... binding) {
    return ReferenceBackend.simulate(c, binding);
  }

  static void assertClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, what + ": entry " + i);
    }
  }

  static void assertSameState(double[][] expected, double[][] actual, double tol, String what) {
    assertClose(expected[0], actual[0], tol, what + " (re)");
    assertClose(expected[1], actual[1], tol, what + " (im)");
  }

  /** Options for {@link #randomCircuit}. */
  record Shape(boolean parameters, boolean modifiers, boolean nonUnitary) {}

  /**
   * 1–6 qubits, every IR gate, optional ctrl/negctrl modifiers, constant and affine parameter
   * angles (both kinds, awkward names), barriers, terminal measurements; with nonUnitary also
   * resets and mid-circuit measurements.
   */
  static Circuit randomCircuit(Random rnd, Shape shape) {
    int n = 1 + rnd.nextInt(6);
    var b = Circuit.builder(n);
    b.classicalRegister("c", n);
    if (rnd.nextBoolean()) {
      b.classicalRegister("flags", 1 + rnd.nextInt(3));
    }
    int clbits = b.build().numClbits();
    var params = new ArrayList<Parameter>();
    if (shape.parameters()) {
      String[] names = {"theta", "w[0]", "w[1]", "x[3]", "x_3", "h", "q", "pi", "_a", "meas", "phi"};
      for (String name : names) {
        if (rnd.nextInt(3) == 0) {
          params.add(rnd.nextBoolean() ? Parameter.weight(name) : Parameter.input(name));
        }
      }
      // declare some up front; the rest take their place by first use
      b.declare(params.subList(0, rnd.nextInt(params.size() + 1)));
    }
    var gates = Gate.values();
    int ops = 3 + rnd.nextInt(20);
    for (int k = 0; k < ops; k++) {
      int choice = rnd.nextInt(20);
      if (choice == 0) {
        b.barrier(randomQubits(rnd, n, 1 + rnd.nextInt(n)));
        continue;
      }
      if (shape.nonUnitary() && choice == 1) {
        b.reset(rnd.nextInt(n));
        continue;
      }
      if (shape.nonUnitary() && choice == 2) {
        b.measure(rnd.nextInt(n), rnd.nextInt(clbits));
        continue;
      }
      Gate g = gates[rnd.nextInt(gates.length)];
      if (g.numQubits() > n) {
        continue;
      }
      int free = n - g.numQubits();
      int nc = shape.modifiers() && rnd.nextBoolean() ? rnd.nextInt(Math.min(2, free) + 1) : 0;
      int[] qs = randomQubits(rnd, n, g.numQubits() + nc);
      var controls = java.util.Arrays.copyOfRange(qs, 0, nc);
      var targets = java.util.Arrays.copyOfRange(qs, nc, qs.length);
      var states = new boolean[nc];
      for (int i = 0; i < nc; i++) {
        states[i] = rnd.nextBoolean();
      }
      var angles = new ArrayList<Angle>();
      for (int i = 0; i < g.numParams(); i++) {
        angles.add(randomAngle(rnd, params));
      }
      b.controlled(controls, states, g, angles, targets);
    }
    // terminal measurements into distinct clbits
    for (int q : randomQubits(rnd, n, rnd.nextInt(n + 1))) {
      b.measure(q, q);
    }
    return b.build();
  }

  private static Angle randomAngle(Random rnd, List<Parameter> params) {
    if (params.isEmpty() || rnd.nextInt(3) == 0) {
      return Angle.constant(rnd.nextInt(4) == 0 ? rnd.nextInt(7) - 3 : (rnd.nextDouble() - 0.5) * 10);
    }
    Parameter p = params.get(rnd.nextInt(params.size()));
    switch (rnd.nextInt(4)) {
      case 0:
        return Angle.of(p);
      case 1:
        return Angle.of(p, rnd.nextInt(5) - 2, 0);
      default:
        return Angle.of(p, (rnd.nextDouble() - 0.5) * 6, (rnd.nextDouble() - 0.5) * 6);
    }
  }

  private static int[] randomQubits(Random rnd, int n, int k) {
    var all = new ArrayList<Integer>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    java.util.Collections.shuffle(all, rnd);
    return all.subList(0, k).stream().mapToInt(Integer::intValue).toArray();
  }

  static double[] randomBinding(Random rnd, Circuit c) {
    var row = new double[c.parameters().size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = (rnd.nextDouble() - 0.5) * 6;
    }
    return row;
  }
}
