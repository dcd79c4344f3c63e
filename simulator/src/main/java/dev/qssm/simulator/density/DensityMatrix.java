package dev.qssm.simulator.density;

import dev.qssm.circuit.GateMatrix;
import dev.qssm.circuit.PauliString;

/**
 * An (unnormalised) n-qubit density matrix stored as a complex vector of 4^n entries: entry
 * (row, col) at index {@code col + (row << n)}. Qubit q is bit q of row and column.
 */
public final class DensityMatrix {
  final int n;
  final double[] re;
  final double[] im;

  DensityMatrix(int n, double[] re, double[] im) {
    this.n = n;
    this.re = re;
    this.im = im;
  }

  /** |0...0><0...0| on n qubits. */
  public static DensityMatrix zero(int n) {
    var m = new DensityMatrix(n, new double[1 << (2 * n)], new double[1 << (2 * n)]);
    m.re[0] = 1;
    return m;
  }

  public int numQubits() {
    return n;
  }

  /** Entry (row, col) as {re, im}. */
  public double[] get(int row, int col) {
    int i = col + (row << n);
    return new double[] {re[i], im[i]};
  }

  DensityMatrix copy() {
    return new DensityMatrix(n, re.clone(), im.clone());
  }

  /** U rho U† for U = m on targets where every control bit equals its value. */
  void unitary(GateMatrix m, int[] targets, int ctrlMask, int ctrlVal) {
    var rows = new int[targets.length];
    for (int j = 0; j < targets.length; j++) {
      rows[j] = targets[j] + n;
    }
    Apply.matrix(re, im, m.re(), m.im(), rows, ctrlMask << n, ctrlVal << n);
    var conj = m.im().clone();
    for (int i = 0; i < conj.length; i++) {
      conj[i] = -conj[i];
    }
    Apply.matrix(re, im, m.re(), conj, targets, ctrlMask, ctrlVal);
  }

  /** Applies a channel given as its superoperator on positions {qubits..., qubits+n...}. */
  void superoperator(Superop s, int[] qubits) {
    int k = qubits.length;
    var pos = new int[2 * k];
    for (int j = 0; j < k; j++) {
      pos[j] = qubits[j];
      pos[k + j] = qubits[j] + n;
    }
    Apply.matrix(re, im, s.re, s.im, pos, 0, 0);
  }

  double trace() {
    double t = 0;
    int d = 1 << n;
    for (int i = 0; i < d; i++) {
      t += re[i + (i << n)];
    }
    return t;
  }

  /** Sum of diagonal entries whose index has bit q set. */
  double p1(int q) {
    double t = 0;
    int d = 1 << n;
    for (int i = 0; i < d; i++) {
      if ((i >> q & 1) != 0) {
        t += re[i + (i << n)];
      }
    }
    return t;
  }

  public double[] diagonal() {
    int d = 1 << n;
    var out = new double[d];
    for (int i = 0; i < d; i++) {
      out[i] = re[i + (i << n)];
    }
    return out;
  }

  /** Zeroes every entry whose row and column differ in bit q (a non-selective measurement). */
  void dephase(int q) {
    for (int i = 0; i < re.length; i++) {
      if ((i >> q & 1) != (i >> (q + n) & 1)) {
        re[i] = 0;
        im[i] = 0;
      }
    }
  }

  /** P_b rho P_b for outcome b of qubit q, as a new matrix. */
  DensityMatrix project(int q, int b) {
    var out = new DensityMatrix(n, new double[re.length], new double[re.length]);
    for (int i = 0; i < re.length; i++) {
      if ((i >> q & 1) == b && (i >> (q + n) & 1) == b) {
        out.re[i] = re[i];
        out.im[i] = im[i];
      }
    }
    return out;
  }

  /** Resets qubit q to |0>: Kraus |0><0| and |0><1|. */
  void reset(int q) {
    int cb = 1 << q;
    int rb = 1 << (q + n);
    for (int i = 0; i < re.length; i++) {
      if ((i & cb) == 0 && (i & rb) == 0) {
        re[i] += re[i | cb | rb];
        im[i] += im[i | cb | rb];
      }
    }
    for (int i = 0; i < re.length; i++) {
      if ((i & cb) != 0 || (i & rb) != 0) {
        re[i] = 0;
        im[i] = 0;
      }
    }
  }

  /** Replaces |0..0> on {@code qubits} (untouched so far) by the real unit vector {@code amps}. */
  void encode(int[] qubits, double[] amps) {
    int k = qubits.length;
    int mask = 0;
    for (int q : qubits) {
      mask |= 1 << q;
    }
    var offs = new int[1 << k];
    for (int a = 0; a < offs.length; a++) {
      for (int j = 0; j < k; j++) {
        if ((a >> j & 1) != 0) {
          offs[a] |= 1 << qubits[j];
        }
      }
    }
    var nre = new double[re.length];
    var nim = new double[re.length];
    int d = 1 << n;
    for (int r = 0; r < d; r++) {
      if ((r & mask) != 0) {
        continue;
      }
      for (int c = 0; c < d; c++) {
        if ((c & mask) != 0) {
          continue;
        }
        double vr = re[c + (r << n)];
        double vi = im[c + (r << n)];
        if (vr == 0 && vi == 0) {
          continue;
        }
        for (int a = 0; a < offs.length; a++) {
          if (amps[a] == 0) {
            continue;
          }
          for (int b = 0; b < offs.length; b++) {
            double w = amps[a] * amps[b];
            int idx = (c | offs[b]) + ((r | offs[a]) << n);
            nre[idx] += w * vr;
            nim[idx] += w * vi;
          }
        }
      }
    }
    System.arraycopy(nre, 0, re, 0, re.length);
    System.arraycopy(nim, 0, im, 0, im.length);
  }

  void add(DensityMatrix o, double w) {
    for (int i = 0; i < re.length; i++) {
      re[i] += w * o.re[i];
      im[i] += w * o.im[i];
    }
  }

  /** tr(P rho) for a Pauli string P. */
  public double expectation(PauliString p) {
    int x = 0;
    int zy = 0;
    int ny = 0;
    for (int j = 0; j < p.qubits().length; j++) {
      int bit = 1 << p.qubits()[j];
      char c = p.ops().charAt(j);
      if (c == 'X' || c == 'Y') {
        x |= bit;
      }
      if (c == 'Y' || c == 'Z') {
        zy |= bit;
      }
      if (c == 'Y') {
        ny++;
      }
    }
    // P|c> = i^ny (-1)^{|c & zy|} |c ^ x>, so tr(P rho) = sum_c phase(c) rho[c, c ^ x]
    double sr = 0;
    double si = 0;
    int d = 1 << n;
    for (int c = 0; c < d; c++) {
      int idx = (c ^ x) + (c << n);
      double s = (Integer.bitCount(c & zy) & 1) == 0 ? 1 : -1;
      sr += s * re[idx];
      si += s * im[idx];
    }
    switch (ny & 3) {
      case 0: return sr;
      case 1: return -si; // i * (sr + i si)
      case 2: return -sr;
      default: return si;
    }
  }
}
