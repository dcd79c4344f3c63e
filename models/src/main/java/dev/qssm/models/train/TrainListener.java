package dev.qssm.models.train;

/** Progress callbacks of a {@link Trainer} (the CLI draws its bar from these). */
public interface TrainListener {
  /** After each optimisation step; {@code step} counts from 1 over the whole run. */
  default void step(long step, long totalSteps, int epoch, double loss, double accuracy, double tokensPerSecond) {}

  default void epoch(EpochResult result) {}

  default void resumed(long step) {}

  /** One epoch's figures; train figures cover the steps run in this process. */
  record EpochResult(int epoch, long step, double trainLoss, double trainAccuracy, double testLoss,
      double testAccuracy, double seconds, double tokensPerSecond) {}
}
