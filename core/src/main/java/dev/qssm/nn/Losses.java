package dev.qssm.nn;

import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;

/** Loss functions (means over the batch, as PyTorch's defaults). */
public final class Losses {
  private Losses() {}

  public static Tensor crossEntropy(Tensor logits, int[] labels) {
    return Ops.crossEntropy(logits, labels);
  }

  public static Tensor mse(Tensor prediction, Tensor target) {
    return Ops.mse(prediction, target);
  }
}
