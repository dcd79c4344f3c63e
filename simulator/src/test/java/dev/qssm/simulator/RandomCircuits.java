package dev.qssm.simulator;

import dev.qssm.backend.Readout;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.circuit.PauliString;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random circuits over every IR gate, with modifiers, parameters and optional amplitude encoding. */
final class RandomCircuits {
  private final Random rnd;

  RandomCircuits(long seed) {
    rnd = new Random(seed);
  }

  Random random() {
    return rnd;
  }

  /** A circuit on {@code n} qubits with {@code gates} gates; encoding on a random prefix of qubits if asked. */
  Circuit circuit(int n, int gates, boolean encode, boolean measure) {
    var b = Circuit.builder(n);
    var weights = Parameter.vector("w", 4, ParameterKind.WEIGHT);
    var inputs = Parameter.vector("x", 3, ParameterKind.INPUT);
    if (encode) {
      int k = 1 + rnd.nextInt(n);
      var qs = shuffledQubits(n);
      int[] enc = java.util.Arrays.copyOf(qs, k);
      int values = 1 + rnd.nextInt(1 << k);
      b.amplitudeEncoding(Parameter.vector("a", values, ParameterKind.INPUT), enc);
    }
    var all = Gate.values();
    for (int g = 0; g < gates; g++) {
      Gate gate;
      do {
        gate = all[rnd.nextInt(all.length)];
      } while (gate.numQubits() > n);
      var qs = shuffledQubits(n);
      int extra = n - gate.numQubits() > 0 && rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(Math.min(2, n - gate.numQubits())) : 0;
      var angles = new ArrayList<Angle>();
      for (int a = 0; a < gate.numParams(); a++) {
        angles.add(angle(weights, inputs));
      }
      int[] own = java.util.Arrays.copyOfRange(qs, 0, gate.numQubits());
      if (extra == 0) {
        b.gate(gate, angles, own);
      } else {
        int[] ctrls = java.util.Arrays.copyOfRange(qs, gate.numQubits(), gate.numQubits() + extra);
        var states = new boolean[extra];
        for (int i = 0; i < extra; i++) {
          states[i] = rnd.nextBoolean();
        }
        b.controlled(ctrls, states, gate, angles, own);
      }
    }
    if (measure) {
      b.classicalRegister("c", n);
      var qs = shuffledQubits(n);
      int m = 1 + rnd.nextInt(n);
      for (int i = 0; i < m; i++) {
        b.measure(qs[i], rnd.nextInt(n));
      }
    }
    return b.build();
  }

  private Angle angle(List<Parameter> weights, List<Parameter> inputs) {
    switch (rnd.nextInt(3)) {
      case 0:
        return Angle.constant(rnd.nextDouble() * 4 * Math.PI - 2 * Math.PI);
      case 1:
        return Angle.of(weights.get(rnd.nextInt(weights.size())), rnd.nextDouble() * 2 - 1, rnd.nextDouble());
      default:
        return Angle.of(inputs.get(rnd.nextInt(inputs.size())), rnd.nextDouble() * 3, rnd.nextDouble() - 0.5);
    }
  }

  int[] shuffledQubits(int n) {
    return shuffled(rnd, n);
  }

  /** 0..n-1 in a random order (Fisher-Yates). */
  static int[] shuffled(Random rnd, int n) {
    var qs = new int[n];
    for (int i = 0; i < n; i++) {
      qs[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = qs[i];
      qs[i] = qs[j];
      qs[j] = t;
    }
    return qs;
  }

  /** Binding rows with values in [-2, 2] (non-zero vectors for encodings, almost surely). */
  double[][] bindings(Circuit c, int rows) {
    var out = new double[rows][c.parameters().size()];
    for (var r : out) {
      for (int i = 0; i < r.length; i++) {
        r[i] = rnd.nextDouble() * 4 - 2;
      }
    }
    return out;
  }

  /** Every readout that fits the circuit. */
  List<Readout> readouts(Circuit c) {
    int n = c.numQubits();
    var list = new ArrayList<Readout>();
    list.add(Readout.probabilities());
    var qs = shuffledQubits(n);
    list.add(Readout.probabilities(java.util.Arrays.copyOf(qs, 1 + rnd.nextInt(n))));
    var obs = new ArrayList<PauliString>();
    for (int k = 0; k < 3; k++) {
      var label = new StringBuilder();
      for (int q = 0; q < n; q++) {
        label.append("IXYZ".charAt(rnd.nextInt(4)));
      }
      obs.add(PauliString.parse(label.toString()));
    }
    obs.add(PauliString.z(rnd.nextInt(n)));
    list.add(Readout.expectations(obs));
    if (!c.measurements().isEmpty()) {
      list.add(Readout.marginals());
      list.add(Readout.classicalBits());
    }
    return list;
  }
}
