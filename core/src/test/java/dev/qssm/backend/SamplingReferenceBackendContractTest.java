package dev.qssm.backend;

import dev.qssm.testkit.BackendContractTest;

/** The conformance kit on a shots-only backend, so that its sampling and seed checks run too. */
class SamplingReferenceBackendContractTest extends BackendContractTest {
  @Override
  protected Backend backend() {
    return new SamplingReferenceBackend();
  }
}
