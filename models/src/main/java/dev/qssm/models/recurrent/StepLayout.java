package dev.qssm.models.recurrent;

import dev.qssm.QssmException;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One token step of a recurrent quantum memory on {@code qubits} qubits: {@code layers} times,
 * the token's input rotations on every qubit (angles computed classically per token, circuit
 * <em>inputs</em>), then, if {@code weights}, trained {@code rz ry rz} on every qubit (the same for
 * every step), then the {@code coupling}. A sequence of T tokens is T steps on the same qubits,
 * starting from |0...0>, so the state carries the history; the circuit stays one task per batch.
 *
 * <p>The {@link Coupling#RZZ_RING} angles are weights when the layout has weights, else inputs
 * (QRNN: its network sets every angle). Binding columns: the weights first ({@code w<l>_<q>_<j>},
 * then {@code z<l>_<p>}), then the inputs in step order ({@code a<t>_<l>_<q>_<k>} per layer,
 * followed by that layer's {@code c<t>_<l>_<p>} when the couplings are inputs).
 */
public record StepLayout(int qubits, int layers, List<Gate> inputRotations, boolean weights, Coupling coupling) {

  /** How the qubits of a step are coupled after each layer of rotations. */
  public enum Coupling {
    /** cx(i, i+1 mod n) for every i (one cx for 2 qubits, none for 1): a fixed scrambler. */
    CNOT_RING,
    /** cz on every pair of qubits. */
    ALL_CZ,
    /**
     * rzz(θ) on every ring pair (i, i+1 mod n), θ trained (or set per token): at θ = 0 a step is
     * the bare rotations, so a memory can start near "add the token's angles" and learn to entangle.
     */
    RZZ_RING;

    /** {@code ring}, {@code cz} or {@code rzz}. */
    public static Coupling parse(String s) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "ring":
          return CNOT_RING;
        case "cz":
          return ALL_CZ;
        case "rzz":
          return RZZ_RING;
        default:
          throw new QssmException("coupling '" + s.trim() + "' is not one of ring (CNOT ring), cz (all-to-all CZ),"
              + " rzz (trainable ZZ ring)");
      }
    }
  }

  public StepLayout {
    Objects.requireNonNull(coupling, "coupling");
    inputRotations = List.copyOf(inputRotations);
    if (qubits < 1 || qubits > 24) {
      throw new QssmException("a recurrent quantum memory needs 1..24 qubits, got " + qubits);
    }
    if (layers < 1) {
      throw new QssmException("a step needs at least 1 layer, got " + layers);
    }
    if (inputRotations.isEmpty()) {
      throw new QssmException("a step needs at least one input rotation (rx, ry or rz) to see the token");
    }
    for (var g : inputRotations) {
      if (g != Gate.RX && g != Gate.RY && g != Gate.RZ) {
        throw new QssmException("input rotations must be rx, ry or rz, got " + g);
      }
    }
  }

  /** Parses {@code "ry,rz"}-style lists. */
  public static List<Gate> rotations(String list) {
    var out = new ArrayList<Gate>();
    for (var s : list.split(",")) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "rx":
          out.add(Gate.RX);
          break;
        case "ry":
          out.add(Gate.RY);
          break;
        case "rz":
          out.add(Gate.RZ);
          break;
        default:
          throw new QssmException("input rotation '" + s.trim() + "' is not one of rx, ry, rz");
      }
    }
    return out;
  }

  /** The inverse of {@link #rotations}. */
  public String rotationNames() {
    var parts = new ArrayList<String>();
    inputRotations.forEach(g -> parts.add(g.name().toLowerCase(Locale.ROOT)));
    return String.join(",", parts);
  }

  /** Classical angles each token provides. */
  public int inputsPerStep() {
    return layers * (qubits * inputRotations.size() + (weights ? 0 : couplingAngles()));
  }

  /** Trained angles shared by all steps (0 without weights). */
  public int weightCount() {
    return weights ? layers * (qubits * 3 + couplingAngles()) : 0;
  }

  /** Angles of one layer's coupling: one per ring pair for {@link Coupling#RZZ_RING}, else 0. */
  int couplingAngles() {
    return coupling != Coupling.RZZ_RING ? 0 : ringPairs().size();
  }

  private List<int[]> ringPairs() {
    var out = new ArrayList<int[]>();
    if (qubits == 2) {
      out.add(new int[] {0, 1});
    } else if (qubits > 2) {
      for (int q = 0; q < qubits; q++) {
        out.add(new int[] {q, (q + 1) % qubits});
      }
    }
    return out;
  }

  /** The circuit of {@code steps} consecutive tokens from |0...0>. */
  public Circuit circuit(int steps) {
    if (steps < 1) {
      throw new QssmException("a sequence circuit needs at least 1 step, got " + steps);
    }
    var b = Circuit.builder(qubits);
    var ws = new ArrayList<Parameter>();
    if (weights) {
      for (int l = 0; l < layers; l++) {
        for (int q = 0; q < qubits; q++) {
          for (int j = 0; j < 3; j++) {
            ws.add(Parameter.weight("w" + l + "_" + q + "_" + j));
          }
        }
      }
    }
    var zs = new ArrayList<Parameter>();
    if (weights) {
      for (int l = 0; l < layers; l++) {
        for (int p = 0; p < couplingAngles(); p++) {
          zs.add(Parameter.weight("z" + l + "_" + p));
        }
      }
    }
    b.declare(ws);
    b.declare(zs);
    int pairs = couplingAngles();
    for (int t = 0; t < steps; t++) {
      for (int l = 0; l < layers; l++) {
        for (int q = 0; q < qubits; q++) {
          for (int k = 0; k < inputRotations.size(); k++) {
            var a = Parameter.input("a" + t + "_" + l + "_" + q + "_" + k);
            b.gate(inputRotations.get(k), List.of(Angle.of(a)), q);
          }
        }
        if (weights) {
          for (int q = 0; q < qubits; q++) {
            int w = (l * qubits + q) * 3;
            b.rz(ws.get(w), q);
            b.ry(ws.get(w + 1), q);
            b.rz(ws.get(w + 2), q);
          }
        }
        var angles = new ArrayList<Parameter>();
        for (int p = 0; p < pairs; p++) {
          angles.add(weights ? zs.get(l * pairs + p) : Parameter.input("c" + t + "_" + l + "_" + p));
        }
        couple(b, angles);
      }
    }
    return b.build();
  }

  private void couple(Circuit.Builder b, List<Parameter> angles) {
    int n = qubits;
    if (coupling == Coupling.RZZ_RING) {
      var pairs = ringPairs();
      for (int p = 0; p < pairs.size(); p++) {
        b.gate(Gate.RZZ, List.of(Angle.of(angles.get(p))), pairs.get(p)[0], pairs.get(p)[1]);
      }
    } else if (coupling == Coupling.CNOT_RING) {
      if (n == 2) {
        b.cx(0, 1);
      } else if (n > 2) {
        for (int q = 0; q < n; q++) {
          b.cx(q, (q + 1) % n);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          b.cz(i, j);
        }
      }
    }
  }
}
