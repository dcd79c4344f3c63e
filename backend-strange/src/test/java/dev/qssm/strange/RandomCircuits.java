package dev.qssm.strange;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random circuits over every IR gate: layers of gates on disjoint qubits, random constant or
 * parametrised (affine) angles, random ctrl/negctrl modifiers, an optional amplitude encoding first.
 */
final class RandomCircuits {
  private final Random rnd;

  RandomCircuits(long seed) {
    rnd = new Random(seed);
  }

  record Sample(Circuit circuit, double[][] rows) {}

  Sample next(int n, int layers) {
    var b = Circuit.builder(n);
    var w = Parameter.weight("w");
    var x = Parameter.input("x");
    b.declare(w, x);
    List<Parameter> enc = List.of();
    if (rnd.nextInt(4) == 0) {
      int k = 1 + rnd.nextInt(Math.min(n, 3));
      int[] qs = pick(n, k);
      enc = Parameter.vector("a", 1 + rnd.nextInt(1 << k), ParameterKind.INPUT);
      b.amplitudeEncoding(enc, qs);
    }
    for (int l = 0; l < layers; l++) {
      var free = new ArrayList<Integer>();
      for (int q = 0; q < n; q++) {
        free.add(q);
      }
      java.util.Collections.shuffle(free, rnd);
      while (!free.isEmpty()) {
        Gate g = Gate.values()[rnd.nextInt(Gate.values().length)];
        int mods = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(2) : 0;
        if (g.numQubits() + mods > free.size()) {
          if (free.size() < 1) {
            break;
          }
          g = Gate.values()[Gate.H.ordinal() + rnd.nextInt(Gate.U.ordinal() - Gate.H.ordinal() + 1)];
          mods = 0;
        }
        var qubits = new int[g.numQubits()];
        for (int i = 0; i < qubits.length; i++) {
          qubits[i] = free.remove(free.size() - 1);
        }
        var controls = new int[mods];
        var states = new boolean[mods];
        for (int i = 0; i < mods; i++) {
          controls[i] = free.remove(free.size() - 1);
          states[i] = rnd.nextBoolean();
        }
        var angles = new ArrayList<Angle>();
        for (int i = 0; i < g.numParams(); i++) {
          double off = (rnd.nextDouble() * 2 - 1) * Math.PI * 2;
          switch (rnd.nextInt(3)) {
            case 0: angles.add(Angle.constant(off)); break;
            case 1: angles.add(Angle.of(w, rnd.nextGaussian(), off)); break;
            default: angles.add(Angle.of(x, rnd.nextGaussian(), off)); break;
          }
        }
        b.controlled(controls, states, g, angles, qubits);
        if (rnd.nextInt(3) == 0) {
          break; // leave some qubits idle in this layer
        }
      }
    }
    var c = b.build();
    var rows = new double[2][c.parameters().size()];
    for (var row : rows) {
      for (int i = 0; i < row.length; i++) {
        row[i] = rnd.nextGaussian() * 1.5;
      }
      if (!enc.isEmpty()) {
        row[c.parameterIndex(enc.get(0))] += 0.1; // never the zero vector
      }
    }
    return new Sample(c, rows);
  }

  private int[] pick(int n, int k) {
    var all = new ArrayList<Integer>();
    for (int q = 0; q < n; q++) {
      all.add(q);
    }
    java.util.Collections.shuffle(all, rnd);
    return all.subList(0, k).stream().mapToInt(Integer::intValue).toArray();
  }
}
