package dev.qssm.simulator.statevector;

import dev.qssm.backend.Readout;
import dev.qssm.simulator.sampling.Sampling;
import java.util.List;
import java.util.SplittableRandom;

/** Readout values of one row from its branches, exact or sampled with shots. */
final class Outcomes {
  private Outcomes() {}

  static double[] exact(Program p, Readout r, List<Branch> bs) {
    var c = p.circuit;
    if (r instanceof Readout.Probabilities pr) {
      var qs = pr.qubitsOf(c);
      var out = new double[1 << qs.length];
      var t = Readouts.tables(bs.get(0).view(), qs);
      for (var b : bs) {
        Readouts.histogram(b.view(), t, b.weight(), 0, out);
      }
      return pr.truncate(out);
    }
    if (r instanceof Readout.Expectations e) {
      var out = new double[e.observables().size()];
      for (var b : bs) {
        for (int k = 0; k < out.length; k++) {
          out[k] += b.weight() * Readouts.expectation(b.view(), e.observables().get(k));
        }
      }
      return out;
    }
    if (r instanceof Readout.Marginals) {
      var out = new double[p.measQubit.length];
      for (var b : bs) {
        var p1 = Readouts.p1(b.view(), p.measQubit);
        for (int m = 0; m < out.length; m++) {
          out[m] += b.weight() * (p.measBranched[m] ? (b.outcomes()[m] ? 1 : 0) : p1[m]);
        }
      }
      return out;
    }
    var out = new double[1 << c.numClbits()];
    var t = Readouts.tables(bs.get(0).view(), terminalQubitPerClbit(p));
    for (var b : bs) {
      Readouts.histogram(b.view(), t, b.weight(), fixedBits(p, b), out);
    }
    return out;
  }

  /** {values, standard errors} estimated from {@code shots} samples. */
  static double[][] sampled(Program p, Readout r, List<Branch> bs, int shots, SplittableRandom rng) {
    var c = p.circuit;
    if (r instanceof Readout.Expectations) {
      // a ±1 outcome in the Pauli's eigenbasis is -1 with probability (1 - <P>)/2
      var exact = exact(p, r, bs);
      var se = new double[exact.length];
      for (int k = 0; k < exact.length; k++) {
        double pMinus = Math.min(1, Math.max(0, (1 - exact[k]) / 2));
        int minus = Sampling.binomial(shots, pMinus, rng);
        double mean = (shots - 2.0 * minus) / shots;
        exact[k] = mean;
        se[k] = Math.sqrt(Math.max(0, 1 - mean * mean) / shots);
      }
      return new double[][] {exact, se};
    }
    var weights = new double[bs.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = bs.get(i).weight();
    }
    var perBranch = Sampling.multinomial(weights, shots, rng);
    double[] counts;
    if (r instanceof Readout.Probabilities pr) {
      var qs = pr.qubitsOf(c);
      counts = new double[1 << qs.length];
      var t = Readouts.tables(bs.get(0).view(), qs);
      for (int i = 0; i < bs.size(); i++) {
        var v = bs.get(i).view();
        var out = counts;
        Sampler.sample(v, perBranch[i], rng, (index, k) -> out[bin(v, t, index)] += k);
      }
      counts = pr.truncate(counts);
    } else if (r instanceof Readout.Marginals) {
      counts = new double[p.measQubit.length];
      for (int i = 0; i < bs.size(); i++) {
        var b = bs.get(i);
        var out = counts;
        for (int m = 0; m < out.length; m++) {
          if (p.measBranched[m] && b.outcomes()[m]) {
            out[m] += perBranch[i];
          }
        }
        Sampler.sample(b.view(), perBranch[i], rng, (index, k) -> {
          for (int m = 0; m < out.length; m++) {
            if (!p.measBranched[m] && (index >>> p.measQubit[m] & 1) != 0) {
              out[m] += k;
            }
          }
        });
      }
    } else {
      counts = new double[1 << c.numClbits()];
      var t = Readouts.tables(bs.get(0).view(), terminalQubitPerClbit(p));
      for (int i = 0; i < bs.size(); i++) {
        var b = bs.get(i);
        var v = b.view();
        int fixed = fixedBits(p, b);
        var out = counts;
        Sampler.sample(v, perBranch[i], rng, (index, k) -> out[bin(v, t, index) | fixed] += k);
      }
    }
    var se = new double[counts.length];
    for (int k = 0; k < counts.length; k++) {
      double q = counts[k] / shots;
      counts[k] = q;
      se[k] = Math.sqrt(q * (1 - q) / shots);
    }
    return new double[][] {counts, se};
  }

  private static int bin(View v, int[][] t, int index) {
    return t[0][index & (v.lanes() - 1)] | t[1][index >>> v.l()];
  }

  /** For each clbit, the qubit its last (terminal) measurement reads, or -1. */
  static int[] terminalQubitPerClbit(Program p) {
    var q = new int[p.clbitWriter.length];
    for (int c = 0; c < q.length; c++) {
      int m = p.clbitWriter[c];
      q[c] = m >= 0 && !p.measBranched[m] ? p.measQubit[m] : -1;
    }
    return q;
  }

  /** The clbits fixed by a branch's mid-circuit outcomes. */
  static int fixedBits(Program p, Branch b) {
    int bits = 0;
    for (int c = 0; c < p.clbitWriter.length; c++) {
      int m = p.clbitWriter[c];
      if (m >= 0 && p.measBranched[m] && b.outcomes()[m]) {
        bits |= 1 << c;
      }
    }
    return bits;
  }
}
