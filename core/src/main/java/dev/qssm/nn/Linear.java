package dev.qssm.nn;

import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import java.util.random.RandomGenerator;

/** {@code y = x W^T + b} with PyTorch's layout ({@code weight [out, in]}) and default initialisation. */
public final class Linear extends Module {
  private final Tensor weight;
  private final Tensor bias;

  public Linear(int in, int out, boolean bias, RandomGenerator rng) {
    double bound = 1 / Math.sqrt(in); // kaiming_uniform(a=sqrt(5)) reduces to this
    this.weight = parameter("weight", Init.uniform(rng, bound, out, in));
    this.bias = bias ? parameter("bias", Init.uniform(rng, bound, out)) : null;
  }

  public Tensor weight() {
    return weight;
  }

  @Override
  public Tensor forward(Tensor x) {
    return Ops.linear(x, weight, bias);
  }
}
