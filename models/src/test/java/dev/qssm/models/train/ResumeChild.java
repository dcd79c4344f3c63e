package dev.qssm.models.train;

import java.nio.file.Path;

/** The training run that ResumeTest kills: {@code ResumeChild OUT_DIR}. */
public final class ResumeChild {
  public static void main(String[] args) {
    ResumeTest.trainer(Path.of(args[0])).run(true, new TrainListener() {});
  }
}
