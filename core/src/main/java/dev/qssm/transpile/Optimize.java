package dev.qssm.transpile;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Barrier;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Peephole optimisation of a basis circuit, repeated until nothing changes: runs of constant
 * single-qubit gates are re-synthesised when that is shorter, adjacent {@code rz} merge (when the
 * sum stays affine in one parameter) and vanish at angle 0, and adjacent self-inverse pairs
 * ({@code x x}, {@code cz cz}, {@code ecr ecr}) cancel. Barriers block all of it, and so does a
 * classically conditioned gate on its qubits: it is never merged, cancelled or moved, nor is
 * anything merged across it (it may or may not run).
 */
public final class Optimize implements Pass {

  @Override
  public Transpiled run(Transpiled in) {
    int n = in.circuit().numQubits();
    List<Instruction> list = new ArrayList<>(in.circuit().instructions());
    for (int round = 0; round < 20; round++) {
      int before = list.size();
      list = consolidate(list, n);
      list = mergeAndCancel(list, n);
      if (list.size() >= before) {
        break;
      }
    }
    return in.withCircuit(Ops.rebuild(in.circuit(), n, list));
  }

  private static boolean constant1q(Instruction ins) {
    return ins instanceof GateOperation g && g.gate().numQubits() == 1 && g.controlQubits().length == 0
        && g.angles().stream().allMatch(Angle::isConstant);
  }

  private static List<Instruction> consolidate(List<Instruction> list, int n) {
    var out = new ArrayList<Instruction>();
    var runs = new ArrayList<List<GateOperation>>();
    for (int q = 0; q < n; q++) {
      runs.add(new ArrayList<>());
    }
    for (Instruction ins : list) {
      if (constant1q(ins)) {
        var g = (GateOperation) ins;
        runs.get(g.qubits()[0]).add(g);
        continue;
      }
      for (int q : ins instanceof GateOperation g ? g.allQubits() : ins.qubits()) {
        flush(runs.get(q), q, out);
      }
      out.add(ins);
    }
    for (int q = 0; q < n; q++) {
      flush(runs.get(q), q, out);
    }
    return out;
  }

  private static void flush(List<GateOperation> run, int q, List<Instruction> out) {
    if (run.isEmpty()) {
      return;
    }
    double[] m = Ops.identity();
    for (var g : run) {
      m = Ops.mul(Ops.matrix(g), m);
    }
    var synth = new ArrayList<Instruction>();
    BasisTranslation.synthesize(m, q, synth);
    if (synth.size() < run.size()) {
      out.addAll(synth);
    } else {
      out.addAll(run);
    }
    run.clear();
  }

  private static List<Instruction> mergeAndCancel(List<Instruction> list, int n) {
    var out = new ArrayList<Instruction>(list);
    var alive = new boolean[out.size()];
    Arrays.fill(alive, true);
    var last = new int[n];
    Arrays.fill(last, -1);
    for (int i = 0; i < out.size(); i++) {
      Instruction ins = out.get(i);
      int[] qs = ins instanceof GateOperation g ? g.allQubits() : ins.qubits();
      if (ins instanceof GateOperation g && !(ins instanceof Barrier)) {
        int p = qs.length == 0 ? -1 : last[qs[0]];
        boolean sameTargets = p >= 0 && Arrays.stream(qs).allMatch(q -> last[q] == p);
        Instruction prev = p >= 0 ? out.get(p) : null;
        if (sameTargets && prev instanceof GateOperation pg && pg.allQubits().length == qs.length) {
          if (g.gate() == Gate.RZ && pg.gate() == Gate.RZ) {
            Angle sum = Ops.sum(pg.angles().get(0), g.angles().get(0));
            if (sum != null) {
              alive[i] = false;
              if (sum.isConstant() && Ops.isZeroAngle(sum.offset())) {
                alive[p] = false;
                restoreLast(out, alive, last, qs, p);
              } else {
                out.set(p, Ops.rz(sum, qs[0]));
              }
              continue;
            }
          } else if (selfInverse(g, pg)) {
            alive[i] = false;
            alive[p] = false;
            restoreLast(out, alive, last, qs, p);
            continue;
          }
        }
        if (g.gate() == Gate.RZ && g.angles().get(0).isConstant() && Ops.isZeroAngle(g.angles().get(0).offset())) {
          alive[i] = false;
          continue;
        }
      }
      for (int q : qs) {
        last[q] = i;
      }
    }
    var result = new ArrayList<Instruction>();
    for (int i = 0; i < out.size(); i++) {
      if (alive[i]) {
        result.add(out.get(i));
      }
    }
    return result;
  }

  private static boolean selfInverse(GateOperation g, GateOperation prev) {
    if (g.gate() != prev.gate()) {
      return false;
    }
    switch (g.gate()) {
      case X:
        return true;
      case ECR:
        return Arrays.equals(g.qubits(), prev.qubits());
      case CZ: {
        int[] a = g.qubits();
        int[] b = prev.qubits();
        return (a[0] == b[0] && a[1] == b[1]) || (a[0] == b[1] && a[1] == b[0]);
      }
      default:
        return false;
    }
  }

  /** After removing instruction p, the last live instruction before it on each of its qubits. */
  private static void restoreLast(List<Instruction> out, boolean[] alive, int[] last, int[] qs, int p) {
    for (int q : qs) {
      last[q] = -1;
      for (int j = p - 1; j >= 0; j--) {
        if (!alive[j]) {
          continue;
        }
        Instruction x = out.get(j);
        int[] xq = x instanceof GateOperation g ? g.allQubits() : x.qubits();
        if (Arrays.stream(xq).anyMatch(v -> v == q)) {
          last[q] = j;
          break;
        }
      }
    }
  }
}
