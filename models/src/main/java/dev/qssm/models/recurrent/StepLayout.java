package dev.qssm.models.recurrent;

import dev.qssm.QssmException;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import dev.qssm.qnn.QuantumProjection.Entangler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One token step of a recurrent quantum memory on {@code qubits} qubits: {@code layers} times,
 * the token's input rotations on every qubit (angles computed classically per token, circuit
 * <em>inputs</em>), then, if {@code weights}, trained {@code rz ry rz} on every qubit (the same for
 * every step), then the entangler. A sequence of T tokens is T steps on the same qubits, starting
 * from |0...0>, so the state carries the history; the circuit stays one task per batch.
 *
 * <p>Binding columns: the weights {@code w<l>_<q>_<j>} first, then the inputs {@code
 * a<t>_<l>_<q>_<k>} in step order, so step t's inputs are columns {@code t*inputsPerStep()} on
 * after the weights.
 */
public record StepLayout(int qubits, int layers, List<Gate> inputRotations, boolean weights, Entangler entangler) {
  public StepLayout {
    Objects.requireNonNull(entangler, "entangler");
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
    return layers * qubits * inputRotations.size();
  }

  /** Trained angles shared by all steps (0 without weights). */
  public int weightCount() {
    return weights ? layers * qubits * 3 : 0;
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
    b.declare(ws);
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
        entangle(b);
      }
    }
    return b.build();
  }

  private void entangle(Circuit.Builder b) {
    int n = qubits;
    if (entangler == Entangler.CNOT_RING) {
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
