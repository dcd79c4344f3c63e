package dev.qssm.transpile;

import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes every two-qubit gate act on coupled qubits by inserting SWAPs (as three {@code cx}) along
 * a shortest path inside the laid-out region, and tracks where each logical qubit ends up.
 * Expects a laid-out circuit of single-qubit gates and {@code cx} ({@link DecomposeToCx}).
 */
public final class SwapRouting implements Pass {
  private final Target target;

  public SwapRouting(Target target) {
    this.target = target;
  }

  @Override
  public Transpiled run(Transpiled in) {
    if (!in.isLaidOut()) {
      throw new IllegalStateException("SwapRouting needs a laid-out circuit (run InitialLayout first)");
    }
    int n = in.circuit().numQubits();
    var physical = in.physical();
    var adjacent = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        adjacent[i][j] = i != j && target.neighbours(physical[i]).contains(physical[j]);
      }
    }
    var cur = new int[n]; // wire the instruction stream calls v -> wire holding it now
    var inv = new int[n];
    Arrays.setAll(cur, i -> i);
    Arrays.setAll(inv, i -> i);
    var out = new ArrayList<Instruction>();
    for (Instruction ins : in.circuit().instructions()) {
      // a conditional gate is routed like its gate; the SWAPs before it run unconditionally
      GateOperation gate = Ops.gateOf(ins);
      int[] qs = gate != null ? gate.allQubits() : ins.qubits();
      if (gate != null && qs.length == 2) {
        int a = cur[qs[0]];
        int b = cur[qs[1]];
        if (!adjacent[a][b]) {
          var path = path(adjacent, a, b);
          for (int k = 0; k + 2 < path.size(); k++) {
            int w1 = path.get(k);
            int w2 = path.get(k + 1);
            DecomposeToCx.expand(Ops.g(Gate.SWAP, w1, w2), out);
            int v1 = inv[w1];
            int v2 = inv[w2];
            inv[w1] = v2;
            inv[w2] = v1;
            cur[v1] = w2;
            cur[v2] = w1;
          }
        }
      } else if (gate != null && qs.length > 2) {
        throw new UnsupportedCircuitException("routing needs gates on at most two qubits; decompose '" + ins + "' first");
      }
      out.add(InitialLayout.remap(ins, cur));
    }
    var initial = in.initialLayout();
    var fin = new int[initial.length];
    for (int l = 0; l < initial.length; l++) {
      fin[l] = cur[initial[l]];
    }
    return new Transpiled(Ops.rebuild(in.circuit(), n, out), in.logicalQubits(), physical, initial, fin);
  }

  private List<Integer> path(boolean[][] adjacent, int from, int to) {
    int n = adjacent.length;
    var prev = new int[n];
    Arrays.fill(prev, -1);
    prev[from] = from;
    var queue = new ArrayDeque<Integer>();
    queue.add(from);
    while (!queue.isEmpty()) {
      int w = queue.poll();
      if (w == to) {
        break;
      }
      for (int x = 0; x < n; x++) {
        if (adjacent[w][x] && prev[x] < 0) {
          prev[x] = w;
          queue.add(x);
        }
      }
    }
    if (prev[to] < 0) {
      throw new UnsupportedCircuitException(
          "physical qubits " + target.name() + " $" + from + " and $" + to + " are not connected inside the layout");
    }
    var p = new ArrayList<Integer>();
    for (int w = to; w != from; w = prev[w]) {
      p.add(0, w);
    }
    p.add(0, from);
    return p;
  }
}
