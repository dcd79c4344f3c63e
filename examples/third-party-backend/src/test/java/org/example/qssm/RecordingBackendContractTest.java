package org.example.qssm;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.testkit.BackendContractTest;

/** The qssm conformance kit, run against the recording backend (wrapping exact). */
class RecordingBackendContractTest extends BackendContractTest {
  @Override
  protected Backend backend() {
    return new RecordingBackendProvider().create(BackendConfig.of("recording"));
  }
}
