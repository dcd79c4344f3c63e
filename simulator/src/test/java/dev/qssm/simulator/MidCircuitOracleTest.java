package dev.qssm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.PauliString;
import dev.qssm.circuit.Reset;
import dev.qssm.testkit.ReferenceBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random circuits with mid-circuit measurements and resets against a small density-matrix oracle
 * that keeps one unnormalised density matrix per record of measurement outcomes.
 */
class MidCircuitOracleTest {

  /** Dense complex matrix d x d as {re, im}. */
  private record Rho(double[][] re, double[][] im) {}

  private static Circuit randomCircuit(int n, int ops, Random rnd) {
    var b = Circuit.builder(n).classicalRegister("c", n);
    var gates = Gate.values();
    for (int k = 0; k < ops; k++) {
      int kind = rnd.nextInt(10);
      if (kind < 2) {
        b.measure(rnd.nextInt(n), rnd.nextInt(n));
      } else if (kind < 3) {
        b.reset(rnd.nextInt(n));
      } else {
        Gate g;
        do {
          g = gates[rnd.nextInt(gates.length)];
        } while (g.numQubits() > n);
        var qs = new RandomCircuits(rnd.nextLong()).shuffledQubits(n);
        var angles = new ArrayList<Angle>();
        for (int a = 0; a < g.numParams(); a++) {
          angles.add(Angle.constant(rnd.nextDouble() * 6 - 3));
        }
        b.gate(g, angles, java.util.Arrays.copyOf(qs, g.numQubits()));
      }
    }
    b.measure(rnd.nextInt(n), 0);
    return b.build();
  }

  /** The full matrix of one gate, column j = the gate applied to |j> by the reference backend. */
  private static double[][][] unitary(int n, GateOperation g) {
    int d = 1 << n;
    var re = new double[d][d];
    var im = new double[d][d];
    for (int j = 0; j < d; j++) {
      var b = Circuit.builder(n);
      for (int q = 0; q < n; q++) {
        if ((j >> q & 1) == 1) {
          b.x(q);
        }
      }
      var col = ReferenceBackend.simulate(b.append(g).build(), new double[0]);
      for (int i = 0; i < d; i++) {
        re[i][j] = col[0][i];
        im[i][j] = col[1][i];
      }
    }
    return new double[][][] {re, im};
  }

  private static Rho mul(double[][] ar, double[][] ai, double[][] br, double[][] bi) {
    int d = ar.length;
    var r = new double[d][d];
    var i = new double[d][d];
    for (int x = 0; x < d; x++) {
      for (int y = 0; y < d; y++) {
        for (int z = 0; z < d; z++) {
          r[x][y] += ar[x][z] * br[z][y] - ai[x][z] * bi[z][y];
          i[x][y] += ar[x][z] * bi[z][y] + ai[x][z] * br[z][y];
        }
      }
    }
    return new Rho(r, i);
  }

  private static Rho conjugate(Rho rho, double[][] ur, double[][] ui) {
    int d = ur.length;
    var vr = new double[d][d];
    var vi = new double[d][d];
    for (int x = 0; x < d; x++) {
      for (int y = 0; y < d; y++) {
        vr[x][y] = ur[y][x];
        vi[x][y] = -ui[y][x];
      }
    }
    var t = mul(ur, ui, rho.re(), rho.im());
    return mul(t.re(), t.im(), vr, vi);
  }

  /** Keeps entries whose qubit q equals {@code bit} in both indices, optionally moving them to q = 0. */
  private static Rho project(Rho rho, int q, int bit, boolean toZero) {
    int d = rho.re().length;
    var r = new double[d][d];
    var i = new double[d][d];
    for (int x = 0; x < d; x++) {
      for (int y = 0; y < d; y++) {
        if ((x >> q & 1) == bit && (y >> q & 1) == bit) {
          int tx = toZero ? x & ~(1 << q) : x;
          int ty = toZero ? y & ~(1 << q) : y;
          r[tx][ty] += rho.re()[x][y];
          i[tx][ty] += rho.im()[x][y];
        }
      }
    }
    return new Rho(r, i);
  }

  private static Rho add(Rho a, Rho b) {
    int d = a.re().length;
    var r = new double[d][d];
    var i = new double[d][d];
    for (int x = 0; x < d; x++) {
      for (int y = 0; y < d; y++) {
        r[x][y] = a.re()[x][y] + b.re()[x][y];
        i[x][y] = a.im()[x][y] + b.im()[x][y];
      }
    }
    return new Rho(r, i);
  }

  /** Unnormalised density matrices keyed by the outcome string of all measurements so far. */
  private static Map<String, Rho> evolve(Circuit c, boolean collapseTerminal) {
    int d = 1 << c.numQubits();
    var start = new Rho(new double[d][d], new double[d][d]);
    start.re()[0][0] = 1;
    Map<String, Rho> records = new HashMap<>(Map.of("", start));
    var ins0 = c.instructions();
    for (int at = 0; at < ins0.size(); at++) {
      var ins = ins0.get(at);
      if (ins instanceof Measurement m && !collapseTerminal && terminal(c, at, m.qubit())) {
        continue;
      }
      var next = new HashMap<String, Rho>();
      for (var e : records.entrySet()) {
        var rho = e.getValue();
        if (ins instanceof GateOperation g) {
          var u = unitary(c.numQubits(), g);
          next.put(e.getKey(), conjugate(rho, u[0], u[1]));
        } else if (ins instanceof Measurement m) {
          next.put(e.getKey() + "0", project(rho, m.qubit(), 0, false));
          next.put(e.getKey() + "1", project(rho, m.qubit(), 1, false));
        } else if (ins instanceof Reset r) {
          next.put(e.getKey(), add(project(rho, r.qubit(), 0, false), project(rho, r.qubit(), 1, true)));
        }
      }
      records = next;
    }
    return records;
  }

  /** No later gate or reset touches the qubit (as in the engine, terminal measurements are deferred). */
  private static boolean terminal(Circuit c, int at, int qubit) {
    var ins = c.instructions();
    for (int k = at + 1; k < ins.size(); k++) {
      var in = ins.get(k);
      if (in instanceof Measurement) {
        continue;
      }
      var qs = in instanceof GateOperation g ? g.allQubits() : in.qubits();
      for (int q : qs) {
        if (q == qubit) {
          return false;
        }
      }
    }
    return true;
  }

  private static double trace(Rho rho) {
    double t = 0;
    for (int x = 0; x < rho.re().length; x++) {
      t += rho.re()[x][x];
    }
    return t;
  }

  private static double[] oracle(Circuit c, Readout r) {
    // expectations (like probabilities) read the state before terminal measurements
    var records = evolve(c, !(r instanceof Readout.Expectations));
    int d = 1 << c.numQubits();
    var total = new Rho(new double[d][d], new double[d][d]);
    for (var rho : records.values()) {
      total = add(total, rho);
    }
    if (r instanceof Readout.Probabilities) {
      var out = new double[d];
      for (int x = 0; x < d; x++) {
        out[x] = total.re()[x][x];
      }
      return out;
    }
    if (r instanceof Readout.Expectations e) {
      var out = new double[e.observables().size()];
      for (int k = 0; k < out.length; k++) {
        // tr(P rho) with P built column by column from the reference's own Pauli action
        var p = e.observables().get(k);
        for (int j = 0; j < d; j++) {
          var basis = new double[][] {new double[d], new double[d]};
          basis[0][j] = 1;
          var pj = pauliApply(p, basis, c.numQubits());
          for (int i = 0; i < d; i++) {
            // (P rho)_{jj} summed = sum_i <j|P|i> rho_ij ; here pj = P|j>, so <i|P|j> = pj[i]
            out[k] += pj[0][i] * total.re()[j][i] - pj[1][i] * total.im()[j][i];
          }
        }
      }
      return out;
    }
    var ms = c.measurements();
    if (r instanceof Readout.Marginals) {
      var out = new double[ms.size()];
      for (var e : records.entrySet()) {
        for (int m = 0; m < out.length; m++) {
          if (e.getKey().charAt(m) == '1') {
            out[m] += trace(e.getValue());
          }
        }
      }
      return out;
    }
    var out = new double[1 << c.numClbits()];
    for (var e : records.entrySet()) {
      int bits = 0;
      for (int m = 0; m < ms.size(); m++) {
        int clbit = ms.get(m).clbit();
        bits = e.getKey().charAt(m) == '1' ? bits | (1 << clbit) : bits & ~(1 << clbit);
      }
      out[bits] += trace(e.getValue());
    }
    return out;
  }

  /** P|psi> entry by entry. */
  private static double[][] pauliApply(PauliString p, double[][] psi, int n) {
    int d = 1 << n;
    var out = new double[][] {new double[d], new double[d]};
    for (int i = 0; i < d; i++) {
      double fr = 1;
      double fi = 0;
      int j = i;
      for (int k = 0; k < p.qubits().length; k++) {
        int q = p.qubits()[k];
        int bit = i >> q & 1;
        char op = p.ops().charAt(k);
        double gr;
        double gi;
        if (op == 'X') {
          gr = 1;
          gi = 0;
          j ^= 1 << q;
        } else if (op == 'Y') {
          gr = 0;
          gi = bit == 0 ? 1 : -1;
          j ^= 1 << q;
        } else {
          gr = bit == 0 ? 1 : -1;
          gi = 0;
        }
        double t = fr * gr - fi * gi;
        fi = fr * gi + fi * gr;
        fr = t;
      }
      out[0][j] += fr * psi[0][i] - fi * psi[1][i];
      out[1][j] += fr * psi[1][i] + fi * psi[0][i];
    }
    return out;
  }

  @Test
  void randomMidCircuitCircuitsMatchTheDensityMatrixOracle() {
    var rnd = new Random(71);
    int compared = 0;
    try (var standard = Backends.standard(); var threaded = Backends.threaded()) {
      for (int trial = 0; trial < 30; trial++) {
        int n = 1 + trial % 3;
        var c = randomCircuit(n, 6 + rnd.nextInt(8), rnd);
        var label = new StringBuilder();
        for (int q = 0; q < n; q++) {
          label.append("XYZ".charAt(rnd.nextInt(3)));
        }
        for (var r : List.of(Readout.probabilities(), Readout.marginals(), Readout.classicalBits(),
            Readout.expectations(PauliString.parse(label.toString()), PauliString.z(0)))) {
          var expected = oracle(c, r);
          for (var b : List.of(standard, threaded)) {
            var actual = b.run(Task.builder(c).readout(r).build()).values()[0];
            for (int k = 0; k < expected.length; k++) {
              assertEquals(expected[k], actual[k], 1e-12, c + " " + r + " value " + k);
            }
            compared++;
          }
        }
      }
    }
    assertTrue(compared >= 200);
  }
}
