package dev.qssm.backend;

import java.time.Duration;
import java.util.Map;

/**
 * Where and how a result was made. {@code seed} is null when the run was not seeded; {@code extra}
 * holds backend-specific facts (job id, physical layout, submitted QASM, ...).
 */
public record ResultMetadata(String backend, int shots, Long seed, Duration elapsed, Map<String, String> extra) {
  public ResultMetadata {
    extra = Map.copyOf(extra);
  }

  public static ResultMetadata of(String backend, int shots, Long seed, Duration elapsed) {
    return new ResultMetadata(backend, shots, seed, elapsed, Map.of());
  }
}
