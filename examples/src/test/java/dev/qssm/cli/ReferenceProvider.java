package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendProvider;
import dev.qssm.backend.Capabilities;
import dev.qssm.testkit.ReferenceBackend;

/** Test-only provider "reference": the core test kit's slow, obviously-correct statevector. */
public final class ReferenceProvider implements BackendProvider {
  @Override
  public String name() {
    return "reference";
  }

  @Override
  public String description() {
    return "Reference statevector (tests only)";
  }

  @Override
  public Capabilities capabilities(BackendConfig config) {
    return new ReferenceBackend().capabilities();
  }

  @Override
  public Backend create(BackendConfig config) {
    return new ReferenceBackend();
  }
}
