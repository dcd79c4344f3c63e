package dev.qssm.transpile;

import dev.qssm.backend.Task;
import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every {@link AmplitudeEncoding} of a task by its ry/cx decomposition, for backends that
 * cannot write amplitudes directly.
 *
 * <p>The decomposition is the real-amplitude Möttönen state preparation: a binary tree of uniformly
 * controlled RY rotations, from the encoding's last qubit (no controls) down to its first
 * (controlled by all the others). A rotation's angle is {@code 2·atan2(|upper half|, |lower half|)}
 * of its block of amplitudes, except on the first qubit, where {@code 2·atan2(x[2s+1], x[2s])} of
 * the signed pair makes every sign, and so the whole vector, come out exactly. Each uniformly
 * controlled RY with m controls becomes 2^m RY gates alternating with CX gates in Gray-code order,
 * whose angles are a Walsh-Hadamard transform of the 2^m block angles.
 *
 * <p>Those RY angles are nonlinear in the data, so they become fresh INPUT parameters of the lowered
 * circuit ({@code __amp0_phi[0]}, ...), appended after the original parameters and bound per row;
 * {@link LoweredTask#pullback} carries gradients back through them.
 */
public final class AmplitudeLowering {
  private AmplitudeLowering() {}

  /**
   * The task with every amplitude encoding decomposed. A task without one is returned unchanged
   * (wrapped, so that {@link LoweredTask#pullback} works the same for every task).
   */
  public static LoweredTask lower(Task task) {
    Circuit circuit = task.circuit();
    if (circuit.instructions().stream().noneMatch(AmplitudeEncoding.class::isInstance)) {
      return new LoweredTask(task, task, List.of());
    }
    var b = Circuit.builder(circuit.numQubits());
    circuit.registers().forEach(r -> b.classicalRegister(r.name(), r.size()));
    b.declare(circuit.parameters()); // original columns keep their positions
    var taken = new HashSet<String>();
    circuit.parameters().forEach(p -> taken.add(p.name()));
    var encodings = new ArrayList<EncodingPlan>();
    for (Instruction ins : circuit.instructions()) {
      if (ins instanceof AmplitudeEncoding enc) {
        var fresh = freshParameters(encodings.size(), enc.qubits().length, taken);
        appendDecomposition(b, enc.qubits(), fresh);
        var inputColumns = enc.inputs().stream().mapToInt(circuit::parameterIndex).toArray();
        encodings.add(new EncodingPlan(enc.qubits().length, inputColumns, fresh));
      } else {
        b.append(ins);
      }
    }
    Circuit lowered = b.build();
    var plans = new ArrayList<EncodingPlan>();
    for (var e : encodings) {
      plans.add(e.withFreshColumns(e.fresh.stream().mapToInt(lowered::parameterIndex).toArray()));
    }
    var rows = new double[task.rows()][];
    for (int r = 0; r < rows.length; r++) {
      var original = task.bindings()[r];
      var row = new double[lowered.parameters().size()];
      System.arraycopy(original, 0, row, 0, original.length);
      for (var plan : plans) {
        var phi = TreeAngles.gateAngles(plan.numQubits, plan.values(original));
        for (int j = 0; j < phi.length; j++) {
          row[plan.freshColumns[j]] = phi[j];
        }
      }
      rows[r] = row;
    }
    var tb = Task.builder(lowered).bindings(rows).readout(task.readout()).shots(task.shots());
    task.seed().ifPresent(tb::seed);
    return new LoweredTask(task, tb.build(), plans);
  }

  /** {@code __amp<e>_phi[0..2^k-2]}, prefixed with more underscores if the circuit uses such names. */
  private static List<Parameter> freshParameters(int encodingIndex, int k, Set<String> taken) {
    String prefix = "__amp" + encodingIndex + "_phi";
    while (usesPrefix(taken, prefix)) {
      prefix = "_" + prefix;
    }
    var ps = Parameter.vector(prefix, (1 << k) - 1, ParameterKind.INPUT);
    ps.forEach(p -> taken.add(p.name()));
    return ps;
  }

  private static boolean usesPrefix(Set<String> names, String prefix) {
    return names.stream().anyMatch(n -> n.equals(prefix) || n.startsWith(prefix + "["));
  }

  /**
   * The gates, level by level from the last encoded qubit to the first; the RY angles take the
   * fresh parameters in order (level t = k-1 first, then the 2^m angles of each lower level).
   */
  private static void appendDecomposition(Circuit.Builder b, int[] qubits, List<Parameter> fresh) {
    int k = qubits.length;
    int next = 0;
    for (int t = k - 1; t >= 0; t--) {
      int m = k - 1 - t;
      int n = 1 << m;
      for (int j = 0; j < n; j++) {
        b.gate(Gate.RY, List.of(Angle.of(fresh.get(next++))), qubits[t]);
        if (m > 0) {
          b.cx(qubits[t + 1 + TreeAngles.grayControlBit(j, m)], qubits[t]);
        }
      }
    }
  }

  /** Where one encoding's values and fresh angles live in the original and lowered binding rows. */
  record EncodingPlan(int numQubits, int[] inputColumns, List<Parameter> fresh, int[] freshColumns) {
    EncodingPlan(int numQubits, int[] inputColumns, List<Parameter> fresh) {
      this(numQubits, inputColumns, fresh, new int[0]);
    }

    EncodingPlan withFreshColumns(int[] columns) {
      return new EncodingPlan(numQubits, inputColumns, fresh, columns);
    }

    /** The encoded values of one original row, zero-padded to 2^k. */
    double[] values(double[] originalRow) {
      var x = new double[1 << numQubits];
      for (int i = 0; i < inputColumns.length; i++) {
        x[i] = originalRow[inputColumns[i]] + 0.0; // + 0.0 turns -0.0 into 0.0 for atan2
      }
      return x;
    }
  }
}
