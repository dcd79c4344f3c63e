package dev.qssm.models.recurrent;

import dev.qssm.QssmException;
import dev.qssm.circuit.PauliString;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The Pauli observables a recurrent quantum memory is read through, named by families: {@code z},
 * {@code x}, {@code y} (one per qubit) and {@code zz} (Z_i Z_{i+1} around the ring). Every family
 * costs one expectation value per member; on hardware the families that commute share shots.
 */
public final class Observables {
  private Observables() {}

  /** {@code "z,x,zz"} on {@code qubits} qubits, in the listed order (within a family by qubit). */
  public static List<PauliString> parse(String families, int qubits) {
    var seen = new LinkedHashSet<String>();
    for (var s : families.split(",")) {
      var f = s.trim().toLowerCase(Locale.ROOT);
      if (!f.equals("z") && !f.equals("x") && !f.equals("y") && !f.equals("zz")) {
        throw new QssmException("observable family '" + s.trim() + "' is not one of z, x, y, zz");
      }
      if (!seen.add(f)) {
        throw new QssmException("observable family '" + f + "' is listed twice in '" + families + "'");
      }
    }
    var out = new ArrayList<PauliString>();
    for (var f : seen) {
      if (f.equals("zz")) {
        if (qubits == 2) {
          out.add(new PauliString(new int[] {0, 1}, "ZZ"));
        } else if (qubits > 2) {
          for (int q = 0; q < qubits; q++) {
            int a = q, b = (q + 1) % qubits;
            out.add(new PauliString(new int[] {Math.min(a, b), Math.max(a, b)}, "ZZ"));
          }
        }
      } else {
        for (int q = 0; q < qubits; q++) {
          out.add(PauliString.of(f.charAt(0), q));
        }
      }
    }
    if (out.isEmpty()) {
      throw new QssmException("observables '" + families + "' give nothing to read on " + qubits + " qubit(s)");
    }
    return out;
  }

  /** Each observable's value in |0...0>: 1 for products of Z, 0 otherwise. */
  public static double[] initialValues(List<PauliString> observables) {
    var v = new double[observables.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = observables.get(i).ops().chars().allMatch(c -> c == 'Z') ? 1 : 0;
    }
    return v;
  }
}
