package dev.qssm.simulator;

import dev.qssm.backend.BackendConfig;
import java.util.Map;

/** Exact backends in the configurations the tests compare. */
final class Backends {
  private Backends() {}

  static ExactBackend exact(Map<String, ?> options) {
    return new ExactBackend(BackendConfig.of("exact", options));
  }

  /** Default settings. */
  static ExactBackend standard() {
    return exact(Map.of());
  }

  /** One thread, no batching: the plain row-by-row path. */
  static ExactBackend rowByRow() {
    return exact(Map.of("threads", 1, "maxBatch", 1));
  }

  /** Default settings, but mid-circuit measurements branch the statevector. */
  static ExactBackend branching() {
    return exact(Map.of("midCircuit", "branching"));
  }

  /** Two threads splitting even tiny states, with 2 lane qubits so lane, array and mixed kernels all run. */
  static ExactBackend threaded() {
    return exact(Map.of("threads", 2, "parallelThreshold", 1, "laneQubits", 2));
  }
}
