package dev.qssm.simulator.density;

import dev.qssm.backend.Readout;
import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.GateMatrix;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.PauliString;
import dev.qssm.circuit.Reset;
import dev.qssm.simulator.noise.Channel;
import dev.qssm.simulator.noise.NoiseModel;
import dev.qssm.simulator.noise.ReadoutError;
import dev.qssm.simulator.sampling.Sampling;
import java.util.SplittableRandom;

/**
 * Monte-Carlo trajectories: one pure state per shot, each channel replaced by one Kraus operator
 * drawn with probability ||K psi||^2 (computed from the reduced density matrix of the channel's
 * qubits). Averaged over shots this converges to the density-matrix answer, at statevector memory.
 * Internal to the simulator module.
 */
public final class TrajectoryEngine {
  private final Plan plan;
  private final Readout readout;
  private final boolean mitigate;

  public TrajectoryEngine(Circuit circuit, Readout readout, NoiseModel noise, boolean mitigate) {
    this.plan = new Plan(circuit, readout, noise);
    this.readout = readout;
    this.mitigate = mitigate;
  }

  /** {values, standard errors} of one binding row from {@code shots} trajectories. */
  public double[][] row(double[] binding, int shots, SplittableRandom rng) {
    if (shots <= 0) {
      throw new IllegalArgumentException("trajectories need shots > 0");
    }
    var c = plan.circuit;
    int size = readout.size(c);
    var tally = new double[size];
    var errs = new ReadoutError[c.numQubits()];
    for (int q = 0; q < errs.length; q++) {
      errs[q] = plan.noise.readoutError(q);
    }
    var recorded = new int[plan.numMeasurements];
    var mats = plan.matrices(binding);
    var psi = new double[2][1 << c.numQubits()];
    for (int s = 0; s < shots; s++) {
      java.util.Arrays.fill(psi[0], 0);
      java.util.Arrays.fill(psi[1], 0);
      psi[0][0] = 1;
      long key = run(psi, binding, mats, rng, recorded, errs);
      tallyShot(psi, key, recorded, errs, rng, tally);
    }
    double[] v = new double[size];
    double[] se = new double[size];
    for (int k = 0; k < size; k++) {
      if (readout instanceof Readout.Expectations) {
        v[k] = (2 * tally[k] - shots) / shots;
        se[k] = Math.sqrt(Math.max(0, 1 - v[k] * v[k]) / shots);
      } else {
        v[k] = tally[k] / shots;
        se[k] = Math.sqrt(v[k] * (1 - v[k]) / shots);
      }
    }
    return new double[][] {DensityEngine.mitigated(plan, readout, mitigate, v, se), se};
  }

  private long run(double[][] psi, double[] binding, GateMatrix[] mats, SplittableRandom rng, int[] recorded,
      ReadoutError[] errs) {
    long key = 0;
    for (int i = 0; i < plan.ins.size(); i++) {
      var in = plan.ins.get(i);
      if (in instanceof GateOperation) {
        gate(psi, i, mats[i], rng);
      } else if (in instanceof Conditional cond) {
        if (((key >> cond.clbit()) & 1) == (cond.value() ? 1 : 0)) {
          gate(psi, i, mats[i], rng);
        }
      } else if (in instanceof Measurement m) {
        if (plan.terminal[i]) {
          continue;
        }
        int outcome = collapse(psi, m.qubit(), rng);
        int bit = rng.nextDouble() < errs[m.qubit()].pRead1(outcome) ? 1 : 0;
        recorded[plan.measIndex[i]] = bit;
        key = bit == 1 ? key | (1L << m.clbit()) : key & ~(1L << m.clbit());
      } else if (in instanceof Reset r) {
        if (collapse(psi, r.qubit(), rng) == 1) {
          Apply.matrix(psi[0], psi[1], new double[] {0, 1, 1, 0}, new double[4], new int[] {r.qubit()}, 0, 0);
        }
      } else if (in instanceof AmplitudeEncoding a) {
        encode(psi, a.qubits(), Ops.amplitudes(plan.circuit, a, binding));
      }
    }
    return key;
  }

  private void gate(double[][] psi, int i, GateMatrix m, SplittableRandom rng) {
    var ctl = plan.controls[i];
    Apply.matrix(psi[0], psi[1], m.re(), m.im(), plan.targets[i], ctl[0], ctl[1]);
    for (var placed : plan.noiseAfter[i]) {
      channel(psi, placed.channel(), placed.qubits(), rng);
    }
  }

  /** Draws one Kraus operator with probability <psi|K†K|psi> and applies it, renormalised. */
  private void channel(double[][] psi, Channel ch, int[] qubits, SplittableRandom rng) {
    var mix = plan.mixture(ch);
    if (mix != null) {
      int k = Sampling.draw(mix[0], 1, rng);
      var u = mix[k + 1];
      int dd = u.length / 2;
      var re = new double[dd];
      var im = new double[dd];
      for (int i = 0; i < dd; i++) {
        re[i] = u[2 * i];
        im[i] = u[2 * i + 1];
      }
      if (!isIdentity(re, im, 1 << qubits.length)) {
        Apply.matrix(psi[0], psi[1], re, im, qubits, 0, 0);
      }
      return;
    }
    var grams = plan.gram(ch);
    int d = 1 << qubits.length;
    // draw lazily: the first operator (close to the identity) usually wins, and a diagonal K†K
    // needs only the local populations, not the whole reduced density matrix
    double[] pop = null;
    double[] rho = null;
    double u = rng.nextDouble();
    double cum = 0;
    int chosen = -1;
    double pChosen = 0;
    int lastPositive = -1;
    double pLast = 0;
    for (int k = 0; k < grams.length; k++) {
      var g = grams[k];
      double p = 0;
      if (diagonal(g, d)) {
        if (pop == null) {
          pop = populations(psi, qubits);
        }
        for (int a = 0; a < d; a++) {
          p += g[2 * (a * d + a)] * pop[a];
        }
      } else {
        if (rho == null) {
          rho = reduced(psi, qubits);
        }
        // tr(G rho) = sum_ab G[b,a] rho[a,b], real for Hermitian G and rho
        for (int a = 0; a < d; a++) {
          for (int b = 0; b < d; b++) {
            p += g[2 * (b * d + a)] * rho[2 * (a * d + b)] - g[2 * (b * d + a) + 1] * rho[2 * (a * d + b) + 1];
          }
        }
      }
      if (p > 0) {
        lastPositive = k;
        pLast = p;
      }
      cum += p;
      if (u < cum && p > 0) {
        chosen = k;
        pChosen = p;
        break;
      }
    }
    if (chosen < 0) {
      chosen = lastPositive;
      pChosen = pLast;
    }
    var kr = ch.kraus().get(chosen);
    double inv = 1 / Math.sqrt(pChosen);
    var re = kr.re().clone();
    var im = kr.im().clone();
    for (int i = 0; i < re.length; i++) {
      re[i] *= inv;
      im[i] *= inv;
    }
    Apply.matrix(psi[0], psi[1], re, im, qubits, 0, 0);
  }

  private static boolean diagonal(double[] g, int d) {
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        if (a != b && (g[2 * (a * d + b)] != 0 || g[2 * (a * d + b) + 1] != 0)) {
          return false;
        }
      }
    }
    return true;
  }

  /** P(local qubits = a) for each a. */
  private static double[] populations(double[][] psi, int[] qubits) {
    int d = 1 << qubits.length;
    var pop = new double[d];
    var re = psi[0];
    var im = psi[1];
    if (qubits.length == 1) {
      int bit = 1 << qubits[0];
      double p1 = 0;
      double all = 0;
      for (int i = 0; i < re.length; i++) {
        double v = re[i] * re[i] + im[i] * im[i];
        all += v;
        if ((i & bit) != 0) {
          p1 += v;
        }
      }
      pop[0] = all - p1;
      pop[1] = p1;
      return pop;
    }
    var offs = new int[d];
    for (int a = 0; a < d; a++) {
      for (int j = 0; j < qubits.length; j++) {
        if ((a >> j & 1) != 0) {
          offs[a] |= 1 << qubits[j];
        }
      }
    }
    var sorted = qubits.clone();
    java.util.Arrays.sort(sorted);
    int groups = re.length >> qubits.length;
    for (int g = 0; g < groups; g++) {
      int base = g;
      for (int q : sorted) {
        base = Apply.insertZero(base, q);
      }
      for (int a = 0; a < d; a++) {
        int i = base + offs[a];
        pop[a] += re[i] * re[i] + im[i] * im[i];
      }
    }
    return pop;
  }

  private static boolean isIdentity(double[] re, double[] im, int d) {
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        if (re[i * d + j] != (i == j ? 1 : 0) || im[i * d + j] != 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** rho[a,b] = sum over the other qubits of psi[.. a ..] conj(psi[.. b ..]), interleaved re/im. */
  private static double[] reduced(double[][] psi, int[] qubits) {
    int k = qubits.length;
    int d = 1 << k;
    var offs = new int[d];
    int mask = 0;
    for (int a = 0; a < d; a++) {
      for (int j = 0; j < k; j++) {
        if ((a >> j & 1) != 0) {
          offs[a] |= 1 << qubits[j];
        }
      }
    }
    for (int q : qubits) {
      mask |= 1 << q;
    }
    var rho = new double[2 * d * d];
    var re = psi[0];
    var im = psi[1];
    for (int base = 0; base < re.length; base++) {
      if ((base & mask) != 0) {
        continue;
      }
      for (int a = 0; a < d; a++) {
        double xr = re[base + offs[a]];
        double xi = im[base + offs[a]];
        if (xr == 0 && xi == 0) {
          continue;
        }
        for (int b = 0; b < d; b++) {
          double yr = re[base + offs[b]];
          double yi = -im[base + offs[b]];
          rho[2 * (a * d + b)] += xr * yr - xi * yi;
          rho[2 * (a * d + b) + 1] += xr * yi + xi * yr;
        }
      }
    }
    return rho;
  }

  private static int collapse(double[][] psi, int q, SplittableRandom rng) {
    double p1 = 0;
    for (int i = 0; i < psi[0].length; i++) {
      if ((i >> q & 1) != 0) {
        p1 += psi[0][i] * psi[0][i] + psi[1][i] * psi[1][i];
      }
    }
    int outcome = rng.nextDouble() < p1 ? 1 : 0;
    double inv = 1 / Math.sqrt(outcome == 1 ? p1 : 1 - p1);
    for (int i = 0; i < psi[0].length; i++) {
      if ((i >> q & 1) != outcome) {
        psi[0][i] = 0;
        psi[1][i] = 0;
      } else {
        psi[0][i] *= inv;
        psi[1][i] *= inv;
      }
    }
    return outcome;
  }

  private static void encode(double[][] psi, int[] qubits, double[] amps) {
    int mask = 0;
    for (int q : qubits) {
      mask |= 1 << q;
    }
    var offs = new int[amps.length];
    for (int a = 0; a < amps.length; a++) {
      for (int j = 0; j < qubits.length; j++) {
        if ((a >> j & 1) != 0) {
          offs[a] |= 1 << qubits[j];
        }
      }
    }
    for (int base = 0; base < psi[0].length; base++) {
      if ((base & mask) != 0) {
        continue;
      }
      double r = psi[0][base];
      double i = psi[1][base];
      for (int a = amps.length - 1; a >= 0; a--) {
        psi[0][base | offs[a]] = r * amps[a];
        psi[1][base | offs[a]] = i * amps[a];
      }
    }
  }

  private void tallyShot(double[][] psi, long key, int[] recorded, ReadoutError[] errs, SplittableRandom rng,
      double[] tally) {
    var c = plan.circuit;
    if (readout instanceof Readout.Expectations ex) {
      for (int k = 0; k < tally.length; k++) {
        double e = Ops.noisyExpectation(ex.observables().get(k), errs, p -> expectation(psi, p));
        if (rng.nextDouble() < (1 + e) / 2) {
          tally[k]++;
        }
      }
      return;
    }
    var probs = new double[psi[0].length];
    double total = 0;
    for (int i = 0; i < probs.length; i++) {
      probs[i] = psi[0][i] * psi[0][i] + psi[1][i] * psi[1][i];
      total += probs[i];
    }
    int index = Sampling.draw(probs, total, rng);
    if (readout instanceof Readout.Probabilities pr) {
      var qs = pr.qubitsOf(c);
      int k = 0;
      for (int j = 0; j < qs.length; j++) {
        k |= readBit(index >> qs[j] & 1, errs[qs[j]], rng) << j;
      }
      tally[k]++;
    } else if (readout instanceof Readout.Marginals) {
      for (int i = 0, m = 0; i < plan.ins.size(); i++) {
        if (plan.ins.get(i) instanceof Measurement me) {
          int bit = plan.terminal[i] ? readBit(index >> me.qubit() & 1, errs[me.qubit()], rng) : recorded[m];
          tally[m++] += bit;
        }
      }
    } else {
      var tq = plan.terminalQubitOfClbit;
      long v = key;
      for (int b = 0; b < tq.length; b++) {
        if (tq[b] >= 0) {
          long bit = readBit(index >> tq[b] & 1, errs[tq[b]], rng);
          v = (v & ~(1L << b)) | (bit << b);
        }
      }
      tally[(int) v]++;
    }
  }

  private static int readBit(int bit, ReadoutError e, SplittableRandom rng) {
    return e.isNone() ? bit : rng.nextDouble() < e.pRead1(bit) ? 1 : 0;
  }

  private static double expectation(double[][] psi, PauliString p) {
    int x = 0;
    int zy = 0;
    int ny = 0;
    for (int j = 0; j < p.qubits().length; j++) {
      int bit = 1 << p.qubits()[j];
      char ch = p.ops().charAt(j);
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
    // <psi|P|psi> = sum_c conj(psi[c ^ x]) phase(c) psi[c]
    double sr = 0;
    double si = 0;
    for (int cIdx = 0; cIdx < psi[0].length; cIdx++) {
      double s = (Integer.bitCount(cIdx & zy) & 1) == 0 ? 1 : -1;
      double ar = psi[0][cIdx ^ x];
      double ai = -psi[1][cIdx ^ x];
      double br = psi[0][cIdx];
      double bi = psi[1][cIdx];
      sr += s * (ar * br - ai * bi);
      si += s * (ar * bi + ai * br);
    }
    switch (ny & 3) {
      case 0: return sr;
      case 1: return -si;
      case 2: return -sr;
      default: return si;
    }
  }
}
