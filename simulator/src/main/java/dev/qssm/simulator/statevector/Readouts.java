package dev.qssm.simulator.statevector;

import dev.qssm.circuit.PauliString;

/**
 * Exact reductions of one state ({@link View}) and the adjoint seeds lam = O psi for each readout.
 * Index maps are split at the array/lane boundary into two small tables whose entries OR together,
 * so no per-amplitude bit fiddling happens in the loops. Every loop runs in index order, so results
 * do not depend on threads.
 */
final class Readouts {
  private Readouts() {}

  /** Tables {lane, array} with bin(i) = lane[i & (2^l-1)] | array[i >>> l], bit b of bin = bit qubits[b] of i. */
  static int[][] tables(View v, int[] qubits) {
    int l = v.l();
    var lane = new int[1 << l];
    var arr = new int[1 << (v.n() - l)];
    for (int b = 0; b < qubits.length; b++) {
      int q = qubits[b];
      if (q < 0) {
        continue;
      }
      if (q < l) {
        for (int x = 0; x < lane.length; x++) {
          lane[x] |= ((x >>> q) & 1) << b;
        }
      } else {
        for (int a = 0; a < arr.length; a++) {
          arr[a] |= ((a >>> (q - l)) & 1) << b;
        }
      }
    }
    return new int[][] {lane, arr};
  }

  /** out[bin(i) | orBits] += weight * |psi_i|^2. */
  static void histogram(View v, int[][] t, double weight, int orBits, double[] out) {
    int lanes = v.lanes();
    int off = v.off();
    for (int a = 0; a < v.re().length; a++) {
      double[] re = v.re()[a];
      double[] im = v.im()[a];
      int hi = t[1][a] | orBits;
      for (int x = 0; x < lanes; x++) {
        double r = re[off + x];
        double i = im[off + x];
        out[t[0][x] | hi] += weight * (r * r + i * i);
      }
    }
  }

  /** P(qubit = 1) for each of {@code qubits}. */
  static double[] p1(View v, int[] qubits) {
    int l = v.l();
    int lanes = v.lanes();
    int off = v.off();
    var arrTot = new double[v.re().length];
    var laneTot = new double[lanes];
    for (int a = 0; a < arrTot.length; a++) {
      double[] re = v.re()[a];
      double[] im = v.im()[a];
      double s = 0;
      for (int x = 0; x < lanes; x++) {
        double r = re[off + x];
        double i = im[off + x];
        double p = r * r + i * i;
        laneTot[x] += p;
        s += p;
      }
      arrTot[a] = s;
    }
    var out = new double[qubits.length];
    for (int k = 0; k < qubits.length; k++) {
      int q = qubits[k];
      double s = 0;
      if (q < l) {
        for (int x = 0; x < lanes; x++) {
          if ((x >>> q & 1) != 0) {
            s += laneTot[x];
          }
        }
      } else {
        for (int a = 0; a < arrTot.length; a++) {
          if ((a >>> (q - l) & 1) != 0) {
            s += arrTot[a];
          }
        }
      }
      out[k] = s;
    }
    return out;
  }

  /** Total probability (1 up to rounding). */
  static double norm2(View v) {
    double s = 0;
    int off = v.off();
    for (int a = 0; a < v.re().length; a++) {
      for (int x = 0; x < v.lanes(); x++) {
        double r = v.re()[a][off + x];
        double i = v.im()[a][off + x];
        s += r * r + i * i;
      }
    }
    return s;
  }

  /** The bit masks of a Pauli string: {flip (X|Y), sign (Y|Z), count of Y}. */
  private static int[] pauliMasks(PauliString p) {
    int flip = 0;
    int sign = 0;
    int ys = 0;
    for (int k = 0; k < p.qubits().length; k++) {
      int bit = 1 << p.qubits()[k];
      char op = p.ops().charAt(k);
      if (op != 'Z') {
        flip |= bit;
      }
      if (op != 'X') {
        sign |= bit;
      }
      if (op == 'Y') {
        ys++;
      }
    }
    return new int[] {flip, sign, ys};
  }

  /** <psi|P|psi> with P|i> = i^{#Y} (-1)^{|i & sign|} |i ^ flip>. */
  static double expectation(View v, PauliString p) {
    var m = pauliMasks(p);
    int l = v.l();
    int laneMask = v.lanes() - 1;
    int fLane = m[0] & laneMask;
    int fArr = m[0] >>> l;
    int sLane = m[1] & laneMask;
    int sArr = m[1] >>> l;
    int off = v.off();
    double sr = 0;
    double si = 0;
    for (int a = 0; a < v.re().length; a++) {
      double[] ra = v.re()[a];
      double[] ia = v.im()[a];
      double[] rb = v.re()[a ^ fArr];
      double[] ib = v.im()[a ^ fArr];
      boolean negA = (Integer.bitCount(a & sArr) & 1) != 0;
      for (int x = 0; x < v.lanes(); x++) {
        int y = x ^ fLane;
        // conj(psi_{i^f}) psi_i
        double cr = rb[off + y] * ra[off + x] + ib[off + y] * ia[off + x];
        double ci = rb[off + y] * ia[off + x] - ib[off + y] * ra[off + x];
        if (negA ^ ((Integer.bitCount(x & sLane) & 1) != 0)) {
          sr -= cr;
          si -= ci;
        } else {
          sr += cr;
          si += ci;
        }
      }
    }
    switch (m[2] & 3) {
      case 0:
        return sr;
      case 1:
        return -si;
      case 2:
        return -sr;
      default:
        return si;
    }
  }

  /** lam_i = w[bin(i)] psi_i (seeds for probabilities and classical bits). */
  static void binTimes(View psi, View lam, int[][] t, double[] w) {
    int off = psi.off();
    for (int a = 0; a < psi.re().length; a++) {
      for (int x = 0; x < psi.lanes(); x++) {
        double c = w[t[0][x] | t[1][a]];
        lam.re()[a][off + x] = c * psi.re()[a][off + x];
        lam.im()[a][off + x] = c * psi.im()[a][off + x];
      }
    }
  }

  /** lam_i = (sum of qubitWeight[q] over the set bits q of i) psi_i (seed for marginals). */
  static void bitWeightTimes(View psi, View lam, double[] qubitWeight) {
    int l = psi.l();
    var laneW = new double[psi.lanes()];
    var arrW = new double[psi.re().length];
    for (int q = 0; q < qubitWeight.length; q++) {
      if (qubitWeight[q] == 0) {
        continue;
      }
      if (q < l) {
        for (int x = 0; x < laneW.length; x++) {
          laneW[x] += (x >>> q & 1) * qubitWeight[q];
        }
      } else {
        for (int a = 0; a < arrW.length; a++) {
          arrW[a] += (a >>> (q - l) & 1) * qubitWeight[q];
        }
      }
    }
    int off = psi.off();
    for (int a = 0; a < arrW.length; a++) {
      for (int x = 0; x < laneW.length; x++) {
        double c = arrW[a] + laneW[x];
        lam.re()[a][off + x] = c * psi.re()[a][off + x];
        lam.im()[a][off + x] = c * psi.im()[a][off + x];
      }
    }
  }

  /** lam += c P psi (seed for expectations; lam must start at zero). */
  static void addPauli(View psi, View lam, PauliString p, double c) {
    var m = pauliMasks(p);
    int l = psi.l();
    int laneMask = psi.lanes() - 1;
    int fLane = m[0] & laneMask;
    int fArr = m[0] >>> l;
    int sLane = m[1] & laneMask;
    int sArr = m[1] >>> l;
    int off = psi.off();
    int phase = m[2] & 3;
    for (int a = 0; a < psi.re().length; a++) {
      boolean negA = (Integer.bitCount(a & sArr) & 1) != 0;
      double[] pr = psi.re()[a];
      double[] pi = psi.im()[a];
      double[] lr = lam.re()[a ^ fArr];
      double[] li = lam.im()[a ^ fArr];
      for (int x = 0; x < psi.lanes(); x++) {
        double f = negA ^ ((Integer.bitCount(x & sLane) & 1) != 0) ? -c : c;
        double r = pr[off + x];
        double i = pi[off + x];
        int y = off + (x ^ fLane);
        switch (phase) {
          case 0:
            lr[y] += f * r;
            li[y] += f * i;
            break;
          case 1: // times i
            lr[y] -= f * i;
            li[y] += f * r;
            break;
          case 2:
            lr[y] -= f * r;
            li[y] -= f * i;
            break;
          default: // times -i
            lr[y] += f * i;
            li[y] -= f * r;
            break;
        }
      }
    }
  }
}
