package dev.qssm.nn;

import dev.qssm.autograd.AutogradException;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import java.util.random.RandomGenerator;

/** A lookup table of {@code vocab} vectors, initialised N(0, 1) as in PyTorch. */
public final class Embedding extends Module {
  private final Tensor weight;

  public Embedding(int vocab, int dim, RandomGenerator rng) {
    var v = new double[vocab * dim];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian();
    }
    this.weight = parameter("weight", Tensor.variable(v, vocab, dim));
  }

  /** Rows for the integer-valued indices in {@code x}. */
  @Override
  public Tensor forward(Tensor x) {
    var idx = new int[x.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = (int) x.data()[i];
      if (idx[i] != x.data()[i]) {
        throw new AutogradException("embedding index must be an integer, got " + x.data()[i]);
      }
    }
    return Ops.embedding(weight, idx, x.shape());
  }
}
