package dev.qssm.models.data;

import dev.qssm.autograd.Tensor;
import java.util.SplittableRandom;

/**
 * Sequential MNIST: each image is a sequence of tokens of {@code pixelsPerToken} consecutive
 * pixels ({@code batch x 784/P x P}, values in [0, 1]), optionally in a fixed random pixel order
 * (permuted sMNIST). P = 1 is the classic pixel-by-pixel task (784 steps); P = 28 reads an image
 * row by row (28 steps).
 */
public final class SequentialMnist implements SequenceTask {
  private final Mnist data;
  private final int[] order;
  private final int pixelsPerToken;

  /** Pixel by pixel in reading order; {@code permutationSeed} non-null fixes a pixel permutation instead. */
  public SequentialMnist(Mnist data, Long permutationSeed) {
    this(data, permutationSeed, 1);
  }

  /** Tokens of {@code pixelsPerToken} pixels, which must divide the image's pixel count. */
  public SequentialMnist(Mnist data, Long permutationSeed, int pixelsPerToken) {
    if (pixelsPerToken < 1 || data.pixels() % pixelsPerToken != 0) {
      throw new DataException("pixels per token must divide the " + data.pixels() + " pixels of an image, got "
          + pixelsPerToken);
    }
    this.data = data;
    this.pixelsPerToken = pixelsPerToken;
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

  /** Tokens per sequence. */
  public int length() {
    return order.length / pixelsPerToken;
  }

  public int pixelsPerToken() {
    return pixelsPerToken;
  }

  /** Inputs {@code [indices.length, length(), pixelsPerToken()]} for the given examples. */
  public Tensor inputs(int[] indices) {
    int p = order.length;
    var x = new double[indices.length * p];
    for (int b = 0; b < indices.length; b++) {
      int base = indices[b] * p;
      for (int t = 0; t < p; t++) {
        x[b * p + t] = (data.images()[base + order[t]] & 0xff) / 255.0;
      }
    }
    return Tensor.of(x, indices.length, p / pixelsPerToken, pixelsPerToken);
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
