package dev.qssm.simulator.density;

import dev.qssm.backend.Readout;
import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateMatrix;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.PauliString;
import dev.qssm.circuit.Reset;
import dev.qssm.simulator.noise.NoiseModel;
import dev.qssm.simulator.noise.ReadoutError;
import java.util.ArrayDeque;

/**
 * Reverse-mode gradients through the density-matrix evolution (no classical feed-forward). Every
 * readout is linear in the states it reads, so the loss's cotangent is an observable G; the walk
 * back carries G in the Heisenberg picture (gate: U† G U; dephasing: its diagonal part on the qubit,
 * plus the cotangent's |1><1| term where a measurement was read; reset: <0|G|0> ⊗ I; channel: its
 * adjoint Σ K† G K) while the state is undone for gates (U† ρ U) and restored from a copy taken
 * before every non-unitary step (reset is not invertible). A gate angle's gradient is
 * 2 Re Tr(G · (P_ctrl ⊗ dM M†) σ) with σ the state right after the gate; one forward and one
 * backward pass give every parameter's gradient.
 */
public final class DensityAdjoint {
  private final Plan plan;
  private final Readout readout;
  private final java.util.Map<Superop, Superop> adjoints = new java.util.IdentityHashMap<>();

  public DensityAdjoint(Circuit circuit, Readout readout, NoiseModel noise) {
    this.plan = new Plan(circuit, readout, noise);
    this.readout = readout;
  }

  /**
   * True when this engine can differentiate the circuit and readout: no conditionals, no amplitude
   * encoding, and a readout other than classical bits (those need the classical branches).
   */
  public static boolean supports(Circuit circuit, Readout readout) {
    if (readout instanceof Readout.ClassicalBits) {
      return false;
    }
    for (Instruction in : circuit.instructions()) {
      if (in instanceof Conditional || in instanceof AmplitudeEncoding) {
        return false;
      }
    }
    return true;
  }

  /** dL/d(binding column) of one row for the cotangent {@code cot} on that row's readout values. */
  public double[] row(double[] binding, double[] cot) {
    var c = plan.circuit;
    int n = c.numQubits();
    var rho = DensityMatrix.zero(n);
    var saved = new ArrayDeque<DensityMatrix>();
    var mats = plan.matrices(binding);
    var ins = plan.ins;
    for (int i = 0; i < ins.size(); i++) {
      var in = ins.get(i);
      if (in instanceof GateOperation) {
        int end = plan.runEnd[i];
        if (end > i) {
          rho.unitary(Plan.product(mats, i, end), plan.targets[i], plan.controls[i][0], plan.controls[i][1]);
          i = end;
          continue;
        }
        rho.unitary(mats[i], plan.targets[i], plan.controls[i][0], plan.controls[i][1]);
        for (var placed : plan.noiseAfter[i]) {
          saved.push(rho.copy());
          rho.superoperator(plan.superop(placed.channel()), placed.qubits());
        }
      } else if (in instanceof Measurement m) {
        if (!plan.terminal[i]) {
          saved.push(rho.copy());
          rho.dephase(m.qubit());
        }
      } else if (in instanceof Reset r) {
        saved.push(rho.copy());
        rho.reset(r.qubit());
      }
    }
    var g = finalObservable(cot, n);
    var grad = new double[c.parameters().size()];
    var scratchRe = new double[rho.re.length];
    var scratchIm = new double[rho.re.length];
    for (int i = ins.size() - 1; i >= 0; i--) {
      var in = ins.get(i);
      if (in instanceof GateOperation op) {
        var after = plan.noiseAfter[i]; // never inside a run of more than one gate
        for (int k = after.size() - 1; k >= 0; k--) {
          var placed = after.get(k);
          g.superoperator(adjoint(plan.superop(placed.channel())), placed.qubits());
          rho = saved.pop();
        }
        if (plan.targets[i].length == 1) {
          i = run(plan.runStart[i], i, mats, binding, g, rho, grad);
          continue;
        }
        accumulate(op, mats[i], i, binding, g, rho, grad, scratchRe, scratchIm);
        var dag = mats[i].adjoint();
        rho.unitary(dag, plan.targets[i], plan.controls[i][0], plan.controls[i][1]);
        g.unitary(dag, plan.targets[i], plan.controls[i][0], plan.controls[i][1]);
      } else if (in instanceof Measurement m) {
        if (!plan.terminal[i]) {
          g.dephase(m.qubit());
          rho = saved.pop();
        }
        if (readout instanceof Readout.Marginals) {
          var err = plan.noise.readoutError(m.qubit());
          addProjector1(g, m.qubit(), cot[plan.measIndex[i]] * (1 - err.p0Given1() - err.p1Given0()));
        }
      } else if (in instanceof Reset r) {
        adjointReset(g, r.qubit());
        rho = saved.pop();
      }
    }
    return grad;
  }

  /**
   * The walk back over a run of single-qubit gates {@code from..to} (see {@link Plan#runEnd}; a lone
   * gate is a run of one), with G and ρ taken after its last gate: gate j's term Tr(G_j (P ⊗ k_j) σ_j),
   * with G_j and σ_j pulled back through the later gates U = P ⊗ u + (1 - P) ⊗ I, equals
   * Tr(G (P ⊗ u k_j u†) σ), so one read of G and σ (the environment E, taken only if some angle
   * needs it) gives every angle of the run. Returns {@code from}.
   */
  private int run(int from, int to, GateMatrix[] mats, double[] binding, DensityMatrix g, DensityMatrix rho,
      double[] grad) {
    int n = rho.n;
    int q = plan.targets[to][0];
    int mask = plan.controls[to][0] << n;
    int val = plan.controls[to][1] << n;
    double[] e = null;
    GateMatrix u = null; // the gates after j within the run (null: none yet)
    for (int j = to; j >= from; j--) {
      var op = plan.gate[j];
      var angles = op.angles();
      for (int a = 0; a < angles.size(); a++) {
        Angle angle = angles.get(a);
        if (angle.parameter().isEmpty() || angle.scale() == 0) {
          continue;
        }
        var k = generatorTimesI(op, mats[j], a, binding);
        if (u != null) {
          k = u.times(k).times(u.adjoint());
        }
        if (e == null) {
          e = Apply.environmentOne(g.re, g.im, rho.re, rho.im, q + n, mask, val);
        }
        grad[plan.circuit.parameterIndex(angle.parameter().get())] += 2 * Apply.contract(k.re(), k.im(), e)
            * angle.scale();
      }
      u = u == null ? mats[j] : u.times(mats[j]);
    }
    var dag = u.adjoint();
    rho.unitary(dag, plan.targets[to], plan.controls[to][0], plan.controls[to][1]);
    g.unitary(dag, plan.targets[to], plan.controls[to][0], plan.controls[to][1]);
    return from;
  }

  /**
   * Adds every angle's 2 Re Tr(G (P_ctrl ⊗ dM M†) σ), times its affine scale, to its column, for a
   * gate on two or more targets (one-target gates go through {@link #run}).
   */
  private void accumulate(GateOperation op, GateMatrix m, int i, double[] binding, DensityMatrix g,
      DensityMatrix sigma, double[] grad, double[] yRe, double[] yIm) {
    var angles = op.angles();
    int n = sigma.n;
    int mask = plan.controls[i][0] << n;
    int val = plan.controls[i][1] << n;
    var rows = new int[plan.targets[i].length];
    for (int j = 0; j < rows.length; j++) {
      rows[j] = plan.targets[i][j] + n;
    }
    for (int a = 0; a < angles.size(); a++) {
      Angle angle = angles.get(a);
      if (angle.parameter().isEmpty() || angle.scale() == 0) {
        continue;
      }
      int col = plan.circuit.parameterIndex(angle.parameter().get());
      var k = generatorTimesI(op, m, a, binding);
      System.arraycopy(sigma.re, 0, yRe, 0, yRe.length);
      System.arraycopy(sigma.im, 0, yIm, 0, yIm.length);
      Apply.matrix(yRe, yIm, k.re(), k.im(), rows, mask, val);
      double s = 0;
      for (int e = 0; e < yRe.length; e++) {
        if ((e & mask) == val) {
          s += g.re[e] * yRe[e] + g.im[e] * yIm[e];
        }
      }
      grad[col] += 2 * s * angle.scale();
    }
  }

  /**
   * dM/dθ · M† for angle {@code a}. A ROTATION angle enters linearly through (cos θ/2, sin θ/2), so
   * dM/dθ = M(θ+π)/2; a PHASE angle enters as A + e^{iθ}B, so dM/dθ = i (M(θ) - M(θ+π))/2.
   */
  private GateMatrix generatorTimesI(GateOperation op, GateMatrix m, int a, double[] binding) {
    var vals = new double[op.angles().size()];
    for (int j = 0; j < vals.length; j++) {
      Angle an = op.angles().get(j);
      vals[j] = an.parameter().isPresent() ? an.value(binding[plan.circuit.parameterIndex(an.parameter().get())])
          : an.value(0);
    }
    Gate base = op.gate();
    vals[a] += Math.PI;
    var shifted = base.targetMatrix(vals);
    int d = m.dim();
    var dre = new double[d * d];
    var dim = new double[d * d];
    if (base.shift(a) == Gate.Shift.ROTATION) {
      for (int e = 0; e < d * d; e++) {
        dre[e] = shifted.re()[e] / 2;
        dim[e] = shifted.im()[e] / 2;
      }
    } else {
      for (int e = 0; e < d * d; e++) {
        double xr = (m.re()[e] - shifted.re()[e]) / 2;
        double xi = (m.im()[e] - shifted.im()[e]) / 2;
        dre[e] = -xi;
        dim[e] = xr;
      }
    }
    var out = new GateMatrix(d, new double[d * d], new double[d * d]);
    for (int r = 0; r < d; r++) {
      for (int col = 0; col < d; col++) {
        double sr = 0;
        double si = 0;
        for (int x = 0; x < d; x++) {
          // (dM)[r,x] * conj(M[col,x])
          double ar = dre[r * d + x];
          double ai = dim[r * d + x];
          double br = m.re()[col * d + x];
          double bi = -m.im()[col * d + x];
          sr += ar * br - ai * bi;
          si += ar * bi + ai * br;
        }
        out.re()[r * d + col] = sr;
        out.im()[r * d + col] = si;
      }
    }
    return out;
  }

  /** The observable the cotangent puts on the final state (zero for marginals: they enter mid-way). */
  private DensityMatrix finalObservable(double[] cot, int n) {
    var g = new DensityMatrix(n, new double[1 << (2 * n)], new double[1 << (2 * n)]);
    if (readout instanceof Readout.Probabilities pr) {
      var qs = pr.qubitsOf(plan.circuit);
      var w = cot.clone();
      confuseTransposed(w, DensityEngine.errorsOf(plan, qs));
      int d = 1 << n;
      for (int i = 0; i < d; i++) {
        int k = 0;
        for (int j = 0; j < qs.length; j++) {
          k |= (i >> qs[j] & 1) << j;
        }
        g.re[i + (i << n)] = w[k];
      }
    } else if (readout instanceof Readout.Expectations ex) {
      for (int k = 0; k < cot.length; k++) {
        addNoisyPauli(g, ex.observables().get(k), cot[k]);
      }
    }
    return g;
  }

  /** The transpose of {@link Ops#confuse} (forward, not squared): pulls a cotangent back through readout error. */
  private static void confuseTransposed(double[] w, ReadoutError[] errors) {
    for (int j = 0; j < errors.length; j++) {
      var e = errors[j];
      if (e == null || e.isNone()) {
        continue;
      }
      double m00 = 1 - e.p1Given0();
      double m01 = e.p0Given1();
      double m10 = e.p1Given0();
      double m11 = 1 - e.p0Given1();
      int bit = 1 << j;
      for (int i = 0; i < w.length; i++) {
        if ((i & bit) == 0) {
          double x = w[i];
          double y = w[i | bit];
          w[i] = m00 * x + m10 * y;
          w[i | bit] = m01 * x + m11 * y;
        }
      }
    }
  }

  /** Adds {@code c} times the readout-noisy P (see {@link Ops#noisyExpectation}) as a dense matrix. */
  private void addNoisyPauli(DensityMatrix g, PauliString p, double c) {
    var qs = p.qubits();
    var errs = new ReadoutError[qs.length];
    for (int j = 0; j < qs.length; j++) {
      errs[j] = plan.noise.readoutError(qs[j]);
    }
    for (int t = 0; t < (1 << qs.length); t++) {
      double w = 1;
      for (int j = 0; j < qs.length; j++) {
        var e = errs[j];
        w *= (t >> j & 1) != 0 ? 1 - e.p0Given1() - e.p1Given0() : e.p0Given1() - e.p1Given0();
      }
      if (w != 0) {
        addPauli(g, qs, p.ops(), t, c * w);
      }
    }
  }

  /** Adds {@code c} times the Pauli string restricted to the subset {@code t} of its qubits. */
  private static void addPauli(DensityMatrix g, int[] qs, String ops, int t, double c) {
    int x = 0;
    int zy = 0;
    int ny = 0;
    for (int j = 0; j < qs.length; j++) {
      if ((t >> j & 1) == 0) {
        continue;
      }
      int bit = 1 << qs[j];
      char ch = ops.charAt(j);
      if (ch == 'X' || ch == 'Y') {
        x |= bit;
      }
      if (ch == 'Y' || ch == 'Z') {
        zy |= bit;
      }
      if (ch == 'Y') {
        ny++;
      }
    }
    int n = g.n;
    int d = 1 << n;
    // P|col> = i^ny (-1)^{|col & zy|} |col ^ x>: entry (row col^x, column col)
    for (int col = 0; col < d; col++) {
      double s = (Integer.bitCount(col & zy) & 1) == 0 ? c : -c;
      int idx = col + ((col ^ x) << n);
      switch (ny & 3) {
        case 0: g.re[idx] += s; break;
        case 1: g.im[idx] += s; break;
        case 2: g.re[idx] -= s; break;
        default: g.im[idx] -= s; break;
      }
    }
  }

  private static void addProjector1(DensityMatrix g, int q, double c) {
    if (c == 0) {
      return;
    }
    int n = g.n;
    int d = 1 << n;
    for (int i = 0; i < d; i++) {
      if ((i >> q & 1) != 0) {
        g.re[i + (i << n)] += c;
      }
    }
  }

  /** The adjoint of reset: G ← (<0|G|0> on qubit q) ⊗ I. */
  private static void adjointReset(DensityMatrix g, int q) {
    int n = g.n;
    int cb = 1 << q;
    int rb = 1 << (q + n);
    for (int i = 0; i < g.re.length; i++) {
      if ((i & cb) == 0 && (i & rb) == 0) {
        g.re[i | cb | rb] = g.re[i];
        g.im[i | cb | rb] = g.im[i];
        g.re[i | cb] = 0;
        g.im[i | cb] = 0;
        g.re[i | rb] = 0;
        g.im[i | rb] = 0;
      }
    }
  }

  /** The adjoint channel's superoperator: the conjugate transpose of S (Hilbert-Schmidt adjoint). */
  private synchronized Superop adjoint(Superop s) {
    return adjoints.computeIfAbsent(s, Superop::adjointOf);
  }
}
