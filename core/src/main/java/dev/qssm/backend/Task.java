package dev.qssm.backend;

import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.circuit.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One unit of work, like a Qiskit primitives "PUB": a circuit, a matrix of parameter bindings (one
 * row per token or sample, columns in {@link Circuit#parameters()} order), a readout, shots (0 =
 * exact, where the backend can) and an optional seed. Everything is checked when it is built, so a
 * backend only ever sees well-formed tasks.
 */
public final class Task {
  private final Circuit circuit;
  private final double[][] bindings;
  private final Readout readout;
  private final int shots;
  private final Long seed;

  private Task(Circuit circuit, double[][] bindings, Readout readout, int shots, Long seed) {
    this.circuit = circuit;
    this.bindings = bindings;
    this.readout = readout;
    this.shots = shots;
    this.seed = seed;
  }

  public static Builder builder(Circuit circuit) {
    return new Builder(circuit);
  }

  public Circuit circuit() {
    return circuit;
  }

  /** The binding rows. Shared, not copied: callers must not modify them. */
  public double[][] bindings() {
    return bindings;
  }

  public int rows() {
    return bindings.length;
  }

  public Readout readout() {
    return readout;
  }

  /** Number of shots; 0 asks for exact values. */
  public int shots() {
    return shots;
  }

  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** Values per binding row that a result for this task holds. */
  public int resultSize() {
    return readout.size(circuit);
  }

  /** A copy with another circuit of the same parameters (used to build shifted circuits). */
  public Task withCircuit(Circuit other) {
    if (!other.parameters().equals(circuit.parameters())) {
      throw new IllegalArgumentException("replacement circuit must have the same parameters");
    }
    return new Task(other, bindings, readout, shots, seed);
  }

  /** A copy with other binding rows, checked like the originals. */
  public Task withBindings(double[][] rows) {
    return toBuilder().bindings(rows).build();
  }

  public Builder toBuilder() {
    var b = new Builder(circuit).bindings(bindings).readout(readout).shots(shots);
    if (seed != null) {
      b.seed(seed);
    }
    return b;
  }

  @Override
  public String toString() {
    return "Task(" + circuit.numQubits() + " qubits, " + circuit.instructions().size() + " instructions, "
        + bindings.length + " binding(s), " + readout + (shots > 0 ? ", shots=" + shots : ", exact")
        + (seed != null ? ", seed=" + seed : "") + ")";
  }

  public static final class Builder {
    private final Circuit circuit;
    private final List<double[]> rows = new ArrayList<>();
    private Readout readout;
    private int shots;
    private Long seed;

    private Builder(Circuit circuit) {
      this.circuit = circuit;
    }

    /** Replaces all rows; each must have one value per circuit parameter. */
    public Builder bindings(double[]... values) {
      rows.clear();
      for (var r : values) {
        rows.add(r);
      }
      return this;
    }

    /** Adds one row from a map; every circuit parameter must be present. */
    public Builder bind(Map<Parameter, Double> values) {
      var params = circuit.parameters();
      var row = new double[params.size()];
      var missing = new ArrayList<String>();
      for (int i = 0; i < row.length; i++) {
        var v = values.get(params.get(i));
        if (v == null) {
          missing.add(params.get(i).name());
        } else {
          row[i] = v;
        }
      }
      if (!missing.isEmpty()) {
        throw new InvalidCircuitException("unbound parameter(s) " + missing + ": give each a value");
      }
      for (var p : values.keySet()) {
        if (circuit.parameterIndex(p) < 0) {
          throw new InvalidCircuitException("parameter '" + p.name() + "' is not used by the circuit");
        }
      }
      rows.add(row);
      return this;
    }

    public Builder readout(Readout readout) {
      this.readout = readout;
      return this;
    }

    public Builder shots(int shots) {
      if (shots < 0) {
        throw new InvalidCircuitException("shots must be >= 0 (0 = exact), got " + shots);
      }
      this.shots = shots;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Task build() {
      if (readout == null) {
        throw new InvalidCircuitException("a task needs a readout (probabilities, expectations, marginals or classical bits)");
      }
      readout.check(circuit);
      var params = circuit.parameters();
      if (rows.isEmpty()) {
        if (!params.isEmpty()) {
          throw new InvalidCircuitException(
              "unbound parameter(s) " + params.stream().map(Parameter::name).toList()
                  + ": the task has no binding rows");
        }
        rows.add(new double[0]);
      }
      var matrix = rows.toArray(new double[0][]);
      checkRows(matrix, params);
      return new Task(circuit, matrix, readout, shots, seed);
    }

    private void checkRows(double[][] matrix, List<Parameter> params) {
      for (int r = 0; r < matrix.length; r++) {
        var row = matrix[r];
        if (row == null || row.length != params.size()) {
          int got = row == null ? 0 : row.length;
          var hint = got < params.size()
              ? "; unbound: " + params.subList(got, Math.min(params.size(), got + 5)).stream().map(Parameter::name).toList()
              : "";
          throw new InvalidCircuitException(
              "binding row " + r + " has " + got + " value(s) but the circuit has " + params.size()
                  + " parameter(s)" + hint);
        }
        for (int c = 0; c < row.length; c++) {
          if (!Double.isFinite(row[c])) {
            throw new InvalidCircuitException(
                "binding row " + r + ": parameter '" + params.get(c).name() + "' is " + row[c]
                    + "; values must be finite");
          }
        }
      }
      for (var ins : circuit.instructions()) {
        if (ins instanceof AmplitudeEncoding enc) {
          var cols = enc.inputs().stream().mapToInt(circuit::parameterIndex).toArray();
          for (int r = 0; r < matrix.length; r++) {
            double norm2 = 0;
            for (int c : cols) {
              norm2 += matrix[r][c] * matrix[r][c];
            }
            if (norm2 == 0) {
              throw new InvalidCircuitException(
                  "binding row " + r + ": amplitude encoding input " + enc.inputs().get(0).name()
                      + "... is the zero vector, which has no direction to encode");
            }
          }
        }
      }
    }
  }
}
