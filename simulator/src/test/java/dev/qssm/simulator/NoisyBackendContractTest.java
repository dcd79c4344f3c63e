package dev.qssm.simulator;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.testkit.BackendContractTest;

/** The noisy backend without noise, discovered by name, honours the Backend SPI contract. */
class NoisyBackendContractTest extends BackendContractTest {
  @Override
  protected Backend backend() {
    return Backends.create(BackendConfig.of("noisy"));
  }

  @Override
  protected boolean noiseless() {
    return true;
  }
}
