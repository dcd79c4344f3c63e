package dev.qssm.simulator.density;

import dev.qssm.backend.Readout;
import dev.qssm.circuit.Barrier;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Measurement;
import dev.qssm.simulator.noise.Channel;
import dev.qssm.simulator.noise.NoiseModel;
import java.util.HashMap;
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
  private final Map<Channel, Superop> superops = new HashMap<>();

  Plan(Circuit circuit, Readout readout, NoiseModel noise) {
    this.circuit = circuit;
    this.noise = noise;
    this.ins = circuit.instructions();
    int m = ins.size();
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
}
