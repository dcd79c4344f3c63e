package dev.qssm.testkit;

import dev.qssm.backend.Backend;

/** The conformance kit on the reference backend (exact only, no shots, no mid-circuit). */
class ReferenceBackendContractTest extends BackendContractTest {
  @Override
  protected Backend backend() {
    return new ReferenceBackend();
  }
}
