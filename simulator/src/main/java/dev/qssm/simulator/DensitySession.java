package dev.qssm.simulator;

import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Session;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.simulator.density.DensityEngine;
import dev.qssm.simulator.density.DensityMatrix;
import dev.qssm.simulator.noise.NoiseModel;

/**
 * A {@link Session} on a density matrix (the sessions of {@code exact} and {@code noisy}): the
 * state after one step is the start of the next; each step's values are exact.
 */
final class DensitySession implements Session {
  private final String backend;
  private final Capabilities capabilities;
  private final NoiseModel noise;
  private final boolean mitigate;
  private DensityMatrix state;
  // steps usually repeat one circuit (a token), so the last plan is kept
  private Circuit lastCircuit;
  private Readout lastReadout;
  private DensityEngine lastEngine;

  DensitySession(String backend, Capabilities capabilities, int numQubits, NoiseModel noise, boolean mitigate) {
    this.backend = backend;
    this.capabilities = capabilities;
    this.noise = noise;
    this.mitigate = mitigate;
    this.state = DensityMatrix.zero(numQubits);
  }

  @Override
  public double[] run(Circuit step, double[] binding, Readout readout) {
    if (step.numQubits() != state.numQubits()) {
      throw new InvalidCircuitException("backend '" + backend + "' session: step circuit has " + step.numQubits()
          + " qubit(s), the session holds " + state.numQubits());
    }
    // validates the binding (length, NaN) and the readout like any task
    capabilities.check(Task.builder(step).bindings(new double[][] {binding}).readout(readout).build(), backend);
    if (step != lastCircuit || !readout.equals(lastReadout)) {
      // the engine computes whole distributions; a first(k) limit is applied to its values
      var full = readout instanceof Readout.Probabilities p ? p.all() : readout;
      lastEngine = new DensityEngine(step, full, noise, Long.MAX_VALUE, mitigate);
      lastCircuit = step;
      lastReadout = readout;
    }
    var s = lastEngine.step(state, binding);
    state = s.state();
    return readout instanceof Readout.Probabilities p ? p.truncate(s.values()) : s.values();
  }
}
