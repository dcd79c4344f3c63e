package dev.qssm.strange;

import dev.qssm.backend.Readout;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.PauliString;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Readout values from a final state, exact or estimated from shots drawn with a seeded RNG
 * (Strange's own sample uses the unseedable Math.random). Measurements are terminal here: the
 * caller has deferred or refused every other kind.
 */
final class Readouts {
  private Readouts() {}

  static double[] exact(Circuit c, Readout r, double[][] state) {
    var p = probabilities(state);
    if (r instanceof Readout.Probabilities pr) {
      return pr.truncate(histogram(p, pr.qubitsOf(c)));
    }
    if (r instanceof Readout.Expectations e) {
      var out = new double[e.observables().size()];
      for (int k = 0; k < out.length; k++) {
        out[k] = expectation(state, e.observables().get(k));
      }
      return out;
    }
    if (r instanceof Readout.Marginals) {
      var ms = c.measurements();
      var out = new double[ms.size()];
      for (int m = 0; m < out.length; m++) {
        out[m] = histogram(p, new int[] {ms.get(m).qubit()})[1];
      }
      return out;
    }
    var out = new double[1 << c.numClbits()];
    var writer = writers(c);
    for (int i = 0; i < p.length; i++) {
      out[clbits(i, writer)] += p[i];
    }
    return out;
  }

  /** {values, standard errors} from {@code shots} samples. */
  static double[][] sampled(Circuit c, Readout r, double[][] state, int shots, SplittableRandom rng) {
    if (r instanceof Readout.Expectations) {
      // a ±1 outcome in the Pauli's eigenbasis is -1 with probability (1 - <P>)/2
      var values = exact(c, r, state);
      var se = new double[values.length];
      for (int k = 0; k < values.length; k++) {
        double pMinus = Math.min(1, Math.max(0, (1 - values[k]) / 2));
        int minus = 0;
        for (int s = 0; s < shots; s++) {
          if (rng.nextDouble() < pMinus) {
            minus++;
          }
        }
        values[k] = (shots - 2.0 * minus) / shots;
        se[k] = Math.sqrt(Math.max(0, 1 - values[k] * values[k]) / shots);
      }
      return new double[][] {values, se};
    }
    int[] counts = sample(probabilities(state), shots, rng);
    double[] values;
    if (r instanceof Readout.Probabilities pr) {
      values = pr.truncate(histogram(counts, pr.qubitsOf(c)));
    } else if (r instanceof Readout.Marginals) {
      List<Measurement> ms = c.measurements();
      values = new double[ms.size()];
      for (int m = 0; m < values.length; m++) {
        values[m] = histogram(counts, new int[] {ms.get(m).qubit()})[1];
      }
    } else {
      values = new double[1 << c.numClbits()];
      var writer = writers(c);
      for (int i = 0; i < counts.length; i++) {
        values[clbits(i, writer)] += counts[i];
      }
    }
    var se = new double[values.length];
    for (int k = 0; k < values.length; k++) {
      if (!(r instanceof Readout.Probabilities) && !(r instanceof Readout.Marginals)) {
        values[k] /= shots;
      }
      se[k] = Math.sqrt(values[k] * (1 - values[k]) / shots);
    }
    return new double[][] {values, se};
  }

  /** |amplitude|², renormalised: float32 rounding leaves the norm a few 1e-7 off. */
  static double[] probabilities(double[][] state) {
    var re = state[0];
    var im = state[1];
    var p = new double[re.length];
    double total = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = re[i] * re[i] + im[i] * im[i];
      total += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= total;
    }
    return p;
  }

  private static double[] histogram(double[] p, int[] qubits) {
    var out = new double[1 << qubits.length];
    for (int i = 0; i < p.length; i++) {
      out[subIndex(i, qubits)] += p[i];
    }
    return out;
  }

  /** Relative frequencies of the sub-indices over {@code qubits}. */
  private static double[] histogram(int[] counts, int[] qubits) {
    var out = new double[1 << qubits.length];
    double shots = Arrays.stream(counts).sum();
    for (int i = 0; i < counts.length; i++) {
      out[subIndex(i, qubits)] += counts[i] / shots;
    }
    return out;
  }

  private static int subIndex(int i, int[] qubits) {
    int j = 0;
    for (int b = 0; b < qubits.length; b++) {
      j |= ((i >> qubits[b]) & 1) << b;
    }
    return j;
  }

  /** The qubit whose (last) measurement writes each clbit, or -1; unwritten clbits read 0. */
  private static int[] writers(Circuit c) {
    var writer = new int[c.numClbits()];
    Arrays.fill(writer, -1);
    for (Measurement m : c.measurements()) {
      writer[m.clbit()] = m.qubit();
    }
    return writer;
  }

  private static int clbits(int basisIndex, int[] writer) {
    int bits = 0;
    for (int cb = 0; cb < writer.length; cb++) {
      if (writer[cb] >= 0 && ((basisIndex >> writer[cb]) & 1) == 1) {
        bits |= 1 << cb;
      }
    }
    return bits;
  }

  /** Shot counts per basis index, by inverse CDF over the cumulative probabilities. */
  static int[] sample(double[] p, int shots, SplittableRandom rng) {
    var cdf = new double[p.length];
    double run = 0;
    for (int i = 0; i < p.length; i++) {
      run += p[i];
      cdf[i] = run;
    }
    var counts = new int[p.length];
    for (int s = 0; s < shots; s++) {
      double u = rng.nextDouble() * run;
      int i = Arrays.binarySearch(cdf, u);
      i = i >= 0 ? i + 1 : -i - 1; // first index with cdf > u
      while (i < p.length - 1 && p[i] == 0) {
        i++; // never land on a zero-probability index through a flat stretch of the CDF
      }
      counts[Math.min(i, p.length - 1)]++;
    }
    return counts;
  }

  /** <ψ|P|ψ> with P|i> = phase(i) |i ^ flip>. */
  private static double expectation(double[][] state, PauliString p) {
    var re = state[0];
    var im = state[1];
    int flip = 0;
    int ys = 0;
    int zmask = 0;
    for (int k = 0; k < p.qubits().length; k++) {
      int q = p.qubits()[k];
      char op = p.ops().charAt(k);
      if (op == 'X' || op == 'Y') {
        flip |= 1 << q;
      }
      if (op == 'Y' || op == 'Z') {
        zmask |= 1 << q;
      }
      if (op == 'Y') {
        ys++;
      }
    }
    // Y = i X Z: P|i> = i^{#Y} (-1)^{popcount(i & zmask)} |i ^ flip>
    double sum = 0;
    double norm = 0;
    for (int i = 0; i < re.length; i++) {
      norm += re[i] * re[i] + im[i] * im[i];
      double sign = (Integer.bitCount(i & zmask) & 1) == 0 ? 1 : -1;
      double pr, pi;
      switch (ys & 3) {
        case 0: pr = sign; pi = 0; break;
        case 1: pr = 0; pi = sign; break;
        case 2: pr = -sign; pi = 0; break;
        default: pr = 0; pi = -sign; break;
      }
      int j = i ^ flip;
      double ar = pr * re[i] - pi * im[i];
      double ai = pr * im[i] + pi * re[i];
      sum += re[j] * ar + im[j] * ai; // conj(ψ_j) · phase · ψ_i, real part
    }
    return sum / norm;
  }
}
