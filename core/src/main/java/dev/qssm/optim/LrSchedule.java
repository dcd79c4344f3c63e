package dev.qssm.optim;

/** A learning-rate factor as a function of the step (0-based); set it with {@link Optimizer#setLrFactor}. */
@FunctionalInterface
public interface LrSchedule {
  double factor(long step);

  static LrSchedule constant() {
    return s -> 1;
  }

  /** Linear warm-up over {@code warmup} steps, then cosine decay to 0 at {@code total}. */
  static LrSchedule warmupCosine(long warmup, long total) {
    return s -> {
      if (s < warmup) {
        return (s + 1) / (double) warmup;
      }
      double p = Math.min(1, (s - warmup) / (double) Math.max(1, total - warmup));
      return 0.5 * (1 + Math.cos(Math.PI * p));
    };
  }
}
