package dev.qssm.backend;

import dev.qssm.circuit.Circuit;

/**
 * A simulation that keeps its quantum state between calls ({@link Backend#session}). Each {@link
 * #run} applies one circuit to the state the previous call left behind and returns that circuit's
 * exact readout values. Classical bits do not carry over from one call to the next. Not
 * thread-safe.
 */
public interface Session extends AutoCloseable {

  /**
   * Applies {@code step} (with the session's qubit count and one binding row, validated as a
   * {@link Task} would be) to the kept state.
   *
   * @return the exact values of {@code readout} over {@code step}, e.g. the P(1) of its measurements
   */
  double[] run(Circuit step, double[] binding, Readout readout);

  @Override
  default void close() {}
}
