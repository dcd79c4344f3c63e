package dev.qssm.transpile;

import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Barrier;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.Reset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Picks a connected region of the coupling graph with one physical qubit per logical qubit and
 * places the logical qubits on it. With calibration data the region with the lowest summed
 * qubit and coupling errors wins (grown greedily from every start qubit); without it, the first.
 * The most-connected logical qubits go to the best-connected physical ones.
 */
public final class InitialLayout implements Pass {
  private final Target target;
  private final int[] fixed;

  public InitialLayout(Target target) {
    this(target, null);
  }

  /** With {@code fixed[logical]} = physical qubit given by the user (must be connected for routing). */
  public InitialLayout(Target target, int[] fixed) {
    this.target = target;
    this.fixed = fixed == null ? null : fixed.clone();
  }

  @Override
  public Transpiled run(Transpiled in) {
    var c = in.circuit();
    int n = c.numQubits();
    if (n > target.numQubits()) {
      throw new UnsupportedCircuitException(
          "circuit has " + n + " qubits but " + target.name() + " has " + target.numQubits());
    }
    int[] region = fixed != null ? checkFixed(n) : bestRegion(n);
    var logicalToWire = assign(c.instructions(), region);
    var out = new ArrayList<Instruction>();
    for (Instruction ins : c.instructions()) {
      out.add(remap(ins, logicalToWire));
    }
    return new Transpiled(Ops.rebuild(c, n, out), in.logicalQubits(), region, logicalToWire, logicalToWire);
  }

  private int[] checkFixed(int n) {
    if (fixed.length != n) {
      throw new UnsupportedCircuitException("initial layout lists " + fixed.length + " qubits; circuit has " + n);
    }
    var seen = new HashSet<Integer>();
    for (int p : fixed) {
      if (p < 0 || p >= target.numQubits() || !seen.add(p)) {
        throw new UnsupportedCircuitException(
            "initial layout " + Arrays.toString(fixed) + " must name distinct qubits 0.." + (target.numQubits() - 1));
      }
    }
    return fixed.clone();
  }

  private int[] bestRegion(int n) {
    if (n == 0) {
      return new int[0];
    }
    int[] best = null;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int start = 0; start < target.numQubits(); start++) {
      var region = grow(start, n);
      if (region == null) {
        continue;
      }
      double s = score(region);
      if (s < bestScore - 1e-15) {
        bestScore = s;
        best = region;
      }
    }
    if (best == null) {
      throw new UnsupportedCircuitException(
          "no connected set of " + n + " qubits on " + target.name() + "; the circuit is too wide for its coupling map");
    }
    return best;
  }

  private int[] grow(int start, int n) {
    var region = new ArrayList<Integer>();
    var in = new HashSet<Integer>();
    region.add(start);
    in.add(start);
    while (region.size() < n) {
      int pick = -1;
      double pickCost = Double.POSITIVE_INFINITY;
      for (int r : region) {
        for (int nb : target.neighbours(r)) {
          if (in.contains(nb)) {
            continue;
          }
          double cost = target.qubitError(nb) + target.edgeError(r, nb);
          if (cost < pickCost) {
            pickCost = cost;
            pick = nb;
          }
        }
      }
      if (pick < 0) {
        return null;
      }
      region.add(pick);
      in.add(pick);
    }
    return region.stream().mapToInt(Integer::intValue).toArray();
  }

  private double score(int[] region) {
    double s = 0;
    for (int i = 0; i < region.length; i++) {
      s += target.qubitError(region[i]);
      for (int j = 0; j < i; j++) {
        if (target.neighbours(region[i]).contains(region[j])) {
          s += target.edgeError(region[i], region[j]);
        }
      }
    }
    return s;
  }

  /** logical → wire: busiest logical qubits onto the wires with most neighbours inside the region. */
  private int[] assign(List<Instruction> instructions, int[] region) {
    int n = region.length;
    var use = new int[n];
    for (Instruction ins : instructions) {
      GateOperation g = Ops.gateOf(ins);
      if (g != null && g.allQubits().length > 1) {
        for (int q : g.allQubits()) {
          use[q]++;
        }
      }
    }
    var degree = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j && target.neighbours(region[i]).contains(region[j])) {
          degree[i]++;
        }
      }
    }
    Integer[] logical = new Integer[n];
    Integer[] wires = new Integer[n];
    for (int i = 0; i < n; i++) {
      logical[i] = i;
      wires[i] = i;
    }
    if (fixed != null) {
      var id = new int[n];
      Arrays.setAll(id, i -> i);
      return id;
    }
    Arrays.sort(logical, (a, b) -> Integer.compare(use[b], use[a]));
    Arrays.sort(wires, (a, b) -> Integer.compare(degree[b], degree[a]));
    var out = new int[n];
    for (int i = 0; i < n; i++) {
      out[logical[i]] = wires[i];
    }
    return out;
  }

  static Instruction remap(Instruction ins, int[] map) {
    if (ins instanceof GateOperation g) {
      return new GateOperation(g.gate(), g.angles(), mapAll(g.qubits(), map), mapAll(g.controlQubits(), map), g.controlStates());
    }
    if (ins instanceof Conditional c) {
      return new Conditional(c.clbit(), c.value(), (GateOperation) remap(c.operation(), map));
    }
    if (ins instanceof Measurement m) {
      return new Measurement(map[m.qubit()], m.clbit());
    }
    if (ins instanceof Reset r) {
      return new Reset(map[r.qubit()]);
    }
    if (ins instanceof Barrier b) {
      return new Barrier(mapAll(b.qubits(), map));
    }
    throw new UnsupportedCircuitException("cannot lay out " + ins);
  }

  private static int[] mapAll(int[] qs, int[] map) {
    var out = new int[qs.length];
    for (int i = 0; i < qs.length; i++) {
      out[i] = map[qs[i]];
    }
    return out;
  }
}
