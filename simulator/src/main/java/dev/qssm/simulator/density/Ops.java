package dev.qssm.simulator.density;

import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.GateMatrix;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.PauliString;
import dev.qssm.simulator.noise.ReadoutError;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/** Helpers shared by both engines: gate matrices for a binding, readout-error arithmetic. */
final class Ops {
  private Ops() {}

  static GateMatrix matrix(Circuit c, GateOperation g, double[] binding) {
    var angles = new double[g.angles().size()];
    for (int i = 0; i < angles.length; i++) {
      Angle a = g.angles().get(i);
      angles[i] = a.parameter().isPresent() ? a.value(binding[c.parameterIndex(a.parameter().get())]) : a.value(0);
    }
    return g.gate().targetMatrix(angles);
  }

  /** {mask, value} of the control bits of {@code g}. */
  static int[] controls(GateOperation g) {
    int mask = 0;
    int val = 0;
    var cs = g.allControls();
    var st = g.allControlStates();
    for (int i = 0; i < cs.length; i++) {
      mask |= 1 << cs[i];
      if (st[i]) {
        val |= 1 << cs[i];
      }
    }
    return new int[] {mask, val};
  }

  static double[] amplitudes(Circuit c, AmplitudeEncoding e, double[] binding) {
    var v = new double[e.inputs().size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = binding[c.parameterIndex(e.inputs().get(i))];
    }
    return e.normalisedAmplitudes(v);
  }

  /** Marginal distribution over {@code qubits} (index bit j = qubits[j]) of a full distribution. */
  static double[] marginal(double[] full, int[] qubits) {
    var out = new double[1 << qubits.length];
    for (int i = 0; i < full.length; i++) {
      if (full[i] == 0) {
        continue;
      }
      int k = 0;
      for (int j = 0; j < qubits.length; j++) {
        k |= (i >> qubits[j] & 1) << j;
      }
      out[k] += full[i];
    }
    return out;
  }

  /** Applies each bit's confusion matrix (or its inverse) to a distribution, in place. */
  static void confuse(double[] dist, ReadoutError[] errors, boolean inverse, boolean squared) {
    for (int j = 0; j < errors.length; j++) {
      var e = errors[j];
      if (e == null || e.isNone()) {
        continue;
      }
      double m00 = 1 - e.p1Given0();
      double m01 = e.p0Given1();
      double m10 = e.p1Given0();
      double m11 = 1 - e.p0Given1();
      if (inverse) {
        double det = m00 * m11 - m01 * m10;
        double a = m11 / det, b = -m01 / det, c = -m10 / det, d = m00 / det;
        m00 = a; m01 = b; m10 = c; m11 = d;
      }
      if (squared) {
        m00 *= m00; m01 *= m01; m10 *= m10; m11 *= m11;
      }
      int bit = 1 << j;
      for (int i = 0; i < dist.length; i++) {
        if ((i & bit) == 0) {
          double x = dist[i];
          double y = dist[i | bit];
          dist[i] = m00 * x + m01 * y;
          dist[i | bit] = m10 * x + m11 * y;
        }
      }
    }
  }

  /**
   * The expectation of P as read through noisy bits: each qubit's ±1 reading has mean a + c s with
   * a = p0Given1 - p1Given0, c = 1 - p0Given1 - p1Given0, so E = sum over subsets T of P's support
   * of prod_{not T} a * prod_T c * <P_T>.
   */
  static double noisyExpectation(PauliString p, ReadoutError[] perQubit, ToDoubleFunction<PauliString> exact) {
    var qs = p.qubits();
    boolean any = false;
    for (int q : qs) {
      any |= !perQubit[q].isNone();
    }
    if (!any) {
      return exact.applyAsDouble(p);
    }
    if (qs.length > 16) {
      throw new IllegalArgumentException("readout error on a Pauli string over more than 16 qubits is not supported");
    }
    double total = 0;
    for (int t = 0; t < (1 << qs.length); t++) {
      double w = 1;
      int size = Integer.bitCount(t);
      var sub = new int[size];
      var ops = new StringBuilder();
      int s = 0;
      for (int j = 0; j < qs.length; j++) {
        var e = perQubit[qs[j]];
        if ((t >> j & 1) != 0) {
          w *= 1 - e.p0Given1() - e.p1Given0();
          sub[s++] = qs[j];
          ops.append(p.ops().charAt(j));
        } else {
          w *= e.p0Given1() - e.p1Given0();
        }
      }
      if (w == 0) {
        continue;
      }
      total += w * (size == 0 ? 1 : exact.applyAsDouble(new PauliString(Arrays.copyOf(sub, size), ops.toString())));
    }
    return total;
  }
}
