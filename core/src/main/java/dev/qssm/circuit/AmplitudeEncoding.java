package dev.qssm.circuit;

import java.util.Arrays;
import java.util.List;

/**
 * Prepares {@code |x>/||x||} on {@code qubits} from |0...0>, where x is the bound values of {@code
 * inputs} zero-padded to 2^k. Amplitude index bit j belongs to {@code qubits[j]}. It must be the
 * first operation on its qubits (the builder checks); exact backends write the amplitudes
 * directly, others run its ry/cx decomposition. The norm is not part of the state: a model that
 * needs it keeps it classically.
 */
public record AmplitudeEncoding(int[] qubits, List<Parameter> inputs) implements Instruction {
  public AmplitudeEncoding {
    qubits = qubits.clone();
    inputs = List.copyOf(inputs);
    if (qubits.length == 0) {
      throw new InvalidCircuitException("amplitude encoding needs at least one qubit");
    }
    if (qubits.length > 30) {
      throw new InvalidCircuitException("amplitude encoding on " + qubits.length + " qubits is too wide (max 30)");
    }
    int capacity = 1 << qubits.length;
    if (inputs.isEmpty() || inputs.size() > capacity) {
      throw new InvalidCircuitException(
          "amplitude encoding on " + qubits.length + " qubit(s) takes 1.." + capacity
              + " values, got " + inputs.size());
    }
  }

  @Override
  public int[] qubits() {
    return qubits.clone();
  }

  /**
   * The normalised amplitudes for one binding, length 2^k.
   *
   * @param values the bound values of {@link #inputs}, in order
   * @throws InvalidCircuitException for a wrong length, a non-finite value or the zero vector
   */
  public double[] normalisedAmplitudes(double[] values) {
    if (values.length != inputs.size()) {
      throw new InvalidCircuitException(
          "amplitude encoding expects " + inputs.size() + " values, got " + values.length);
    }
    double norm2 = 0;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new InvalidCircuitException(
            "amplitude encoding: value " + inputs.get(i) + " is " + values[i] + "; values must be finite");
      }
      norm2 += values[i] * values[i];
    }
    if (norm2 == 0) {
      throw new InvalidCircuitException(
          "amplitude encoding on qubits " + Arrays.toString(qubits)
              + ": the input is the zero vector, which has no direction to encode");
    }
    double inv = 1 / Math.sqrt(norm2);
    var out = new double[1 << qubits.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * inv;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AmplitudeEncoding a && Arrays.equals(qubits, a.qubits) && inputs.equals(a.inputs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(qubits) * 31 + inputs.hashCode();
  }

  @Override
  public String toString() {
    return "amplitude_encoding(" + inputs.size() + " inputs) " + Arrays.toString(qubits);
  }
}
