package dev.qssm.models.qmamba;

import dev.qssm.QssmException;

/**
 * QMamba's sizes. Qubits: {@code qIn} input/output qubits, {@code stateQubits} carried from token to
 * token, and one control qubit (the paper's efficient k + s + 1 layout). A, B and C are strongly
 * entangling layers over input + state qubits; Δ is a re-uploading circuit on the control qubit.
 *
 * @param k rotation levels per qubit (tokens: up to k^qIn)
 * @param remap quantum weight re-mapping: angles are {@code π·tanh(w)}
 */
public record QMambaConfig(
    int k, int qIn, int stateQubits, int layersA, int layersB, int layersC, int layersDelta, boolean remap) {

  public QMambaConfig {
    if (k < 2) {
      throw new QssmException("k must be >= 2, got " + k);
    }
    if (qIn < 1 || stateQubits < 0) {
      throw new QssmException("QMamba needs q_in >= 1 and state qubits >= 0, got " + qIn + " and " + stateQubits);
    }
    if (layersA < 1 || layersB < 1 || layersC < 1 || layersDelta < 1) {
      throw new QssmException("every sub-circuit needs >= 1 layer, got A=" + layersA + " B=" + layersB + " C="
          + layersC + " Δ=" + layersDelta);
    }
  }

  /**
   * Layers for about {@code budget} weights split 2:1:1:1 over A, B, C, Δ (the paper's ratio; the
   * paper used about 1000 weights).
   */
  public static QMambaConfig ofBudget(int k, int qIn, int stateQubits, int budget, boolean remap) {
    int m = qIn + stateQubits;
    double unit = budget / 5.0;
    int lb = Math.max(1, (int) Math.round(unit / (3.0 * m)));
    int la = Math.max(1, (int) Math.round(2 * unit / (3.0 * m)));
    int ld = Math.max(1, (int) Math.round(unit / 3.0));
    return new QMambaConfig(k, qIn, stateQubits, la, lb, lb, ld, remap);
  }

  public int numQubits() {
    return qIn + stateQubits + 1;
  }

  /** Qubits A, B and C act on: input + state. */
  public int blockQubits() {
    return qIn + stateQubits;
  }

  public int weightsA() {
    return layersA * 3 * blockQubits();
  }

  public int weightsB() {
    return layersB * 3 * blockQubits();
  }

  public int weightsC() {
    return layersC * 3 * blockQubits();
  }

  public int weightsDelta() {
    return layersDelta * 3;
  }

  public int weightCount() {
    return weightsA() + weightsB() + weightsC() + weightsDelta();
  }
}
