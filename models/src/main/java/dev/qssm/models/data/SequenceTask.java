package dev.qssm.models.data;

import dev.qssm.autograd.Tensor;

/** A labelled set of equal-length sequences, as the {@code Trainer} reads it. */
public interface SequenceTask {
  int size();

  /** Tokens per sequence. */
  int length();

  /** Inputs {@code [indices.length, length(), features]} for the given examples. */
  Tensor inputs(int[] indices);

  int[] labels(int[] indices);
}
