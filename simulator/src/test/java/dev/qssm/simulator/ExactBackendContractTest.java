package dev.qssm.simulator;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.testkit.BackendContractTest;

/** The exact backend, as discovered by name, honours the Backend SPI contract. */
class ExactBackendContractTest extends BackendContractTest {
  @Override
  protected Backend backend() {
    return Backends.create(BackendConfig.of("exact"));
  }
}
