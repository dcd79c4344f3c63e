package dev.qssm.simulator.density;

import dev.qssm.backend.Readout;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.Reset;
import dev.qssm.simulator.noise.NoiseModel;
import dev.qssm.simulator.noise.ReadoutError;
import dev.qssm.simulator.sampling.Sampling;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Exact evolution of a mixed state: gates as U rho U†, channels as superoperators, mid-circuit
 * measurement as dephasing (or, when classical bits matter, as branches keyed by the classical
 * register, each an unnormalised density matrix), reset, and classically conditioned gates.
 * Terminal measurements leave the state alone; their bits are read from the final diagonal.
 * Internal to the simulator module.
 */
public final class DensityEngine {
  private final Plan plan;
  private final Readout readout;
  private final long maxBranchEntries;
  private final boolean mitigate;

  /** Evolution of one row: its branches and the (readout-noisy) P(1) of each measurement. */
  record Evolved(Map<Long, DensityMatrix> branches, double[] p1) {}

  public DensityEngine(Circuit circuit, Readout readout, NoiseModel noise, long maxBranchEntries, boolean mitigate) {
    this.plan = new Plan(circuit, readout, noise);
    this.readout = readout;
    this.maxBranchEntries = maxBranchEntries;
    this.mitigate = mitigate;
  }

  /** Exact values of one row, or {values, standard errors} sampled with {@code shots} from {@code rng}. */
  public double[][] row(double[] binding, int shots, SplittableRandom rng) {
    var e = evolve(binding);
    var exact = exactValues(e);
    if (shots == 0) {
      return new double[][] {mitigated(plan, readout, mitigate, exact, null), null};
    }
    return sample(exact, shots, rng);
  }

  /** The exact readout values of one row run from {@code state} (consumed), and the state after it. */
  public record Stepped(double[] values, DensityMatrix state) {}

  /** Continues a kept state by this engine's circuit (a {@link dev.qssm.backend.Session} step). */
  public Stepped step(DensityMatrix state, double[] binding) {
    var e = evolve(binding, state);
    return new Stepped(mitigated(plan, readout, mitigate, exactValues(e), null), merged(e));
  }

  Evolved evolve(double[] binding) {
    return evolve(binding, DensityMatrix.zero(plan.circuit.numQubits()));
  }

  private Evolved evolve(double[] binding, DensityMatrix start) {
    var c = plan.circuit;
    Map<Long, DensityMatrix> branches = new LinkedHashMap<>();
    branches.put(0L, start);
    var p1 = new double[plan.numMeasurements];
    var mats = plan.matrices(binding);
    for (int i = 0; i < plan.ins.size(); i++) {
      var in = plan.ins.get(i);
      if (in instanceof GateOperation) {
        int end = plan.runEnd[i];
        var m = end == i ? mats[i] : Plan.product(mats, i, end);
        for (var dm : branches.values()) {
          gate(dm, i, m);
        }
        i = end;
      } else if (in instanceof Conditional cond) {
        for (var b : branches.entrySet()) {
          if (((b.getKey() >> cond.clbit()) & 1) == (cond.value() ? 1 : 0)) {
            gate(b.getValue(), i, mats[i]);
          }
        }
      } else if (in instanceof Measurement m) {
        var err = plan.noise.readoutError(m.qubit());
        double p = 0;
        double total = 0;
        for (var dm : branches.values()) {
          p += dm.p1(m.qubit());
          total += dm.trace();
        }
        p /= total;
        p1[plan.measIndex[i]] = p * (1 - err.p0Given1()) + (1 - p) * err.p1Given0();
        if (plan.terminal[i]) {
          continue;
        }
        if (plan.trackClbits) {
          branches = split(branches, m, err);
        } else {
          branches.values().forEach(dm -> dm.dephase(m.qubit()));
        }
      } else if (in instanceof Reset r) {
        branches.values().forEach(dm -> dm.reset(r.qubit()));
      } else if (in instanceof AmplitudeEncoding a) {
        var amps = Ops.amplitudes(c, a, binding);
        branches.values().forEach(dm -> dm.encode(a.qubits(), amps));
      }
    }
    return new Evolved(branches, p1);
  }

  private void gate(DensityMatrix dm, int i, dev.qssm.circuit.GateMatrix m) {
    var ctl = plan.controls[i];
    dm.unitary(m, plan.targets[i], ctl[0], ctl[1]);
    for (var placed : plan.noiseAfter[i]) {
      dm.superoperator(plan.superop(placed.channel()), placed.qubits());
    }
  }

  /** Each branch splits by outcome; the recorded bit goes through the readout error. */
  private Map<Long, DensityMatrix> split(Map<Long, DensityMatrix> in, Measurement m, ReadoutError err) {
    Map<Long, DensityMatrix> out = new LinkedHashMap<>();
    long bit = 1L << m.clbit();
    for (var b : in.entrySet()) {
      var dm = b.getValue();
      long k0 = b.getKey() & ~bit;
      long k1 = b.getKey() | bit;
      for (int outcome = 0; outcome < 2; outcome++) {
        var proj = dm.project(m.qubit(), outcome);
        if (proj.trace() <= 1e-300) {
          continue;
        }
        double read1 = err.pRead1(outcome);
        if (read1 < 1) {
          merge(out, k0, proj, 1 - read1);
        }
        if (read1 > 0) {
          merge(out, k1, proj, read1);
        }
      }
    }
    long entries = (long) out.size() << (2 * plan.circuit.numQubits());
    if (entries > maxBranchEntries) {
      throw new UnsupportedCircuitException("backend 'noisy': " + out.size() + " classical branches of "
          + plan.circuit.numQubits() + "-qubit density matrices exceed the memory limit (maxBranchEntries = "
          + maxBranchEntries + "); use fewer conditioned classical bits or method = trajectories");
    }
    return out;
  }

  private static void merge(Map<Long, DensityMatrix> out, long key, DensityMatrix dm, double w) {
    var have = out.get(key);
    if (have == null) {
      var copy = dm.copy();
      if (w != 1) {
        for (int i = 0; i < copy.re.length; i++) {
          copy.re[i] *= w;
          copy.im[i] *= w;
        }
      }
      out.put(key, copy);
    } else {
      have.add(dm, w);
    }
  }

  private DensityMatrix merged(Evolved e) {
    var it = e.branches().values().iterator();
    var first = it.next();
    if (!it.hasNext()) {
      return first;
    }
    var sum = first.copy();
    while (it.hasNext()) {
      sum.add(it.next(), 1);
    }
    return sum;
  }

  private ReadoutError[] perQubit() {
    var out = new ReadoutError[plan.circuit.numQubits()];
    for (int q = 0; q < out.length; q++) {
      out[q] = plan.noise.readoutError(q);
    }
    return out;
  }

  double[] exactValues(Evolved e) {
    var c = plan.circuit;
    if (readout instanceof Readout.Probabilities pr) {
      var qs = pr.qubitsOf(c);
      var dist = Ops.marginal(merged(e).diagonal(), qs);
      Ops.confuse(dist, errorsOf(plan, qs), false, false);
      return dist;
    }
    if (readout instanceof Readout.Expectations ex) {
      var rho = merged(e);
      var errs = perQubit();
      var out = new double[ex.observables().size()];
      for (int k = 0; k < out.length; k++) {
        out[k] = Ops.noisyExpectation(ex.observables().get(k), errs, rho::expectation);
      }
      return out;
    }
    if (readout instanceof Readout.Marginals) {
      return e.p1().clone();
    }
    return classicalBits(e);
  }

  static ReadoutError[] errorsOf(Plan plan, int[] qubits) {
    var errs = new ReadoutError[qubits.length];
    for (int j = 0; j < qubits.length; j++) {
      errs[j] = plan.noise.readoutError(qubits[j]);
    }
    return errs;
  }

  /** Branch keys give mid-circuit bits; terminal bits come from each branch's diagonal. */
  private double[] classicalBits(Evolved e) {
    int nc = plan.circuit.numClbits();
    var tq = plan.terminalQubitOfClbit;
    long terminalMask = 0;
    for (int b = 0; b < nc; b++) {
      if (tq[b] >= 0) {
        terminalMask |= 1L << b;
      }
    }
    var out = new double[1 << nc];
    for (var br : e.branches().entrySet()) {
      var diag = br.getValue().diagonal();
      int keyBits = (int) (br.getKey() & ~terminalMask) & ((1 << nc) - 1);
      for (int i = 0; i < diag.length; i++) {
        if (diag[i] == 0) {
          continue;
        }
        int v = keyBits;
        for (int b = 0; b < nc; b++) {
          if (tq[b] >= 0) {
            v |= (i >> tq[b] & 1) << b;
          }
        }
        out[v] += diag[i];
      }
    }
    Ops.confuse(out, terminalErrors(plan), false, false);
    return out;
  }

  static ReadoutError[] terminalErrors(Plan plan) {
    var tq = plan.terminalQubitOfClbit;
    var errs = new ReadoutError[tq.length];
    for (int b = 0; b < tq.length; b++) {
      errs[b] = tq[b] >= 0 ? plan.noise.readoutError(tq[b]) : null;
    }
    return errs;
  }

  private double[][] sample(double[] exact, int shots, SplittableRandom rng) {
    if (readout instanceof Readout.Expectations) {
      var v = new double[exact.length];
      var se = new double[exact.length];
      for (int k = 0; k < v.length; k++) {
        double pMinus = Math.min(1, Math.max(0, (1 - exact[k]) / 2));
        int minus = Sampling.binomial(shots, pMinus, rng);
        v[k] = (shots - 2.0 * minus) / shots;
        se[k] = Math.sqrt(Math.max(0, 1 - v[k] * v[k]) / shots);
      }
      return new double[][] {v, se};
    }
    if (readout instanceof Readout.Marginals) {
      var counts = new int[exact.length];
      for (int m = 0; m < exact.length; m++) {
        counts[m] = Sampling.binomial(shots, Math.min(1, Math.max(0, exact[m])), rng);
      }
      var f = Sampling.frequencies(counts, shots);
      return new double[][] {mitigated(plan, readout, mitigate, f[0], f[1]), f[1]};
    }
    var f = Sampling.frequencies(Sampling.multinomial(exact, shots, rng), shots);
    return new double[][] {mitigated(plan, readout, mitigate, f[0], f[1]), f[1]};
  }

  /**
   * With mitigation on, bit distributions are multiplied by the inverse confusion matrices; the
   * standard errors are propagated linearly, ignoring covariances between bins.
   */
  static double[] mitigated(Plan plan, Readout readout, boolean mitigate, double[] values, double[] se) {
    if (!mitigate || !plan.noise.hasReadoutError() || readout instanceof Readout.Expectations) {
      return values;
    }
    ReadoutError[] errs;
    if (readout instanceof Readout.Probabilities pr) {
      errs = errorsOf(plan, pr.qubitsOf(plan.circuit));
    } else if (readout instanceof Readout.ClassicalBits) {
      errs = terminalErrors(plan);
    } else {
      // marginals: one bit each
      var out = values.clone();
      var meas = plan.circuit.measurements();
      for (int m = 0; m < out.length; m++) {
        var one = new double[] {1 - values[m], values[m]};
        Ops.confuse(one, new ReadoutError[] {plan.noise.readoutError(meas.get(m).qubit())}, true, false);
        out[m] = one[1];
        if (se != null) {
          var var = new double[] {0, se[m] * se[m]};
          Ops.confuse(var, new ReadoutError[] {plan.noise.readoutError(meas.get(m).qubit())}, true, true);
          se[m] = Math.sqrt(Math.abs(var[1]));
        }
      }
      return out;
    }
    var out = values.clone();
    Ops.confuse(out, errs, true, false);
    if (se != null) {
      var var = new double[se.length];
      for (int i = 0; i < se.length; i++) {
        var[i] = se[i] * se[i];
      }
      Ops.confuse(var, errs, true, true);
      for (int i = 0; i < se.length; i++) {
        se[i] = Math.sqrt(Math.max(0, var[i]));
      }
    }
    return out;
  }

  /** Runs the circuit once and returns its final (merged, normalised) density matrix. */
  public static DensityMatrix finalState(Circuit circuit, double[] binding, NoiseModel noise) {
    var engine = new DensityEngine(circuit, Readout.probabilities(), noise, Long.MAX_VALUE, false);
    return engine.merged(engine.evolve(binding));
  }

}
