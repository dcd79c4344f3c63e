package dev.qssm.simulator.noise;

import dev.qssm.circuit.GateMatrix;
import java.util.ArrayList;

/** Small matrix helpers for channels. */
final class Kraus {
  private Kraus() {}

  /** The two-qubit channel with its qubits exchanged. */
  static Channel swapped(Channel c) {
    var ops = new ArrayList<GateMatrix>();
    for (var k : c.kraus()) {
      var re = new double[16];
      var im = new double[16];
      for (int r = 0; r < 4; r++) {
        for (int col = 0; col < 4; col++) {
          re[swap(r) * 4 + swap(col)] = k.re(r, col);
          im[swap(r) * 4 + swap(col)] = k.im(r, col);
        }
      }
      ops.add(new GateMatrix(4, re, im));
    }
    return new Channel(c.name() + " (swapped)", 2, ops);
  }

  private static int swap(int i) {
    return ((i & 1) << 1) | (i >> 1);
  }
}
