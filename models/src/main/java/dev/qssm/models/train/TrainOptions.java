package dev.qssm.models.train;

import dev.qssm.QssmException;
import java.nio.file.Path;

/**
 * A training run. {@code data} null means the bundled 1,000 + 200 digit subset; {@code
 * trainLimit}/{@code testLimit} 0 means all examples; {@code permutationSeed} null is plain
 * sMNIST; {@code pixelsPerToken} 1 is pixel by pixel, 28 row by row. {@code checkpointEvery} is in
 * steps (a checkpoint is also written at each epoch's end).
 */
public record TrainOptions(int pixelsPerToken, Path data, int epochs, int batch, long seed, Path out,
    int checkpointEvery, Long permutationSeed, int trainLimit, int testLimit, double lr, double weightDecay,
    double clip) {
  public TrainOptions {
    if (pixelsPerToken < 1) {
      throw new QssmException("pixels per token must be >= 1, got " + pixelsPerToken);
    }
    if (epochs < 1 || batch < 1 || checkpointEvery < 1 || trainLimit < 0 || testLimit < 0) {
      throw new QssmException("epochs, batch and checkpointEvery must be >= 1 and limits >= 0, got epochs " + epochs
          + ", batch " + batch + ", checkpointEvery " + checkpointEvery);
    }
    if (!(lr > 0) || !(weightDecay >= 0) || !(clip >= 0)) {
      throw new QssmException("lr must be > 0, weight decay and clip >= 0, got " + lr + ", " + weightDecay + ", " + clip);
    }
  }

  /** Defaults: pixel by pixel, bundled data, 1e-3 learning rate, weight decay 0.01, clip 1.0, checkpoint every 50 steps. */
  public static TrainOptions defaults(Path out) {
    return new TrainOptions(1, null, 1, 32, 0, out, 50, null, 0, 0, 1e-3, 0.01, 1.0);
  }
}
