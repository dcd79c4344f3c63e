package dev.qssm.testkit;

import dev.qssm.backend.Backend;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Central finite differences of a backend's exact readouts: the oracle the kit checks gradients
 * against. Rows of a task are independent, so column p of every row is perturbed at once and all
 * 2·(parameters) perturbed tasks go to the backend in one call.
 */
public final class FiniteDifferences {
  private FiniteDifferences() {}

  /**
   * {@code [row][p]} ≈ Σ_k cotangents[row][k] · d values[row][k] / d binding[row][p], by
   * (f(x+h) - f(x-h)) / 2h. Error O(h²) plus the backend's rounding error divided by h.
   */
  public static double[][] vjp(Backend backend, Task task, double[][] cotangents, double h) {
    int params = task.circuit().parameters().size();
    var perturbed = new ArrayList<Task>();
    for (int p = 0; p < params; p++) {
      perturbed.add(task.withBindings(shift(task.bindings(), p, h)));
      perturbed.add(task.withBindings(shift(task.bindings(), p, -h)));
    }
    var out = new double[task.rows()][params];
    if (params == 0) {
      return out;
    }
    List<TaskResult> results = backend.run(perturbed);
    for (int p = 0; p < params; p++) {
      var plus = results.get(2 * p).values();
      var minus = results.get(2 * p + 1).values();
      for (int r = 0; r < task.rows(); r++) {
        double d = 0;
        for (int k = 0; k < cotangents[r].length; k++) {
          d += cotangents[r][k] * (plus[r][k] - minus[r][k]);
        }
        out[r][p] = d / (2 * h);
      }
    }
    return out;
  }

  private static double[][] shift(double[][] rows, int column, double h) {
    var out = new double[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      out[r] = rows[r].clone();
      out[r][column] += h;
    }
    return out;
  }
}
