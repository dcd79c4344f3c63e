package dev.qssm.backend;

import dev.qssm.circuit.Circuit;

/**
 * The gradient of a scalar loss with respect to one task's parameters, indexed by binding column
 * ({@link Circuit#parameters()} order). Weights are shared by the rows of a batch, so their
 * gradient is summed over rows; inputs are data, so theirs is kept per row.
 *
 * @param weights {@code weights[p]} = sum over rows of dL/d(binding[row][p]) for each weight
 *     column p; 0 in input columns
 * @param inputs {@code inputs[row][p]} = dL/d(binding[row][p]) for each input column p; 0 in
 *     weight columns
 */
public record Gradient(double[] weights, double[][] inputs) {

  /** Splits a per-row gradient matrix {@code [row][p]} into summed weights and per-row inputs. */
  public static Gradient fromRows(Circuit circuit, double[][] perRow) {
    var params = circuit.parameters();
    var weights = new double[params.size()];
    var inputs = new double[perRow.length][params.size()];
    for (int r = 0; r < perRow.length; r++) {
      for (int p = 0; p < params.size(); p++) {
        if (params.get(p).isWeight()) {
          weights[p] += perRow[r][p];
        } else {
          inputs[r][p] = perRow[r][p];
        }
      }
    }
    return new Gradient(weights, inputs);
  }
}
