package dev.qssm.nn;

import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import java.util.random.RandomGenerator;

/**
 * Depthwise causal convolution over time on channels-last input {@code [B, L, C]}; parameters in
 * PyTorch's {@code Conv1d(C, C, K, groups=C, padding=K-1)} layout, default initialisation.
 */
public final class CausalConv1d extends Module {
  private final Tensor weight;
  private final Tensor bias;

  public CausalConv1d(int channels, int kernel, RandomGenerator rng) {
    double bound = 1 / Math.sqrt(kernel);
    this.weight = parameter("weight", Init.uniform(rng, bound, channels, 1, kernel));
    this.bias = parameter("bias", Init.uniform(rng, bound, channels));
  }

  @Override
  public Tensor forward(Tensor x) {
    return Ops.conv1dCausal(x, weight, bias);
  }
}
