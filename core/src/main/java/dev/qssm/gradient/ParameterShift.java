package dev.qssm.gradient;

import dev.qssm.backend.Backend;
import dev.qssm.backend.Task;
import java.util.List;

/**
 * Gradients for backends that cannot differentiate: the parameter-shift rule (two-term for
 * rotations and phases, four-term for controlled rotations), with every shifted circuit of every
 * task sent to the backend in one {@link Backend#run} call.
 */
public final class ParameterShift {
  private ParameterShift() {}

  /** See {@link Backend#vjp}. */
  public static List<double[][]> vjp(Backend backend, List<Task> tasks, List<double[][]> cotangents) {
    throw new UnsupportedOperationException("parameter shift: not yet implemented");
  }
}
