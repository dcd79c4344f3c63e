package dev.qssm.simulator.noise;

import dev.qssm.circuit.GateMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * A completely positive, trace-preserving map on one or two qubits, given by its Kraus operators
 * (matrices little-endian over the qubits the channel is applied to, like {@link
 * dev.qssm.circuit.Gate#targetMatrix}). Every factory checks its arguments; {@link #kraus} checks
 * that sum K†K = I.
 *
 * @param name what it is, for messages and metadata
 * @param numQubits 1 or 2
 * @param kraus the Kraus operators, each 2^numQubits square
 */
public record Channel(String name, int numQubits, List<GateMatrix> kraus) {
  private static final double CPTP_TOLERANCE = 1e-9;

  public Channel {
    kraus = List.copyOf(kraus);
    if (numQubits < 1 || numQubits > 2) {
      throw new NoiseException("channel '" + name + "' acts on " + numQubits + " qubits; 1 or 2 are allowed");
    }
    int d = 1 << numQubits;
    if (kraus.isEmpty()) {
      throw new NoiseException("channel '" + name + "' has no Kraus operators");
    }
    for (var k : kraus) {
      if (k.dim() != d) {
        throw new NoiseException("channel '" + name + "': Kraus operator of dimension " + k.dim()
            + " does not fit " + numQubits + " qubit(s) (dimension " + d + ")");
      }
    }
    double dev = cptpDeviation(kraus, d);
    if (dev > CPTP_TOLERANCE) {
      throw new NoiseException("channel '" + name + "': Kraus operators are not trace preserving: sum K†K"
          + " differs from the identity by " + dev + " (allowed " + CPTP_TOLERANCE + ")");
    }
  }

  /** A general channel from its Kraus operators; throws unless sum K†K = I. */
  public static Channel kraus(String name, List<GateMatrix> operators) {
    if (operators.isEmpty()) {
      throw new NoiseException("channel '" + name + "' has no Kraus operators");
    }
    int d = operators.get(0).dim();
    int n = d == 2 ? 1 : d == 4 ? 2 : -1;
    if (n < 0) {
      throw new NoiseException("channel '" + name + "': Kraus operators must be 2x2 or 4x4, got dimension " + d);
    }
    return new Channel(name, n, operators);
  }

  /** With probability p one of X, Y, Z (each p/3): on |0>, {@code <Z>} = 1 - 4p/3. */
  public static Channel depolarizing(double p) {
    check("depolarizing", p);
    return pauli("depolarizing", p / 3, p / 3, p / 3);
  }

  /** With probability p one of the 15 non-identity two-qubit Paulis (each p/15). */
  public static Channel depolarizing2(double p) {
    check("depolarizing2", p);
    var ops = new ArrayList<GateMatrix>();
    var one = paulis();
    for (int b = 0; b < 4; b++) {
      for (int a = 0; a < 4; a++) {
        double w = a == 0 && b == 0 ? 1 - p : p / 15;
        if (w > 0) {
          ops.add(scale(kron(one[b], one[a]), Math.sqrt(w)));
        }
      }
    }
    return new Channel("depolarizing2(" + p + ")", 2, ops);
  }

  /** Energy loss: |1> decays to |0> with probability gamma. */
  public static Channel amplitudeDamping(double gamma) {
    check("amplitudeDamping", gamma);
    return new Channel("amplitudeDamping(" + gamma + ")", 1, List.of(
        real(1, 0, 0, Math.sqrt(1 - gamma)),
        real(0, Math.sqrt(gamma), 0, 0)));
  }

  /** Loss of phase without loss of energy: coherences are scaled by sqrt(1 - lambda). */
  public static Channel phaseDamping(double lambda) {
    check("phaseDamping", lambda);
    return new Channel("phaseDamping(" + lambda + ")", 1, List.of(
        real(1, 0, 0, Math.sqrt(1 - lambda)),
        real(0, 0, 0, Math.sqrt(lambda))));
  }

  /** X with probability p. */
  public static Channel bitFlip(double p) {
    check("bitFlip", p);
    return pauli("bitFlip", p, 0, 0);
  }

  /** Z with probability p. */
  public static Channel phaseFlip(double p) {
    check("phaseFlip", p);
    return pauli("phaseFlip", 0, 0, p);
  }

  /** X, Y, Z with probabilities px, py, pz (identity otherwise). */
  public static Channel pauli(double px, double py, double pz) {
    return pauli("pauli", px, py, pz);
  }

  /**
   * Relaxation towards |0> during {@code time}: populations of |1> decay as exp(-time/T1) and
   * coherences as exp(-time/T2). Times in any one unit. Needs T2 <= 2 T1.
   */
  public static Channel thermalRelaxation(double t1, double t2, double time) {
    if (!(t1 > 0) || !Double.isFinite(t1)) {
      throw new NoiseException("T1 must be a positive finite time, got " + t1);
    }
    if (!(t2 > 0) || !Double.isFinite(t2)) {
      throw new NoiseException("T2 must be a positive finite time, got " + t2);
    }
    if (t2 > 2 * t1 * (1 + 1e-12)) {
      throw new NoiseException("T2 = " + t2 + " exceeds 2*T1 = " + 2 * t1 + "; physical qubits have T2 <= 2*T1");
    }
    if (!(time >= 0) || !Double.isFinite(time)) {
      throw new NoiseException("gate time must be >= 0 and finite, got " + time);
    }
    double gamma = 1 - Math.exp(-time / t1);
    // amplitude damping scales coherences by exp(-t/(2 T1)); pure dephasing supplies the rest
    double coherence = Math.exp(-time / t2 + time / (2 * t1));
    double lambda = Math.max(0, Math.min(1, 1 - coherence * coherence));
    double a = Math.sqrt(1 - gamma);
    double b = Math.sqrt(1 - lambda);
    var ops = new ArrayList<GateMatrix>();
    ops.add(real(1, 0, 0, a * b)); // B0 A0
    ops.add(real(0, Math.sqrt(gamma), 0, 0)); // B0 A1
    if (lambda > 0) {
      ops.add(real(0, 0, 0, a * Math.sqrt(lambda))); // B1 A0 (B1 A1 = 0)
    }
    return new Channel("thermalRelaxation(T1=" + t1 + ", T2=" + t2 + ", t=" + time + ")", 1, ops);
  }

  /** The channel {@code first} on qubit 0 and {@code second} on qubit 1 of a two-qubit channel. */
  public static Channel tensor(Channel first, Channel second) {
    if (first.numQubits != 1 || second.numQubits != 1) {
      throw new NoiseException("tensor needs two one-qubit channels");
    }
    var ops = new ArrayList<GateMatrix>();
    for (var b : second.kraus) {
      for (var a : first.kraus) {
        ops.add(kron(b, a));
      }
    }
    return new Channel(first.name + "⊗" + second.name, 2, ops);
  }

  /** Applies {@code this}, then {@code next}, on the same qubits. */
  public Channel then(Channel next) {
    if (next.numQubits != numQubits) {
      throw new NoiseException("cannot compose a " + numQubits + "-qubit channel with a " + next.numQubits + "-qubit one");
    }
    var ops = new ArrayList<GateMatrix>();
    for (var b : next.kraus) {
      for (var a : kraus) {
        ops.add(b.times(a));
      }
    }
    return new Channel(name + "; " + next.name, numQubits, ops);
  }

  /** Process fidelity with the identity: sum_k |tr K|^2 / d^2. */
  public double processFidelity() {
    int d = 1 << numQubits;
    double f = 0;
    for (var k : kraus) {
      double re = 0;
      double im = 0;
      for (int i = 0; i < d; i++) {
        re += k.re(i, i);
        im += k.im(i, i);
      }
      f += re * re + im * im;
    }
    return f / ((double) d * d);
  }

  /** Average gate infidelity 1 - (d F_pro + 1)/(d + 1). */
  public double averageInfidelity() {
    int d = 1 << numQubits;
    return 1 - (d * processFidelity() + 1) / (d + 1);
  }

  @Override
  public String toString() {
    return name;
  }

  static void check(String field, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new NoiseException("'" + field + "' must be a probability in [0, 1], got " + p);
    }
  }

  private static Channel pauli(String name, double px, double py, double pz) {
    check(name + ".px", px);
    check(name + ".py", py);
    check(name + ".pz", pz);
    double pi = 1 - px - py - pz;
    if (pi < -1e-12) {
      throw new NoiseException("'" + name + "': px + py + pz = " + (px + py + pz) + " exceeds 1");
    }
    var p = paulis();
    var ops = new ArrayList<GateMatrix>();
    double[] w = {Math.max(0, pi), px, py, pz};
    for (int i = 0; i < 4; i++) {
      if (w[i] > 0 || (i == 0 && ops.isEmpty() && px + py + pz == 0)) {
        ops.add(scale(p[i], Math.sqrt(w[i])));
      }
    }
    if (ops.isEmpty()) {
      ops.add(p[0]);
    }
    String label = name.equals("pauli") ? "pauli(" + px + ", " + py + ", " + pz + ")"
        : name + "(" + (px + py + pz) + ")";
    return new Channel(label, 1, ops);
  }

  private static double cptpDeviation(List<GateMatrix> ops, int d) {
    double worst = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double re = 0;
        double im = 0;
        for (var k : ops) {
          for (int r = 0; r < d; r++) {
            // conj(K[r,i]) * K[r,j]
            double ar = k.re(r, i);
            double ai = -k.im(r, i);
            re += ar * k.re(r, j) - ai * k.im(r, j);
            im += ar * k.im(r, j) + ai * k.re(r, j);
          }
        }
        worst = Math.max(worst, Math.hypot(re - (i == j ? 1 : 0), im));
      }
    }
    return worst;
  }

  static GateMatrix[] paulis() {
    return new GateMatrix[] {
      real(1, 0, 0, 1),
      real(0, 1, 1, 0),
      new GateMatrix(2, new double[] {0, 0, 0, 0}, new double[] {0, -1, 1, 0}),
      real(1, 0, 0, -1)
    };
  }

  private static GateMatrix real(double a, double b, double c, double d) {
    return new GateMatrix(2, new double[] {a, b, c, d}, new double[4]);
  }

  private static GateMatrix scale(GateMatrix m, double s) {
    var re = m.re().clone();
    var im = m.im().clone();
    for (int i = 0; i < re.length; i++) {
      re[i] *= s;
      im[i] *= s;
    }
    return new GateMatrix(m.dim(), re, im);
  }

  /** hi ⊗ lo: lo acts on the low bit of the index. */
  static GateMatrix kron(GateMatrix hi, GateMatrix lo) {
    int dh = hi.dim();
    int dl = lo.dim();
    int d = dh * dl;
    var re = new double[d * d];
    var im = new double[d * d];
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) {
        double ar = hi.re(r / dl, c / dl);
        double ai = hi.im(r / dl, c / dl);
        double br = lo.re(r % dl, c % dl);
        double bi = lo.im(r % dl, c % dl);
        re[r * d + c] = ar * br - ai * bi;
        im[r * d + c] = ar * bi + ai * br;
      }
    }
    return new GateMatrix(d, re, im);
  }
}
