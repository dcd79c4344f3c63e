package dev.qssm.nn;

import dev.qssm.autograd.Tensor;
import java.util.random.RandomGenerator;

/** Parameter initialisers. */
public final class Init {
  private Init() {}

  /** A variable with values uniform in [-bound, bound). */
  public static Tensor uniform(RandomGenerator rng, double bound, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    var v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (2 * rng.nextDouble() - 1) * bound;
    }
    return Tensor.variable(v, shape);
  }

  public static Tensor constant(double value, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    var v = new double[n];
    java.util.Arrays.fill(v, value);
    return Tensor.variable(v, shape);
  }
}
