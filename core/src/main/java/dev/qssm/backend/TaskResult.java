package dev.qssm.backend;

/**
 * The values of one task: {@code values[row]} for each binding row, laid out as the task's readout
 * says. {@code standardErrors} has the same shape when the values are estimates from shots and is
 * null when they are exact.
 */
public record TaskResult(double[][] values, double[][] standardErrors, ResultMetadata metadata) {

  public boolean isExact() {
    return standardErrors == null;
  }

  public double[] row(int r) {
    return values[r];
  }
}
