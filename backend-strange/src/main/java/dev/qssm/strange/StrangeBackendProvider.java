package dev.qssm.strange;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendProvider;
import dev.qssm.backend.Capabilities;

/**
 * Provides {@link StrangeBackend} under the name {@code "strange"}.
 *
 * <p>Options (all optional):
 *
 * <ul>
 *   <li>{@code maxQubits} — widest circuit accepted, 1..24 (default 14). Strange allocates an object
 *       per amplitude operation and keeps every intermediate state, so time and memory grow about
 *       fivefold per two qubits and linearly with depth.
 *   <li>{@code seed} — seeds tasks that have shots but no seed of their own.
 * </ul>
 */
public final class StrangeBackendProvider implements BackendProvider {

  @Override
  public String name() {
    return StrangeBackend.NAME;
  }

  @Override
  public String description() {
    return "the Strange library (org.redfx:strange 0.1.3) with its bugs worked around: float32, terminal"
        + " measurements only, no reset or noise, seeded shots, parameter-shift gradients";
  }

  @Override
  public Capabilities capabilities(BackendConfig config) {
    return StrangeBackend.capabilitiesOf(StrangeBackend.maxQubitsOf(config));
  }

  @Override
  public Backend create(BackendConfig config) {
    return new StrangeBackend(config);
  }
}
