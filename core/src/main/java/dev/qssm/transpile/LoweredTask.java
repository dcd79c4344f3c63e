package dev.qssm.transpile;

import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A task whose amplitude encodings were decomposed by {@link AmplitudeLowering}, with the way back
 * for gradients. The lowered circuit has the original parameters in their original columns,
 * followed by the fresh gate-angle inputs.
 *
 * <p>The angles are polar coordinates of the encoded vector, singular where an encoded value and
 * its partner x[i^1] (zero padding included) are both exactly zero: there the chain rule cannot
 * see how the state moves with that value. {@link #probes()} lists the few extra evaluations that
 * give those derivatives exactly; for generic data there are none.
 */
public final class LoweredTask {
  private final Task original;
  private final Task lowered;
  private final List<AmplitudeLowering.EncodingPlan> plans;
  private volatile List<Probe> probes; // computed on first use: forward runs never need them

  LoweredTask(Task original, Task lowered, List<AmplitudeLowering.EncodingPlan> plans) {
    this.original = original;
    this.lowered = lowered;
    this.plans = List.copyOf(plans);
  }

  /** The task to run: no amplitude encodings, binding rows extended with the computed angles. */
  public Task task() {
    return lowered;
  }

  public Task original() {
    return original;
  }

  /** True when there was nothing to lower ({@link #task()} is the original). */
  public boolean isUnchanged() {
    return plans.isEmpty();
  }

  /**
   * Gradients with respect to the original task's parameters from gradients with respect to the
   * lowered task's, by the chain rule alone: original columns are copied, and each fresh angle's
   * gradient flows to the encoded inputs through the analytic Jacobian of the angles (an input used
   * elsewhere as well gets both contributions). Values at a singular point (see the class comment)
   * get no encoding contribution; use the three-argument form to include it.
   *
   * @param loweredGradients {@code [row][p]} for the lowered task's rows and parameters
   * @return {@code [row][p]} for the original task's parameters
   */
  public double[][] pullback(double[][] loweredGradients) {
    int rows = original.rows();
    int loweredParams = lowered.circuit().parameters().size();
    int originalParams = original.circuit().parameters().size();
    checkRows("gradient", loweredGradients, loweredParams);
    var out = new double[rows][originalParams];
    for (int r = 0; r < rows; r++) {
      var g = loweredGradients[r];
      System.arraycopy(g, 0, out[r], 0, originalParams);
      var binding = original.bindings()[r];
      for (var plan : plans) {
        var gradPhi = new double[plan.freshColumns().length];
        for (int j = 0; j < gradPhi.length; j++) {
          gradPhi[j] = g[plan.freshColumns()[j]];
        }
        var gx = TreeAngles.pullback(plan.numQubits(), plan.values(binding), gradPhi);
        var cols = plan.inputColumns();
        for (int i = 0; i < cols.length; i++) {
          out[r][cols[i]] += gx[i];
        }
      }
    }
    return out;
  }

  /**
   * Like {@link #pullback(double[][])}, and exact at singular points too: there the derivative
   * comes from the results of {@link #probes()} run on the same backend.
   *
   * @param cotangents {@code [row][k]} = dL/d(value k of row), the weights the gradients were made with
   * @param probeResults the results of {@link #probes()}, in order
   */
  public double[][] pullback(double[][] loweredGradients, double[][] cotangents, List<TaskResult> probeResults) {
    var out = pullback(loweredGradients);
    var ps = probeList();
    if (probeResults.size() != 2 * ps.size()) {
      throw new IllegalArgumentException(
          "pullback expects the results of all " + 2 * ps.size() + " probe task(s), got " + probeResults.size());
    }
    if (ps.isEmpty()) {
      return out;
    }
    checkRows("cotangent", cotangents, original.resultSize());
    for (int p = 0; p < ps.size(); p++) {
      var probe = ps.get(p);
      var plus = probeResults.get(2 * p).values();
      var minus = probeResults.get(2 * p + 1).values();
      for (int j = 0; j < probe.rows.length; j++) {
        int r = probe.rows[j];
        // with x_i = 0: dL/dx_i = (L(a + e_i) - L(a - e_i)) / ||x||, L linear in the readouts
        double d = 0;
        for (int k = 0; k < cotangents[r].length; k++) {
          d += cotangents[r][k] * (plus[j][k] - minus[j][k]);
        }
        out[r][probe.column] += d / probe.norms[j];
      }
    }
    return out;
  }

  /**
   * Extra tasks whose results {@link #pullback(double[][], double[][], List)} needs: for each encoded
   * value that is singular in some row, the lowered task on those rows with the encoded vector
   * x/||x|| moved to x/||x|| + e_i and to x/||x|| - e_i (in pairs, plus first). Empty for generic data.
   */
  public List<Task> probes() {
    var out = new ArrayList<Task>();
    for (var p : probeList()) {
      out.add(p.plus);
      out.add(p.minus);
    }
    return out;
  }

  private List<Probe> probeList() {
    if (probes == null) {
      probes = findProbes();
    }
    return probes;
  }

  /**
   * The directional derivative along e_i of L(x/||x||), with L a quadratic form of the encoded unit
   * vector a (every readout is linear in the density matrix): 2(K a)_i - 2 a_i L(a), and by
   * polarisation 4 (K a)_i = L(a + e_i) - L(a - e_i) with both sides unnormalised; for a_i = 0 the
   * norms are √2 and the whole derivative is (L(n+) - L(n-)) / ||x|| with n± the normalised vectors.
   */
  private List<Probe> findProbes() {
    var out = new ArrayList<Probe>();
    for (var plan : plans) {
      for (int i = 0; i < plan.inputColumns().length; i++) {
        var rows = new ArrayList<Integer>();
        for (int r = 0; r < original.rows(); r++) {
          var x = plan.values(original.bindings()[r]);
          if (x[i] == 0 && x[i ^ 1] == 0) {
            rows.add(r);
          }
        }
        if (!rows.isEmpty()) {
          out.add(probe(plan, i, rows.stream().mapToInt(Integer::intValue).toArray()));
        }
      }
    }
    return List.copyOf(out);
  }

  private Probe probe(AmplitudeLowering.EncodingPlan plan, int i, int[] rows) {
    var plus = new double[rows.length][];
    var minus = new double[rows.length][];
    var norms = new double[rows.length];
    for (int j = 0; j < rows.length; j++) {
      var x = plan.values(original.bindings()[rows[j]]);
      double norm = norm(x);
      norms[j] = norm;
      var base = lowered.bindings()[rows[j]];
      plus[j] = withAngles(base, plan, x, norm, i, +1);
      minus[j] = withAngles(base, plan, x, norm, i, -1);
    }
    return new Probe(plan.inputColumns()[i], rows, norms, subTask(plus), subTask(minus));
  }

  private static double[] withAngles(
      double[] loweredRow, AmplitudeLowering.EncodingPlan plan, double[] x, double norm, int i, int sign) {
    var v = new double[x.length];
    for (int c = 0; c < x.length; c++) {
      v[c] = x[c] / norm;
    }
    v[i] += sign;
    var phi = TreeAngles.gateAngles(plan.numQubits(), v);
    var row = loweredRow.clone();
    for (int j = 0; j < phi.length; j++) {
      row[plan.freshColumns()[j]] = phi[j];
    }
    return row;
  }

  private Task subTask(double[][] rows) {
    var b = Task.builder(lowered.circuit()).bindings(rows).readout(lowered.readout()).shots(lowered.shots());
    lowered.seed().ifPresent(b::seed);
    return b.build();
  }

  private static double norm(double[] x) {
    double scale = 0;
    for (double v : x) {
      scale = Math.max(scale, Math.abs(v));
    }
    double s = 0;
    for (double v : x) {
      s += (v / scale) * (v / scale);
    }
    return scale * Math.sqrt(s);
  }

  private void checkRows(String what, double[][] m, int width) {
    if (m == null || m.length != original.rows()) {
      throw new IllegalArgumentException(
          "pullback expects one " + what + " row per binding row (" + original.rows() + "), got "
              + (m == null ? "null" : m.length));
    }
    for (int r = 0; r < m.length; r++) {
      if (m[r] == null || m[r].length != width) {
        throw new IllegalArgumentException(
            "pullback " + what + " row " + r + " must have " + width + " value(s), got "
                + (m[r] == null ? "null" : m[r].length));
      }
    }
  }

  /** One singular encoded value: its original column, the rows where it is singular, and its two tasks. */
  private record Probe(int column, int[] rows, double[] norms, Task plus, Task minus) {}

  @Override
  public String toString() {
    return "LoweredTask(" + plans.size() + " encoding(s) lowered: " + lowered + ")";
  }
}
