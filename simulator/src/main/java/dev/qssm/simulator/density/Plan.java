package dev.qssm.simulator.density;

import dev.qssm.backend.Readout;
import dev.qssm.circuit.Barrier;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Measurement;
import dev.qssm.simulator.noise.Channel;
import dev.qssm.simulator.noise.NoiseModel;
import dev.qssm.circuit.GateMatrix;
import dev.qssm.circuit.GateOperation;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** What the engines need to know about a circuit once, not per binding row or shot. */
final class Plan {
  final Circuit circuit;
  final NoiseModel noise;
  final List<Instruction> ins;
  /** For each instruction that is a measurement: true when nothing later depends on its collapse. */
  final boolean[] terminal;
  /** Index among measurements, per instruction (-1 if not a measurement). */
  final int[] measIndex;
  /** Per clbit: the qubit of the last measurement writing it when that one is terminal, else -1. */
  final int[] terminalQubitOfClbit;
  final boolean trackClbits;
  final int numMeasurements;
  /** Per instruction: the gate it runs (also inside a conditional), its targets, control {mask, value}, noise. */
  final GateOperation[] gate;
  final int[][] targets;
  final int[][] controls;
  final List<NoiseModel.Placed>[] noiseAfter;
  /**
   * Per instruction: the last instruction of the run of single-qubit gates it starts (itself when
   * the run is one gate, or it is no gate), and per instruction the first of the run it ends. A
   * run is consecutive noise-free gates on one target qubit under the same controls; its product
   * is applied in one pass over the state instead of one pass per gate (QMamba's Δ is 200 such
   * rotations on one qubit per token).
   */
  final int[] runEnd;
  final int[] runStart;
  private final Map<Channel, Superop> superops = new IdentityHashMap<>();
  private final Map<Channel, double[][]> grams = new IdentityHashMap<>();
  private final Map<Channel, double[][]> mixtures = new IdentityHashMap<>();
  private static final double[][] NOT_MIXTURE = new double[0][];

  Plan(Circuit circuit, Readout readout, NoiseModel noise) {
    this.circuit = circuit;
    this.noise = noise;
    this.ins = circuit.instructions();
    int m = ins.size();
    gate = new GateOperation[m];
    targets = new int[m][];
    controls = new int[m][];
    @SuppressWarnings("unchecked")
    List<NoiseModel.Placed>[] after = new List[m];
    noiseAfter = after;
    for (int i = 0; i < m; i++) {
      var in = ins.get(i);
      var g = in instanceof GateOperation op ? op : in instanceof Conditional c ? c.operation() : null;
      if (g != null) {
        gate[i] = g;
        targets[i] = g.targets();
        controls[i] = Ops.controls(g);
        noiseAfter[i] = noise.after(g.gate().qasmName(), g.allQubits());
      }
    }
    runEnd = new int[m];
    runStart = new int[m];
    for (int i = 0; i < m; i++) {
      int end = i;
      if (fusable(i)) {
        while (end + 1 < m && fusable(end + 1) && targets[end + 1][0] == targets[i][0]
            && controls[end + 1][0] == controls[i][0] && controls[end + 1][1] == controls[i][1]) {
          end++;
        }
      }
      for (int j = i; j <= end; j++) {
        runEnd[j] = end;
        runStart[j] = i;
      }
      i = end;
    }
    terminal = new boolean[m];
    measIndex = new int[m];
    boolean conditionals = false;
    int count = 0;
    for (int i = 0; i < m; i++) {
      measIndex[i] = -1;
      if (ins.get(i) instanceof Conditional) {
        conditionals = true;
      }
      if (ins.get(i) instanceof Measurement me) {
        measIndex[i] = count++;
        terminal[i] = isTerminal(i, me);
      }
    }
    numMeasurements = count;
    trackClbits = conditionals || readout instanceof Readout.ClassicalBits;
    terminalQubitOfClbit = new int[circuit.numClbits()];
    java.util.Arrays.fill(terminalQubitOfClbit, -1);
    for (int i = 0; i < m; i++) {
      if (ins.get(i) instanceof Measurement me) {
        terminalQubitOfClbit[me.clbit()] = terminal[i] ? me.qubit() : -1;
      }
    }
  }

  /** An unconditional, noise-free gate on one target qubit. */
  private boolean fusable(int i) {
    return ins.get(i) instanceof GateOperation && targets[i].length == 1 && noiseAfter[i].isEmpty();
  }

  /** The product M_to ··· M_from of a run's gate matrices (what the run does, first gate first). */
  static GateMatrix product(GateMatrix[] mats, int from, int to) {
    var p = mats[from];
    for (int j = from + 1; j <= to; j++) {
      p = mats[j].times(p);
    }
    return p;
  }

  private boolean isTerminal(int at, Measurement me) {
    for (int j = at + 1; j < ins.size(); j++) {
      var later = ins.get(j);
      if (later instanceof Barrier) {
        continue;
      }
      if (later instanceof Conditional c && c.clbit() == me.clbit()) {
        return false;
      }
      for (int q : later.qubits()) {
        if (q == me.qubit()) {
          return false;
        }
      }
    }
    return true;
  }

  synchronized Superop superop(Channel c) {
    return superops.computeIfAbsent(c, Superop::new);
  }

  /** Gate matrices of one binding row, per instruction (null where there is no gate). */
  GateMatrix[] matrices(double[] binding) {
    var out = new GateMatrix[ins.size()];
    for (int i = 0; i < out.length; i++) {
      if (gate[i] != null) {
        out[i] = Ops.matrix(circuit, gate[i], binding);
      }
    }
    return out;
  }

  /**
   * For a mixture of unitaries (every K†K = p I, e.g. Pauli channels): {probabilities, then each
   * K/sqrt(p) as interleaved re/im}; null otherwise. Such channels need no look at the state.
   */
  synchronized double[][] mixture(Channel c) {
    return mixtures.computeIfAbsent(c, ch -> {
      var gs = gram(ch);
      int d = 1 << ch.numQubits();
      var probs = new double[gs.length];
      var out = new double[gs.length + 1][];
      for (int k = 0; k < gs.length; k++) {
        var g = gs[k];
        double p = g[0];
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            double want = i == j ? p : 0;
            if (Math.abs(g[2 * (i * d + j)] - want) > 1e-14 || Math.abs(g[2 * (i * d + j) + 1]) > 1e-14) {
              return NOT_MIXTURE;
            }
          }
        }
        probs[k] = p;
        var m = ch.kraus().get(k);
        var u = new double[2 * d * d];
        double inv = p > 0 ? 1 / Math.sqrt(p) : 0;
        for (int i = 0; i < d * d; i++) {
          u[2 * i] = m.re()[i] * inv;
          u[2 * i + 1] = m.im()[i] * inv;
        }
        out[k + 1] = u;
      }
      out[0] = probs;
      return out;
    }) == NOT_MIXTURE ? null : mixtures.get(c);
  }

  /** K†K of each Kraus operator, interleaved re/im (for drawing a trajectory's operator). */
  synchronized double[][] gram(Channel c) {
    return grams.computeIfAbsent(c, Plan::gramOf);
  }

  private static double[][] gramOf(Channel c) {
    int d = 1 << c.numQubits();
    var out = new double[c.kraus().size()][];
    for (int k = 0; k < out.length; k++) {
      var m = c.kraus().get(k);
      var g = new double[2 * d * d];
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          double re = 0;
          double im = 0;
          for (int r = 0; r < d; r++) {
            double ar = m.re(r, i);
            double ai = -m.im(r, i);
            re += ar * m.re(r, j) - ai * m.im(r, j);
            im += ar * m.im(r, j) + ai * m.re(r, j);
          }
          g[2 * (i * d + j)] = re;
          g[2 * (i * d + j) + 1] = im;
        }
      }
      out[k] = g;
    }
    return out;
  }
}
