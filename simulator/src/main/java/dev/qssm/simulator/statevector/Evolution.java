package dev.qssm.simulator.statevector;

import dev.qssm.backend.Readout;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.InvalidCircuitException;
import java.util.ArrayList;
import java.util.List;

/** Runs a {@link Program} forward on {@link Amps}, backward for the adjoint method, or by branching. */
final class Evolution {
  private Evolution() {}

  /** Probability below which a measurement outcome is dropped instead of branched (rounding noise). */
  static final double DROP = 1e-14;

  static int lanes(Amps s) {
    return s.isBatch() ? s.w : 1;
  }

  /** The unitary part: gates and encodings (measurements are terminal, resets act on |0>). */
  static void forward(Program p, Amps s, double[][] rows, int from, Par par) {
    for (var step : p.steps) {
      if (step instanceof Program.GateStep g) {
        Kernels.apply(s, g.targets, g.cMask, g.cVal, g.matrix(rows, from, lanes(s), -1), g.kind, par);
      } else if (step instanceof Program.EncodeStep e) {
        encode(s, e, rows, from);
      } else if (step instanceof Program.ResetStep r && !r.noop()) {
        throw new IllegalStateException("reset after use needs the branching path");
      }
    }
  }

  // ---------------------------------------------------------------- amplitude encoding

  private static double[] amplitudes(Program.EncodeStep e, double[] row) {
    var values = new double[e.cols().length];
    for (int j = 0; j < values.length; j++) {
      values[j] = row[e.cols()[j]];
    }
    return e.op().normalisedAmplitudes(values);
  }

  private static double norm(Program.EncodeStep e, double[] row) {
    double s = 0;
    for (int c : e.cols()) {
      s += row[c] * row[c];
    }
    return Math.sqrt(s);
  }

  private static int[] offsets(int[] qs) {
    var dep = new int[1 << qs.length];
    for (int j = 0; j < dep.length; j++) {
      for (int b = 0; b < qs.length; b++) {
        if ((j >> b & 1) != 0) {
          dep[j] |= 1 << qs[b];
        }
      }
    }
    return dep;
  }

  /** |rest> ⊗ |0> -> |rest> ⊗ |x/||x||> on fresh qubits. */
  static void encode(Amps s, Program.EncodeStep e, double[][] rows, int from) {
    int[] dep = offsets(e.qubits());
    int[] pos = Kernels.positions(Kernels.mask(e.qubits()));
    int bases = 1 << (s.n - pos.length);
    for (int x = 0; x < lanes(s); x++) {
      var v = s.view(x);
      var amps = amplitudes(e, rows[from + x]);
      for (int f = 0; f < bases; f++) {
        int i = Kernels.deposit(f, pos);
        double ar = get(v.re(), v, i);
        double ai = get(v.im(), v, i);
        if (ar == 0 && ai == 0) {
          continue;
        }
        for (int j = dep.length - 1; j >= 0; j--) {
          set(v.re(), v, i | dep[j], ar * amps[j]);
          set(v.im(), v, i | dep[j], ai * amps[j]);
        }
      }
    }
  }

  static double get(double[][] a, View v, int i) {
    return a[i >>> v.l()][v.off() + (i & (v.lanes() - 1))];
  }

  static void set(double[][] a, View v, int i, double value) {
    a[i >>> v.l()][v.off() + (i & (v.lanes() - 1))] = value;
  }

  // ---------------------------------------------------------------- adjoint method

  /** Writes lam = O psi for one row, where L = <psi|O|psi> is the cotangent-weighted readout. */
  static void seed(Program p, Readout r, View psi, View lam, double[] cot) {
    if (r instanceof Readout.Probabilities pr) {
      Readouts.binTimes(psi, lam, Readouts.tables(psi, pr.qubitsOf(p.circuit)), pr.pad(cot, p.circuit));
    } else if (r instanceof Readout.ClassicalBits) {
      Readouts.binTimes(psi, lam, Readouts.tables(psi, Outcomes.terminalQubitPerClbit(p)), cot);
    } else if (r instanceof Readout.Marginals) {
      var w = new double[p.n];
      for (int m = 0; m < p.measQubit.length; m++) {
        w[p.measQubit[m]] += cot[m];
      }
      Readouts.bitWeightTimes(psi, lam, w);
    } else {
      var obs = ((Readout.Expectations) r).observables();
      for (int k = 0; k < obs.size(); k++) {
        if (cot[k] != 0) {
          Readouts.addPauli(psi, lam, obs.get(k), cot[k]);
        }
      }
    }
  }

  /**
   * dL/d(binding) for the rows of {@code psi} (the final states, consumed): walks the steps back,
   * un-computing psi and lam = O psi and adding 2 Re<lam| dU |psi> for every angle that has a
   * parameter. Returns {@code [lane][parameter]}.
   */
  static double[][] adjoint(Program p, Readout r, Amps psi, double[][] rows, int from, double[][] cot, Par par) {
    int lanes = lanes(psi);
    int params = p.circuit.parameters().size();
    var grads = new double[lanes][params];
    var lam = psi.zerosLike();
    for (int x = 0; x < lanes; x++) {
      seed(p, r, psi.view(x), lam.view(x), cot[from + x]);
    }
    var acc = new double[psi.isBatch() ? lanes : 1];
    for (int k = p.steps.size() - 1; k >= 0; k--) {
      var step = p.steps.get(k);
      if (step instanceof Program.GateStep g) {
        var m = g.matrix(rows, from, lanes, -1);
        var inv = g.kind == Kernels.Kind.PERM ? m : m.adjoint();
        Kernels.apply(psi, g.targets, g.cMask, g.cVal, inv, g.kind, par);
        for (int a = 0; a < g.cols.length; a++) {
          if (g.cols[a] < 0) {
            continue;
          }
          java.util.Arrays.fill(acc, 0);
          var dm = g.matrix(rows, from, lanes, a);
          Kernels.inner(lam, psi, g.targets, g.cMask, g.cVal, dm, g.derivativeKind() == Kernels.Kind.DIAG, par, acc);
          for (int x = 0; x < lanes; x++) {
            grads[x][g.cols[a]] += 2 * g.scale[a] * acc[x];
          }
        }
        Kernels.apply(lam, g.targets, g.cMask, g.cVal, inv, g.kind, par);
      } else if (step instanceof Program.EncodeStep e) {
        unencode(psi, lam, e, rows, from, grads);
      }
    }
    return grads;
  }

  /** The adjoint of {@link #encode}: psi and lam back onto |0> of the encoded qubits, plus dL/dx. */
  private static void unencode(Amps psi, Amps lam, Program.EncodeStep e, double[][] rows, int from, double[][] grads) {
    int[] dep = offsets(e.qubits());
    int[] pos = Kernels.positions(Kernels.mask(e.qubits()));
    int bases = 1 << (psi.n - pos.length);
    for (int x = 0; x < lanes(psi); x++) {
      var pv = psi.view(x);
      var lv = lam.view(x);
      var amps = amplitudes(e, rows[from + x]);
      var g = new double[dep.length];
      for (int f = 0; f < bases; f++) {
        int i = Kernels.deposit(f, pos);
        double br = 0;
        double bi = 0;
        double lr = 0;
        double li = 0;
        for (int j = 0; j < dep.length; j++) {
          br += amps[j] * get(pv.re(), pv, i | dep[j]);
          bi += amps[j] * get(pv.im(), pv, i | dep[j]);
          lr += amps[j] * get(lv.re(), lv, i | dep[j]);
          li += amps[j] * get(lv.im(), lv, i | dep[j]);
        }
        for (int j = 0; j < dep.length; j++) {
          g[j] += 2 * (get(lv.re(), lv, i | dep[j]) * br + get(lv.im(), lv, i | dep[j]) * bi);
          if (j > 0) {
            set(pv.re(), pv, i | dep[j], 0);
            set(pv.im(), pv, i | dep[j], 0);
            set(lv.re(), lv, i | dep[j], 0);
            set(lv.im(), lv, i | dep[j], 0);
          }
        }
        set(pv.re(), pv, i, br);
        set(pv.im(), pv, i, bi);
        set(lv.re(), lv, i, lr);
        set(lv.im(), lv, i, li);
      }
      addThroughNormalisation(e, rows[from + x], amps, g, grads[x]);
    }
  }

  /** x = v/||v||: dL/dv_j = (g_j - x_j (x . g)) / ||v||. */
  static void addThroughNormalisation(Program.EncodeStep e, double[] row, double[] amps, double[] g, double[] out) {
    double dot = 0;
    for (int j = 0; j < e.cols().length; j++) {
      dot += amps[j] * g[j];
    }
    double nrm = norm(e, row);
    for (int j = 0; j < e.cols().length; j++) {
      out[e.cols()[j]] += (g[j] - amps[j] * dot) / nrm;
    }
  }

  // ---------------------------------------------------------------- mid-circuit branching

  /**
   * The final branches of one row: every mid-circuit measurement splits a branch in two (outcome 0
   * and 1, weights times their probabilities), every reset after use too (then flips the 1-branch
   * back to |0>). Outcomes with probability below {@link #DROP} are dropped.
   */
  static List<Branch> branches(Program p, double[][] rows, int row, int laneQubits, int maxBranches,
      long memoryBudget, Par par) {
    var list = new ArrayList<Branch>();
    var first = Amps.chunked(p.n, laneQubits);
    list.add(new Branch(1, first.view(0), new boolean[p.measQubit.length]));
    var states = new ArrayList<Amps>();
    states.add(first);
    long stateBytes = 16L << p.n;
    for (var step : p.steps) {
      if (step instanceof Program.GateStep g) {
        var m = g.matrix(rows, row, 1, -1);
        for (var s : states) {
          Kernels.apply(s, g.targets, g.cMask, g.cVal, m, g.kind, par);
        }
      } else if (step instanceof Program.EncodeStep e) {
        for (var s : states) {
          encode(s, e, rows, row);
        }
      } else if (step instanceof Program.MeasureStep ms && ms.branched()) {
        split(list, states, ms.qubit(), ms.meas(), false, par);
      } else if (step instanceof Program.ResetStep rs && !rs.noop()) {
        split(list, states, rs.qubit(), -1, true, par);
      } else {
        continue;
      }
      if (states.size() > maxBranches || states.size() * stateBytes > memoryBudget) {
        throw new UnsupportedCircuitException(
            "backend 'exact': row " + row + " needs more than " + Math.min(maxBranches, memoryBudget / stateBytes)
                + " branches (at instruction " + index(step) + ") to simulate its mid-circuit measurements and"
                + " resets exactly; the density-matrix backend 'noisy' handles such circuits, or raise the"
                + " 'maxBranches' option");
      }
    }
    return list;
  }

  private static int index(Program.Step step) {
    if (step instanceof Program.MeasureStep m) {
      return m.index();
    }
    if (step instanceof Program.ResetStep r) {
      return r.index();
    }
    return -1;
  }

  private static void split(List<Branch> list, List<Amps> states, int q, int meas, boolean reset, Par par) {
    int size = list.size();
    for (int b = 0; b < size; b++) {
      var s = states.get(b);
      var br = list.get(b);
      double p1 = Readouts.p1(s.view(0), new int[] {q})[0];
      double p0 = Math.max(0, 1 - p1);
      if (p1 <= DROP) {
        project(s, q, 0, p0, par);
        record(list, b, br.weight(), s, br.outcomes(), meas, false);
      } else if (p0 <= DROP) {
        project(s, q, 1, p1, par);
        if (reset) {
          flip(s, q, par);
        }
        record(list, b, br.weight(), s, br.outcomes(), meas, true);
      } else {
        var one = s.copy();
        project(s, q, 0, p0, par);
        project(one, q, 1, p1, par);
        if (reset) {
          flip(one, q, par);
        }
        record(list, b, br.weight() * p0, s, br.outcomes(), meas, false);
        states.add(one);
        list.add(null);
        record(list, list.size() - 1, br.weight() * p1, one, br.outcomes(), meas, true);
      }
    }
  }

  private static void record(List<Branch> list, int at, double weight, Amps s, boolean[] outcomes, int meas,
      boolean value) {
    var o = outcomes.clone();
    if (meas >= 0) {
      o[meas] = value;
    }
    list.set(at, new Branch(weight, s.view(0), o));
  }

  private static void project(Amps s, int q, int outcome, double p, Par par) {
    double f = 1 / Math.sqrt(p);
    var re = new double[] {outcome == 0 ? f : 0, 0, 0, outcome == 1 ? f : 0};
    Kernels.apply(s, new int[] {q}, 0, 0, Mat.shared(2, re, new double[4]), Kernels.Kind.DIAG, par);
  }

  private static void flip(Amps s, int q, Par par) {
    var x = Mat.shared(2, new double[] {0, 1, 1, 0}, new double[4]);
    Kernels.apply(s, new int[] {q}, 0, 0, x, Kernels.Kind.PERM, par);
  }

  /** Guards a finite result (a NaN here means an angle or value overflowed). */
  static void checkFinite(double[] values, int row) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new InvalidCircuitException("binding row " + row + " produced a non-finite value; check its bindings");
      }
    }
  }
}
