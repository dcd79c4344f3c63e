package dev.qssm.gradient;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendException;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.transpile.AmplitudeLowering;
import dev.qssm.transpile.LoweredTask;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradients for backends that cannot differentiate: the parameter-shift rule (two-term for
 * rotations and phases, four-term for controlled rotations), with every shifted circuit of every
 * task sent to the backend in one {@link Backend#run} call.
 *
 * <p>Every readout (probabilities, expectations, marginals, classical bits) is linear in the final
 * density matrix, and measurement and reset are linear channels, so each readout value is a
 * trigonometric polynomial in a gate angle and the shift rules are exact for all of them (with
 * shots: unbiased). Amplitude encodings cannot be shifted; they are lowered to ry/cx first ({@link
 * AmplitudeLowering}), the gradients of their angles are pulled back to the encoded inputs, and the
 * rare encoded values the angles cannot differentiate (a zero next to a zero) are measured by the
 * lowering's probe tasks, which join the same batch.
 *
 * <p>Shifted tasks keep their task's shots; a seeded task's shifted tasks get distinct seeds derived
 * from its seed and their position, so a seeded gradient is reproducible.
 */
public final class ParameterShift {
  private static final double HALF_PI = Math.PI / 2;
  // For generator eigenvalues {0, ±1/2} (a controlled rotation), frequencies 1/2 and 1:
  // f'(θ) = C1 (f(θ+π/2) - f(θ-π/2)) - C2 (f(θ+3π/2) - f(θ-3π/2)).
  private static final double C1 = (Math.sqrt(2) + 1) / (4 * Math.sqrt(2));
  private static final double C2 = (Math.sqrt(2) - 1) / (4 * Math.sqrt(2));
  private static final double[][] TWO_TERM = {{HALF_PI, 0.5}, {-HALF_PI, -0.5}};
  private static final double[][] FOUR_TERM = {
    {HALF_PI, C1}, {-HALF_PI, -C1}, {3 * HALF_PI, -C2}, {-3 * HALF_PI, C2}
  };

  private ParameterShift() {}

  /** See {@link Backend#vjp}. */
  public static List<Gradient> vjp(Backend backend, List<Task> tasks, List<double[][]> cotangents) {
    var perRow = perRow(backend, tasks, cotangents);
    var out = new ArrayList<Gradient>(tasks.size());
    for (int t = 0; t < tasks.size(); t++) {
      out.add(Gradient.fromRows(tasks.get(t).circuit(), perRow.get(t)));
    }
    return out;
  }

  /** Per-row gradients {@code [row][p]} for every parameter, weights included (for tests and probes). */
  static List<double[][]> perRow(Backend backend, List<Task> tasks, List<double[][]> cotangents) {
    checkCotangents(tasks, cotangents);
    var batch = new ArrayList<Task>();
    var plans = new ArrayList<Plan>();
    for (int t = 0; t < tasks.size(); t++) {
      plans.add(plan(tasks.get(t), batch));
    }
    List<TaskResult> results = batch.isEmpty() ? List.of() : backend.run(batch);
    checkResults(backend, batch, results);
    var out = new ArrayList<double[][]>(tasks.size());
    for (int t = 0; t < tasks.size(); t++) {
      out.add(plans.get(t).gradient(cotangents.get(t), results));
    }
    return out;
  }

  /** The shift rule for one angle of one gate: {shift, coefficient} pairs. */
  static double[][] rule(GateOperation op, int angleIndex) {
    boolean phase = op.gate().shift(angleIndex) == Gate.Shift.PHASE;
    return phase || op.totalControls() == 0 ? TWO_TERM : FOUR_TERM;
  }

  /** Appends the shifted tasks of {@code task} to {@code batch} and remembers where they went. */
  private static Plan plan(Task task, List<Task> batch) {
    var lowered = AmplitudeLowering.lower(task);
    var base = lowered.task();
    Circuit circuit = base.circuit();
    var terms = new ArrayList<Term>();
    int own = 0; // index among this task's shifted tasks, for seeds
    var instructions = circuit.instructions();
    for (int i = 0; i < instructions.size(); i++) {
      Instruction ins = instructions.get(i);
      if (!(ins instanceof GateOperation op)) {
        continue;
      }
      for (int a = 0; a < op.angles().size(); a++) {
        Angle angle = op.angles().get(a);
        if (angle.parameter().isEmpty() || angle.scale() == 0) {
          continue;
        }
        int column = circuit.parameterIndex(angle.parameter().get());
        for (double[] shiftAndCoefficient : rule(op, a)) {
          var angles = new ArrayList<>(op.angles());
          angles.set(a, angle.shifted(shiftAndCoefficient[0]));
          var shifted = base.withCircuit(circuit.withInstruction(i, op.withAngles(angles)));
          terms.add(new Term(column, angle.scale() * shiftAndCoefficient[1], batch.size()));
          batch.add(reseeded(shifted, own++));
        }
      }
    }
    int firstProbe = batch.size();
    for (var probe : lowered.probes()) {
      batch.add(reseeded(probe, own++));
    }
    return new Plan(lowered, terms, firstProbe, batch.size() - firstProbe);
  }

  /** A seeded task's j-th shifted copy gets its own seed; an unseeded one stays unseeded. */
  private static Task reseeded(Task task, int j) {
    if (task.seed().isEmpty()) {
      return task;
    }
    return task.toBuilder().seed(mix(task.seed().getAsLong() + (j + 1) * 0x9E3779B97F4A7C15L)).build();
  }

  /** SplitMix64's finaliser: neighbouring inputs give unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** One shifted evaluation: its weight in d(value)/d(column) and where its result is. */
  private record Term(int column, double coefficient, int resultIndex) {}

  private record Plan(LoweredTask lowered, List<Term> terms, int firstProbe, int probeCount) {
    double[][] gradient(double[][] cotangents, List<TaskResult> results) {
      var base = lowered.task();
      int rows = base.rows();
      var g = new double[rows][base.circuit().parameters().size()];
      for (var term : terms) {
        var values = results.get(term.resultIndex).values();
        for (int r = 0; r < rows; r++) {
          double dot = 0;
          for (int k = 0; k < cotangents[r].length; k++) {
            dot += cotangents[r][k] * values[r][k];
          }
          g[r][term.column] += term.coefficient * dot;
        }
      }
      if (lowered.isUnchanged()) {
        return g;
      }
      var probeResults = results.subList(firstProbe, firstProbe + probeCount);
      return lowered.pullback(g, cotangents, probeResults);
    }
  }

  private static void checkCotangents(List<Task> tasks, List<double[][]> cotangents) {
    if (tasks.size() != cotangents.size()) {
      throw new IllegalArgumentException(
          "vjp needs one cotangent matrix per task: " + tasks.size() + " task(s), " + cotangents.size()
              + " cotangent matri(ces)");
    }
    for (int t = 0; t < tasks.size(); t++) {
      var task = tasks.get(t);
      var cot = cotangents.get(t);
      if (cot == null || cot.length != task.rows()) {
        throw new IllegalArgumentException(
            "task " + t + ": cotangents must have one row per binding row (" + task.rows() + "), got "
                + (cot == null ? "null" : cot.length));
      }
      for (int r = 0; r < cot.length; r++) {
        if (cot[r] == null || cot[r].length != task.resultSize()) {
          throw new IllegalArgumentException(
              "task " + t + ", row " + r + ": cotangents must have one value per readout value ("
                  + task.resultSize() + "), got " + (cot[r] == null ? "null" : cot[r].length));
        }
        for (double v : cot[r]) {
          if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(
                "task " + t + ", row " + r + ": cotangent is " + v + "; cotangents must be finite");
          }
        }
      }
    }
  }

  private static void checkResults(Backend backend, List<Task> batch, List<TaskResult> results) {
    if (results.size() != batch.size()) {
      throw new BackendException(
          "backend '" + backend.name() + "' returned " + results.size() + " result(s) for " + batch.size()
              + " shifted task(s)");
    }
    for (int i = 0; i < batch.size(); i++) {
      var values = results.get(i).values();
      var task = batch.get(i);
      if (values == null || values.length != task.rows()) {
        throw new BackendException(
            "backend '" + backend.name() + "' returned " + (values == null ? "no" : values.length)
                + " value row(s) for a task with " + task.rows() + " binding row(s)");
      }
      for (var row : values) {
        if (row == null || row.length != task.resultSize()) {
          throw new BackendException(
              "backend '" + backend.name() + "' returned a value row of length "
                  + (row == null ? "null" : row.length) + " where the readout has " + task.resultSize());
        }
      }
    }
  }
}
