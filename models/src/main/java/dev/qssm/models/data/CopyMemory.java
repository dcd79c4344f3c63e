package dev.qssm.models.data;

import dev.qssm.autograd.Tensor;
import java.util.SplittableRandom;

/**
 * A copying-memory task (after the QRNN paper's), as classification: a sequence shows {@code
 * stored} random symbols of {@code symbols} (one-hot, one per token), then {@code blanks} empty
 * tokens, then a query token naming one of the stored positions; the label is the symbol at that
 * position. Solving it means keeping every stored symbol across the blanks. Tokens have {@code
 * symbols + stored} features (the symbol one-hot, then the query one-hot). Examples are a pure
 * function of (seed, index).
 */
public final class CopyMemory implements SequenceTask {
  private final int size;
  private final int symbols;
  private final int stored;
  private final int blanks;
  private final long seed;

  public CopyMemory(int size, int symbols, int stored, int blanks, long seed) {
    if (size < 1 || symbols < 2 || stored < 1 || blanks < 0) {
      throw new DataException("a copying task needs size >= 1, symbols >= 2, stored >= 1, blanks >= 0; got " + size
          + ", " + symbols + ", " + stored + ", " + blanks);
    }
    this.size = size;
    this.symbols = symbols;
    this.stored = stored;
    this.blanks = blanks;
    this.seed = seed;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int length() {
    return stored + blanks + 1;
  }

  /** Features per token: the symbol one-hot, then the query one-hot. */
  public int features() {
    return symbols + stored;
  }

  public int symbols() {
    return symbols;
  }

  // the stored symbols, then the queried position
  private int[] example(int index) {
    var rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    var e = new int[stored + 1];
    for (int i = 0; i < stored; i++) {
      e[i] = rng.nextInt(symbols);
    }
    e[stored] = rng.nextInt(stored);
    return e;
  }

  @Override
  public Tensor inputs(int[] indices) {
    int len = length(), f = features();
    var x = new double[indices.length * len * f];
    for (int b = 0; b < indices.length; b++) {
      var e = example(indices[b]);
      for (int i = 0; i < stored; i++) {
        x[(b * len + i) * f + e[i]] = 1;
      }
      x[(b * len + len - 1) * f + symbols + e[stored]] = 1;
    }
    return Tensor.of(x, indices.length, len, f);
  }

  @Override
  public int[] labels(int[] indices) {
    var l = new int[indices.length];
    for (int b = 0; b < l.length; b++) {
      var e = example(indices[b]);
      l[b] = e[e[stored]];
    }
    return l;
  }
}
