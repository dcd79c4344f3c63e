package dev.qssm.ibm;

import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;

/** Readout values and their standard errors from the shots of one binding row. */
final class Estimates {
  private Estimates() {}

  static void fill(Pub p, Task task, long[] shots, double[] values, double[] errors) {
    int n = shots.length;
    if (n == 0) {
      throw new IbmException("IBM returned no shots for a PUB", 0, null, null);
    }
    switch (p.kind) {
      case PROBABILITIES: {
        int k = ((Readout.Probabilities) task.readout()).qubitsOf(task.circuit()).length;
        var counts = new double[1 << k];
        for (long s : shots) {
          counts[(int) ((s >>> p.outOffset) & ((1L << k) - 1))]++;
        }
        proportions(counts, n, values, errors);
        return;
      }
      case CLASSICAL_BITS: {
        var counts = new double[values.length];
        for (long s : shots) {
          counts[(int) (s & (values.length - 1))]++;
        }
        proportions(counts, n, values, errors);
        return;
      }
      case MARGINALS: {
        for (int m = 0; m < values.length; m++) {
          double ones = 0;
          for (long s : shots) {
            ones += (s >>> m) & 1;
          }
          double prob = ones / n;
          values[m] = prob;
          errors[m] = Math.sqrt(prob * (1 - prob) / n);
        }
        return;
      }
      case EXPECTATIONS: {
        var e = (Readout.Expectations) task.readout();
        // measured bit j of OUT = the j-th distinct qubit of this group's basis, in first-seen order
        var order = new java.util.ArrayList<Integer>();
        for (int k : p.observables) {
          for (int q : e.observables().get(k).qubits()) {
            if (!order.contains(q)) {
              order.add(q);
            }
          }
        }
        for (int k : p.observables) {
          var ps = e.observables().get(k);
          long mask = 0;
          for (int q : ps.qubits()) {
            mask |= 1L << (p.outOffset + order.indexOf(q));
          }
          double sum = 0;
          for (long s : shots) {
            sum += Long.bitCount(s & mask) % 2 == 0 ? 1 : -1;
          }
          double m = sum / n;
          values[k] = m;
          errors[k] = Math.sqrt(Math.max(0, 1 - m * m) / n);
        }
        return;
      }
      default:
        throw new AssertionError(p.kind);
    }
  }

  /** Fills {@code values.length} bins: fewer than the counts for probabilities limited to the first basis states. */
  private static void proportions(double[] counts, int n, double[] values, double[] errors) {
    for (int i = 0; i < values.length; i++) {
      double prob = counts[i] / n;
      values[i] = prob;
      errors[i] = Math.sqrt(prob * (1 - prob) / n);
    }
  }
}
