package dev.qssm.simulator;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendProvider;
import dev.qssm.backend.Capabilities;

/**
 * Provides {@link NoisyBackend} under the name {@code "noisy"}.
 *
 * <p>Options (all optional):
 *
 * <ul>
 *   <li>{@code noise} — the noise model as JSON (see {@code docs/noise.md}), e.g. {@code
 *       {"depolarizing": 0.01, "readout": 0.02}} or {@code {"ibm": {"properties": "fez-properties.json",
 *       "configuration": "fez-configuration.json"}}}, or the name of a file holding it. None: ideal.
 *   <li>{@code method} — {@code auto} (default: density matrix up to {@code densityMaxQubits},
 *       trajectories beyond), {@code density} or {@code trajectories}.
 *   <li>{@code densityMaxQubits} — widest density-matrix circuit (default 12); {@code maxQubits}
 *       — widest trajectory circuit (default 24).
 *   <li>{@code seed} — seeds tasks that have shots but no seed of their own.
 *   <li>{@code mitigate} — undo readout error on bit distributions by inverting the confusion
 *       matrices (default false).
 *   <li>{@code threads} — binding rows run in parallel (results do not depend on it).
 *   <li>{@code maxBranchEntries} — memory bound for classical branches (density-matrix entries).
 * </ul>
 */
public final class NoisyBackendProvider implements BackendProvider {

  @Override
  public String name() {
    return NoisyBackend.NAME;
  }

  @Override
  public String description() {
    return "noisy simulator: density matrix or trajectories, noise models (incl. IBM calibration), seeded shots,"
        + " mid-circuit measurement and conditionals";
  }

  @Override
  public Capabilities capabilities(BackendConfig config) {
    return NoisyBackend.capabilitiesOf(config);
  }

  @Override
  public Backend create(BackendConfig config) {
    return new NoisyBackend(config);
  }
}
