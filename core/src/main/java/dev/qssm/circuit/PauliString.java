package dev.qssm.circuit;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A tensor product of single-qubit Paulis, identity elsewhere. Stored sparsely: {@code ops[i]} (one
 * of X, Y, Z) acts on {@code qubits[i]}, qubits strictly increasing.
 */
public record PauliString(int[] qubits, String ops) {
  public PauliString {
    qubits = qubits.clone();
    if (qubits.length != ops.length()) {
      throw new InvalidCircuitException("Pauli string needs one operator per qubit");
    }
    for (int i = 0; i < qubits.length; i++) {
      char c = ops.charAt(i);
      if (c != 'X' && c != 'Y' && c != 'Z') {
        throw new InvalidCircuitException("Pauli operator '" + c + "' is not one of X, Y, Z");
      }
      if (qubits[i] < 0 || (i > 0 && qubits[i] <= qubits[i - 1])) {
        throw new InvalidCircuitException("Pauli string qubits must be distinct, >= 0 and increasing");
      }
    }
  }

  /**
   * Parses a dense label in Qiskit's order, the rightmost character acting on qubit 0: {@code
   * "XIZ"} is Z on qubit 0 and X on qubit 2.
   */
  public static PauliString parse(String label) {
    var map = new TreeMap<Integer, Character>();
    int n = label.length();
    for (int i = 0; i < n; i++) {
      char c = Character.toUpperCase(label.charAt(n - 1 - i));
      if (c == 'I') {
        continue;
      }
      if (c != 'X' && c != 'Y' && c != 'Z') {
        throw new InvalidCircuitException(
            "Pauli label '" + label + "' has '" + label.charAt(n - 1 - i) + "'; use only I, X, Y, Z");
      }
      map.put(i, c);
    }
    return fromMap(map);
  }

  /** A single Pauli on one qubit, e.g. {@code of('Z', 3)}. */
  public static PauliString of(char op, int qubit) {
    return new PauliString(new int[] {qubit}, String.valueOf(Character.toUpperCase(op)));
  }

  public static PauliString z(int qubit) {
    return of('Z', qubit);
  }

  private static PauliString fromMap(TreeMap<Integer, Character> map) {
    var q = map.keySet().stream().mapToInt(Integer::intValue).toArray();
    var sb = new StringBuilder();
    map.values().forEach(sb::append);
    return new PauliString(q, sb.toString());
  }

  public int maxQubit() {
    return qubits.length == 0 ? -1 : qubits[qubits.length - 1];
  }

  /** The dense Qiskit-order label over {@code numQubits} qubits. */
  public String label(int numQubits) {
    var chars = new char[numQubits];
    Arrays.fill(chars, 'I');
    for (int i = 0; i < qubits.length; i++) {
      chars[numQubits - 1 - qubits[i]] = ops.charAt(i);
    }
    return new String(chars);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PauliString p && Arrays.equals(qubits, p.qubits) && ops.equals(p.ops);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(qubits) * 31 + ops.hashCode();
  }

  @Override
  public String toString() {
    return qubits.length == 0 ? "I" : label(maxQubit() + 1);
  }
}
