package dev.qssm.backend;

import dev.qssm.QssmException;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.circuit.PauliString;
import java.util.Arrays;
import java.util.List;

/**
 * What a task reads out, per binding row, as a dense {@code double[]}. With shots every value is
 * an estimate and the result carries its standard error.
 */
public sealed interface Readout
    permits Readout.Probabilities, Readout.Expectations, Readout.Marginals, Readout.ClassicalBits {

  /** Length of the value array this readout produces for {@code circuit}. */
  int size(Circuit circuit);

  /** Throws {@link InvalidCircuitException} when this readout does not fit {@code circuit}. */
  void check(Circuit circuit);

  /**
   * Joint probabilities of the final state over {@code qubits} (all qubits when empty); index bit
   * j is {@code qubits[j]}. Measurements in the circuit are ignored for this readout's purposes.
   * {@code probabilities().first(k)} reads only the first k basis states.
   */
  static Probabilities probabilities(int... qubits) {
    return new Probabilities(qubits);
  }

  /** Expectation value of each Pauli string in the final state. */
  static Expectations expectations(PauliString... observables) {
    return new Expectations(List.of(observables));
  }

  static Expectations expectations(List<PauliString> observables) {
    return new Expectations(observables);
  }

  /** P(outcome 1) of each measurement instruction, in circuit order (mid-circuit ones too). */
  static Marginals marginals() {
    return new Marginals();
  }

  /** Distribution over the values of all classical bits, index bit j = global clbit j. */
  static ClassicalBits classicalBits() {
    return new ClassicalBits();
  }

  /**
   * Joint probabilities over {@code qubits} (all qubits when empty). With a {@code limit} above 0
   * only the first {@code limit} basis states (indices 0 .. limit-1) are read out, so a backend may
   * skip the rest (a quantum projection with d_out outputs needs d_out of 2^n probabilities); a
   * backend that cannot do better computes all of them and keeps the first {@code limit}
   * ({@link #truncate}, and {@link #pad} for cotangents).
   */
  record Probabilities(int[] qubits, int limit) implements Readout {
    public Probabilities {
      qubits = qubits.clone();
      if (limit < 0) {
        throw new QssmException("probabilities limit must be 0 (all) or positive, got " + limit);
      }
    }

    /** All basis states over {@code qubits}. */
    public Probabilities(int[] qubits) {
      this(qubits, 0);
    }

    /** The same qubits, read out only for the first {@code count} basis states. */
    public Probabilities first(int count) {
      if (count < 1) {
        throw new QssmException("probabilities of the first " + count + " basis states: need at least 1");
      }
      return new Probabilities(qubits, count);
    }

    /** The same qubits, every basis state (what a backend computes before {@link #truncate}). */
    public Probabilities all() {
      return limit == 0 ? this : new Probabilities(qubits, 0);
    }

    /** The qubits read out, resolving "empty" to all of the circuit's qubits. */
    public int[] qubitsOf(Circuit circuit) {
      if (qubits.length > 0) {
        return qubits.clone();
      }
      var all = new int[circuit.numQubits()];
      Arrays.setAll(all, i -> i);
      return all;
    }

    /** The values of this readout from the full distribution {@code all} (the first {@code limit}). */
    public double[] truncate(double[] all) {
      return limit == 0 || all.length == limit ? all : Arrays.copyOf(all, limit);
    }

    /** A cotangent of this readout widened with zeros to the full distribution over the circuit's qubits. */
    public double[] pad(double[] cotangent, Circuit circuit) {
      int full = 1 << qubitsOf(circuit).length;
      return cotangent.length == full ? cotangent : Arrays.copyOf(cotangent, full);
    }

    @Override
    public int size(Circuit circuit) {
      return limit > 0 ? limit : 1 << qubitsOf(circuit).length;
    }

    @Override
    public void check(Circuit circuit) {
      var qs = qubitsOf(circuit);
      if (qs.length > 30) {
        throw new InvalidCircuitException("probabilities over " + qs.length + " qubits are too many (max 30)");
      }
      for (int i = 0; i < qs.length; i++) {
        if (qs[i] < 0 || qs[i] >= circuit.numQubits()) {
          throw new InvalidCircuitException(
              "readout qubit " + qs[i] + " out of range: circuit has " + circuit.numQubits() + " qubit(s)");
        }
        for (int j = 0; j < i; j++) {
          if (qs[i] == qs[j]) {
            throw new InvalidCircuitException("readout qubit " + qs[i] + " listed twice");
          }
        }
      }
      if (limit > 1 << qs.length) {
        throw new InvalidCircuitException("probabilities of the first " + limit + " basis states, but " + qs.length
            + " qubit(s) have only " + (1 << qs.length));
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Probabilities p && Arrays.equals(qubits, p.qubits) && limit == p.limit;
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(qubits) + limit;
    }

    @Override
    public String toString() {
      return "probabilities" + (qubits.length == 0 ? "(all)" : Arrays.toString(qubits))
          + (limit > 0 ? ".first(" + limit + ")" : "");
    }
  }

  record Expectations(List<PauliString> observables) implements Readout {
    public Expectations {
      observables = List.copyOf(observables);
    }

    @Override
    public int size(Circuit circuit) {
      return observables.size();
    }

    @Override
    public void check(Circuit circuit) {
      if (observables.isEmpty()) {
        throw new InvalidCircuitException("expectations readout needs at least one Pauli string");
      }
      for (var p : observables) {
        if (p.maxQubit() >= circuit.numQubits()) {
          throw new InvalidCircuitException(
              "observable " + p + " acts on qubit " + p.maxQubit() + " but circuit has "
                  + circuit.numQubits() + " qubit(s)");
        }
      }
    }
  }

  record Marginals() implements Readout {
    @Override
    public int size(Circuit circuit) {
      return circuit.measurements().size();
    }

    @Override
    public void check(Circuit circuit) {
      if (circuit.measurements().isEmpty()) {
        throw new InvalidCircuitException("marginals readout needs a circuit with measurements");
      }
    }
  }

  record ClassicalBits() implements Readout {
    @Override
    public int size(Circuit circuit) {
      return 1 << circuit.numClbits();
    }

    @Override
    public void check(Circuit circuit) {
      if (circuit.numClbits() == 0 || circuit.measurements().isEmpty()) {
        throw new InvalidCircuitException("classical-bits readout needs a circuit that measures into classical bits");
      }
      if (circuit.numClbits() > 30) {
        throw new InvalidCircuitException("classical-bits readout over " + circuit.numClbits() + " bits is too wide (max 30)");
      }
    }
  }
}
