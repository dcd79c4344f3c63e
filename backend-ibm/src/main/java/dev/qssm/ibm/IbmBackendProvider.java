package dev.qssm.ibm;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendProvider;
import dev.qssm.backend.Capabilities;

/** Provider {@code ibm}: IBM Quantum hardware through the Qiskit Runtime REST API. */
public final class IbmBackendProvider implements BackendProvider {
  @Override
  public String name() {
    return "ibm";
  }

  @Override
  public String description() {
    return "IBM Quantum hardware (Qiskit Runtime Sampler V2, OpenQASM 3); -o device=ibm_fez, QISKIT_IBM_TOKEN/INSTANCE";
  }

  @Override
  public Capabilities capabilities(BackendConfig config) {
    return IbmBackend.capabilities(config);
  }

  @Override
  public Backend create(BackendConfig config) {
    return IbmBackend.create(config);
  }
}
