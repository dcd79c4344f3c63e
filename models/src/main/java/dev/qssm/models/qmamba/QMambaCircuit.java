package dev.qssm.models.qmamba;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the QMamba circuit of a whole sequence (paper 002, Fig. 3 with Δ moved onto the control
 * qubit). Qubits: input/output 0..qIn-1, state qIn..qIn+s-1, control qIn+s. Per token t:
 *
 * <ol>
 *   <li>encode: {@code rx(2π/k · x_t_i)} on input qubit i;
 *   <li>Δ: on the control qubit, {@code layersDelta} times: re-upload every digit as rx, then ry rz ry
 *       weights; the control's amplitude is the learned step size;
 *   <li>A over input + state, every gate {@code ctrl @} the control qubit (no re-uploading);
 *   <li>B over input + state, every gate {@code negctrl @} the control qubit, re-uploading the token
 *       before each layer after the first;
 *   <li>C over input + state, re-uploading the token before each layer;
 *   <li>measure the input qubits (mid-circuit), then reset input and control qubits.
 * </ol>
 *
 * Weights are shared by all tokens and declared first (column order: A, B, C, Δ; each layer by
 * qubit, then ry rz ry); then the token inputs {@code x<t>_<i>} (the digits n_i, not the angles).
 */
final class QMambaCircuit {
  private QMambaCircuit() {}

  static List<Parameter> weights(QMambaConfig c) {
    var ws = new ArrayList<Parameter>(c.weightCount());
    addLayers(ws, "a", c.layersA(), c.blockQubits());
    addLayers(ws, "b", c.layersB(), c.blockQubits());
    addLayers(ws, "c", c.layersC(), c.blockQubits());
    addLayers(ws, "d", c.layersDelta(), 1);
    return ws;
  }

  private static void addLayers(List<Parameter> ws, String block, int layers, int qubits) {
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < qubits; q++) {
        for (int j = 0; j < 3; j++) {
          ws.add(Parameter.weight(block + l + "_" + q + "_" + j));
        }
      }
    }
  }

  static Parameter input(int t, int i) {
    return Parameter.input("x" + t + "_" + i);
  }

  static Circuit build(QMambaConfig c, int length) {
    return build(c, length, false);
  }

  /**
   * One token as a step of a {@link dev.qssm.backend.Session}: measures the output and then resets
   * input and control qubits, so the next step starts like token t+1 of {@link #build}.
   */
  static Circuit step(QMambaConfig c) {
    return build(c, 1, true);
  }

  private static Circuit build(QMambaConfig c, int length, boolean resetLast) {
    int qIn = c.qIn();
    int m = c.blockQubits();
    int control = m;
    var b = Circuit.builder(c.numQubits());
    b.classicalRegister("out", length * qIn);
    var ws = weights(c);
    b.declare(ws);
    for (int t = 0; t < length; t++) {
      for (int i = 0; i < qIn; i++) {
        b.declare(input(t, i));
      }
    }
    int offA = 0;
    int offB = offA + c.weightsA();
    int offC = offB + c.weightsB();
    int offD = offC + c.weightsC();
    double unit = 2 * Math.PI / c.k();
    for (int t = 0; t < length; t++) {
      for (int i = 0; i < qIn; i++) {
        b.rx(Angle.of(input(t, i), unit, 0), i);
      }
      for (int l = 0; l < c.layersDelta(); l++) {
        for (int i = 0; i < qIn; i++) {
          b.rx(Angle.of(input(t, i), unit, 0), control);
        }
        rot(b, null, false, ws, offD + 3 * l, control);
      }
      for (int l = 0; l < c.layersA(); l++) {
        layer(b, control, true, ws, offA + 3 * m * l, m);
      }
      for (int l = 0; l < c.layersB(); l++) {
        if (l > 0) {
          for (int i = 0; i < qIn; i++) {
            gate(b, control, false, Gate.RX, List.of(Angle.of(input(t, i), unit, 0)), i);
          }
        }
        layer(b, control, false, ws, offB + 3 * m * l, m);
      }
      for (int l = 0; l < c.layersC(); l++) {
        for (int i = 0; i < qIn; i++) {
          b.rx(Angle.of(input(t, i), unit, 0), i);
        }
        layer(b, null, false, ws, offC + 3 * m * l, m);
      }
      for (int i = 0; i < qIn; i++) {
        b.measure(i, t * qIn + i);
      }
      if (t + 1 < length || resetLast) { // the last step's scratch qubits are not read again
        for (int i = 0; i < qIn; i++) {
          b.reset(i);
        }
        b.reset(control);
      }
    }
    return b.build();
  }

  /** One strongly entangling layer over qubits 0..m-1: ry rz ry each, then a CNOT ring. */
  private static void layer(Circuit.Builder b, Integer control, boolean state, List<Parameter> ws, int off, int m) {
    for (int q = 0; q < m; q++) {
      rot(b, control, state, ws, off + 3 * q, q);
    }
    if (m == 2) {
      cnot(b, control, state, 0, 1);
    } else if (m > 2) {
      for (int q = 0; q < m; q++) {
        cnot(b, control, state, q, (q + 1) % m);
      }
    }
  }

  private static void rot(Circuit.Builder b, Integer control, boolean state, List<Parameter> ws, int off, int q) {
    gate(b, control, state, Gate.RY, List.of(Angle.of(ws.get(off))), q);
    gate(b, control, state, Gate.RZ, List.of(Angle.of(ws.get(off + 1))), q);
    gate(b, control, state, Gate.RY, List.of(Angle.of(ws.get(off + 2))), q);
  }

  private static void cnot(Circuit.Builder b, Integer control, boolean state, int c, int t) {
    if (control == null) {
      b.cx(c, t);
    } else {
      b.controlled(new int[] {control, c}, new boolean[] {state, true}, Gate.X, List.of(), t);
    }
  }

  private static void gate(Circuit.Builder b, Integer control, boolean state, Gate g, List<Angle> angles, int q) {
    if (control == null) {
      b.gate(g, angles, q);
    } else {
      b.controlled(new int[] {control}, new boolean[] {state}, g, angles, q);
    }
  }
}
