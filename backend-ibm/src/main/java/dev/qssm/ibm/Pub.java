package dev.qssm.ibm;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.ClassicalRegister;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.PauliString;
import dev.qssm.transpile.IsaProgram;
import dev.qssm.transpile.PassManager;
import dev.qssm.transpile.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Sampler V2 PUB made from (part of) a qssm task: the task's circuit with the measurements its
 * readout needs, transpiled to ISA OpenQASM 3, its bindings as {@code {name: [values per row]}}
 * and its shots; plus how to turn the measured samples back into readout values.
 */
final class Pub {
  static final String OUT = "qssm_out";

  enum Kind { PROBABILITIES, EXPECTATIONS, MARGINALS, CLASSICAL_BITS }

  final int task;
  final Kind kind;
  final Circuit measured;
  final IsaProgram isa;
  final int rows;
  final int shots;
  /** EXPECTATIONS: indices into the readout's observables measured by this PUB. */
  final List<Integer> observables;
  /** Global clbit where the readout bits start (the OUT register), or 0. */
  final int outOffset;

  private Pub(int task, Kind kind, Circuit measured, IsaProgram isa, int rows, int shots, List<Integer> observables,
      int outOffset) {
    this.task = task;
    this.kind = kind;
    this.measured = measured;
    this.isa = isa;
    this.rows = rows;
    this.shots = shots;
    this.observables = observables;
    this.outOffset = outOffset;
  }

  /** The PUBs for one task (one, or one per group of qubit-wise commuting observables). */
  static List<Pub> plan(int index, Task task, Target target) {
    var c = task.circuit();
    var out = new ArrayList<Pub>();
    var readout = task.readout();
    if (readout instanceof Readout.Probabilities p) {
      var qs = p.qubitsOf(c);
      var b = c.toBuilder().classicalRegister(OUT, qs.length);
      for (int j = 0; j < qs.length; j++) {
        b.measure(qs[j], c.numClbits() + j);
      }
      out.add(make(index, Kind.PROBABILITIES, b.build(), task, target, List.of(), c.numClbits()));
    } else if (readout instanceof Readout.Expectations e) {
      for (var group : groups(e.observables())) {
        Map<Integer, Character> basis = new LinkedHashMap<>();
        for (int k : group) {
          var ps = e.observables().get(k);
          for (int i = 0; i < ps.qubits().length; i++) {
            basis.put(ps.qubits()[i], ps.ops().charAt(i));
          }
        }
        var b = c.toBuilder().classicalRegister(OUT, Math.max(1, basis.size()));
        int j = 0;
        for (var entry : basis.entrySet()) {
          int q = entry.getKey();
          if (entry.getValue() == 'X') {
            b.h(q);
          } else if (entry.getValue() == 'Y') {
            b.sdg(q).h(q);
          }
          b.measure(q, c.numClbits() + j++);
        }
        if (basis.isEmpty()) {
          b.measure(0, c.numClbits()); // identity observables still need one sample per shot
        }
        out.add(make(index, Kind.EXPECTATIONS, b.build(), task, target, group, c.numClbits()));
      }
    } else if (readout instanceof Readout.Marginals) {
      // each measurement instruction gets a bit of its own, so a later one cannot overwrite it
      int m = c.measurements().size();
      var b = Circuit.builder(c.numQubits()).classicalRegister(OUT, m).declare(c.parameters());
      int k = 0;
      var bitOf = new int[c.numClbits()]; // the new bit holding each old bit's latest value, or -1 (still 0)
      java.util.Arrays.fill(bitOf, -1);
      for (Instruction ins : c.instructions()) {
        if (ins instanceof Measurement meas) {
          bitOf[meas.clbit()] = k;
          b.append(new Measurement(meas.qubit(), k++));
        } else if (ins instanceof Conditional cond) {
          int bit = bitOf[cond.clbit()];
          if (bit >= 0) {
            b.append(new Conditional(bit, cond.value(), cond.operation()));
          } else if (!cond.value()) {
            b.append(cond.operation()); // an unmeasured bit is 0: "== 0" always holds, "== 1" never
          }
        } else {
          b.append(ins);
        }
      }
      out.add(make(index, Kind.MARGINALS, b.build(), task, target, List.of(), 0));
    } else {
      out.add(make(index, Kind.CLASSICAL_BITS, c, task, target, List.of(), 0));
    }
    return out;
  }

  private static Pub make(int index, Kind kind, Circuit measured, Task task, Target target, List<Integer> obs, int off) {
    var isa = IsaProgram.of(PassManager.preset(target).run(measured));
    return new Pub(index, kind, measured, isa, task.rows(), task.shots(), obs, off);
  }

  /** The same transpiled PUB for another task with the same circuit and readout (other rows, shots). */
  Pub forTask(int index, Task other) {
    return new Pub(index, kind, measured, isa, other.rows(), other.shots(), observables, outOffset);
  }

  /** Greedy qubit-wise commuting groups: observables that agree on every shared qubit. */
  static List<List<Integer>> groups(List<PauliString> observables) {
    var groups = new ArrayList<List<Integer>>();
    var bases = new ArrayList<Map<Integer, Character>>();
    for (int k = 0; k < observables.size(); k++) {
      var p = observables.get(k);
      boolean placed = false;
      for (int g = 0; g < groups.size() && !placed; g++) {
        var basis = bases.get(g);
        boolean ok = true;
        for (int i = 0; i < p.qubits().length; i++) {
          Character have = basis.get(p.qubits()[i]);
          ok &= have == null || have == p.ops().charAt(i);
        }
        if (ok) {
          for (int i = 0; i < p.qubits().length; i++) {
            basis.put(p.qubits()[i], p.ops().charAt(i));
          }
          groups.get(g).add(k);
          placed = true;
        }
      }
      if (!placed) {
        var basis = new LinkedHashMap<Integer, Character>();
        for (int i = 0; i < p.qubits().length; i++) {
          basis.put(p.qubits()[i], p.ops().charAt(i));
        }
        bases.add(basis);
        groups.add(new ArrayList<>(List.of(k)));
      }
    }
    return groups;
  }

  /** [qasm, {name: [v per row]}, shots] — positional form of IBM's SamplerPub. */
  JsonArray toJson(double[][] bindings) {
    var pub = new JsonArray();
    pub.add(isa.qasm());
    if (!isa.inputNames().isEmpty()) {
      var values = new JsonObject();
      for (var e : isa.bindings(bindings).entrySet()) {
        var arr = new JsonArray();
        for (double v : e.getValue()) {
          arr.add(v);
        }
        values.add(e.getKey(), arr);
      }
      pub.add(values);
    } else {
      pub.add(JsonNull.INSTANCE);
    }
    pub.add(shots);
    return pub;
  }

  /** True when IBM will answer with one row of samples per binding row (else one for all). */
  boolean sweeps() {
    return !isa.inputNames().isEmpty();
  }

  List<ClassicalRegister> registers() {
    return measured.registers();
  }

  /** Readout bit j of a shot (a global clbit value). */
  int outBit(long shot, int j) {
    return (int) ((shot >>> (outOffset + j)) & 1);
  }
}
