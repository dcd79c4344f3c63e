package dev.qssm.backend;

import java.util.SplittableRandom;

/**
 * How a sampling backend picks the seed of a task with shots: the task's own seed, else the next
 * value of a stream started from the configured {@code seed} option (so a whole run is
 * reproducible from one number), else a fresh random seed. Whatever it picks, the backend reports
 * it in {@link ResultMetadata#seed()} so any result can be reproduced.
 */
public final class SeedPolicy {
  private final SplittableRandom configured; // null when the configuration has no seed

  private SeedPolicy(SplittableRandom configured) {
    this.configured = configured;
  }

  public static SeedPolicy of(BackendConfig config) {
    var seed = config.seed();
    return new SeedPolicy(seed.isPresent() ? new SplittableRandom(seed.getAsLong()) : null);
  }

  /** The seed for {@code task}, or null for an exact task (no shots), which draws nothing. */
  public Long seedFor(Task task) {
    if (task.shots() == 0) {
      return null;
    }
    if (task.seed().isPresent()) {
      return task.seed().getAsLong();
    }
    if (configured != null) {
      synchronized (configured) {
        return configured.nextLong();
      }
    }
    return new SplittableRandom().nextLong();
  }
}
