package dev.qssm.strange;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.testkit.BackendContractTest;

/** The Strange backend, discovered by name, passes the conformance kit at float32 tolerance (1e-5). */
class StrangeBackendContractTest extends BackendContractTest {
  @Override
  protected Backend backend() {
    return Backends.create(BackendConfig.of("strange"));
  }
}
