package dev.qssm.simulator;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendProvider;
import dev.qssm.backend.Capabilities;
import dev.qssm.simulator.statevector.StatevectorEngine;

/**
 * Provides {@link ExactBackend} under the name {@code "exact"}.
 *
 * <p>Options (all optional):
 *
 * <ul>
 *   <li>{@code threads} — worker threads (default: available processors). Results do not depend on
 *       it, sampled ones included.
 *   <li>{@code parallelThreshold} — circuits with at least this many qubits split each state's
 *       index space over the threads; narrower ones run rows in parallel (default 14).
 *   <li>{@code maxBatch} — most binding rows simulated together in SIMD lanes for circuits up to 12
 *       qubits (default 256; 1 turns batching off).
 *   <li>{@code midCircuit} — {@code density} (default) or {@code branching}: how exact values of
 *       circuits with mid-circuit measurement or reset are computed, on a noise-free density matrix
 *       (up to 12 qubits; gradients by its adjoint) or by branching the statevector at every
 *       measurement. Shots always sample branches.
 *   <li>{@code maxBranches} — most branches per row when mid-circuit measurements and resets are
 *       branched (default 4096); beyond it tasks fail and the density matrix should be used.
 *   <li>{@code fastPath} — {@code auto} (default), {@code always} or {@code never}: the
 *       matrix-product path for circuits that amplitude-encode on all qubits and then apply
 *       weight-only gates; {@code auto} takes it when its estimated cost is lower.
 *   <li>{@code maxQubits} — widest circuit accepted (default: what three states fit in the heap,
 *       at most 30).
 *   <li>{@code laneQubits} — low qubits stored inside one array of a wide state (default 10; tuning).
 *   <li>{@code seed} — seeds tasks that have shots but no seed of their own (each such task draws
 *       the next seed of a stream started from it); without it, unseeded tasks get a random seed,
 *       reported in {@code ResultMetadata.seed}.
 * </ul>
 */
public final class ExactBackendProvider implements BackendProvider {

  @Override
  public String name() {
    return ExactBackend.NAME;
  }

  @Override
  public String description() {
    return "exact statevector simulator: analytic results, seeded shots, mid-circuit measurement by density matrix or branching,"
        + " adjoint gradients";
  }

  @Override
  public Capabilities capabilities(BackendConfig config) {
    return ExactBackend.capabilitiesOf(StatevectorEngine.maxQubitsOf(config));
  }

  @Override
  public Backend create(BackendConfig config) {
    return new ExactBackend(config);
  }
}
