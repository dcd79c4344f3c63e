package dev.qssm.nn;

import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;

/** Root-mean-square normalisation over the last dimension, weight initialised to 1. */
public final class RMSNorm extends Module {
  private final Tensor weight;
  private final double eps;

  public RMSNorm(int dim, double eps) {
    this.weight = parameter("weight", Init.constant(1, dim));
    this.eps = eps;
  }

  @Override
  public Tensor forward(Tensor x) {
    return Ops.rmsNorm(x, weight, eps);
  }
}
