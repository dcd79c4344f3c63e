package dev.qssm.models.data;

import dev.qssm.autograd.Tensor;
import java.util.SplittableRandom;

/**
 * Sequential MNIST: each image is a sequence of its pixels ({@code batch x 784 x 1}, values in
 * [0, 1]), optionally in a fixed random order (permuted sMNIST).
 */
public final class SequentialMnist {
  private final Mnist data;
  private final int[] order;

  /** Pixels in reading order; {@code permutationSeed} non-null fixes a pixel permutation instead. */
  public SequentialMnist(Mnist data, Long permutationSeed) {
    this.data = data;
    this.order = new int[data.pixels()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (permutationSeed != null) {
      shuffle(order, new SplittableRandom(permutationSeed));
    }
  }

  public int size() {
    return data.size();
  }

  public int length() {
    return order.length;
  }

  /** Inputs {@code [indices.length, pixels, 1]} for the given examples. */
  public Tensor inputs(int[] indices) {
    int p = order.length;
    var x = new double[indices.length * p];
    for (int b = 0; b < indices.length; b++) {
      int base = indices[b] * p;
      for (int t = 0; t < p; t++) {
        x[b * p + t] = (data.images()[base + order[t]] & 0xff) / 255.0;
      }
    }
    return Tensor.of(x, indices.length, p, 1);
  }

  public int[] labels(int[] indices) {
    var l = new int[indices.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = data.labels()[indices[i]];
    }
    return l;
  }

  /** A permutation of 0..n-1 that depends only on (seed, epoch): the order of an epoch. */
  public static int[] epochOrder(int n, long seed, int epoch) {
    var idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    shuffle(idx, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
    return idx;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
