package dev.qssm.simulator;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.testkit.BackendContractTest;
import java.util.Map;

/** The trajectory method (shots only) without noise honours the contract too. */
class NoisyTrajectoryContractTest extends BackendContractTest {
  @Override
  protected Backend backend() {
    return Backends.create(BackendConfig.of("noisy", Map.of("method", "trajectories", "maxQubits", 12)));
  }

  @Override
  protected int shots() {
    return 1000;
  }

  @Override
  protected boolean noiseless() {
    return true;
  }
}
