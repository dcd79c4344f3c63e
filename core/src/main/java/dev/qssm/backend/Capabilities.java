package dev.qssm.backend;

import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.Reset;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a backend can do, so that callers (and {@link #check}) refuse a task up front with a message
 * naming the missing capability instead of getting a wrong answer.
 *
 * @param maxQubits widest circuit it runs
 * @param exact returns analytic values when a task has no shots
 * @param shots samples when a task has shots
 * @param noise applies a noise model
 * @param midCircuit measurement followed by more operations on the qubit, and reset
 * @param vjp computes vector-Jacobian products natively (else core applies parameter shift)
 * @param gates gates it runs as given (others must be lowered first); all IR gates by default
 * @param controlModifiers runs {@code ctrl @}/{@code negctrl @} modifiers as given
 * @param amplitudeEncoding runs {@link AmplitudeEncoding} as given
 * @param tolerance absolute accuracy of its exact values (1e-12 for double, ~1e-6 for float32)
 */
public record Capabilities(
    int maxQubits,
    boolean exact,
    boolean shots,
    boolean noise,
    boolean midCircuit,
    boolean vjp,
    Set<Gate> gates,
    boolean controlModifiers,
    boolean amplitudeEncoding,
    double tolerance) {

  public Capabilities {
    gates = gates.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(gates));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Throws {@link UnsupportedCircuitException} naming what {@code task} needs and this lacks. */
  public void check(Task task, String backendName) {
    var c = task.circuit();
    if (c.numQubits() > maxQubits) {
      fail(backendName, "circuit has " + c.numQubits() + " qubits but the backend runs at most " + maxQubits);
    }
    if (task.shots() == 0 && !exact) {
      fail(backendName, "exact results are not available; give the task shots > 0");
    }
    if (task.shots() > 0 && !shots) {
      fail(backendName, "sampling with shots is not supported; run with shots = 0 for exact values");
    }
    if (!midCircuit && c.instructions().stream().anyMatch(Conditional.class::isInstance)) {
      fail(backendName, "classically conditioned gates (if) are not supported");
    }
    if (!midCircuit && c.hasMidCircuitOperations()) {
      fail(backendName, "mid-circuit measurement/reset is not supported (an operation follows a measurement or a reset follows use)");
    }
    for (Instruction ins : c.instructions()) {
      if (ins instanceof Conditional cond && !gates.contains(cond.operation().gate())) {
        fail(backendName, "gate '" + cond.operation().gate().qasmName() + "' is not native; lower it first");
      }
      if (ins instanceof GateOperation g) {
        if (!gates.contains(g.gate())) {
          fail(backendName, "gate '" + g.gate().qasmName() + "' is not native; lower it first");
        }
        if (!controlModifiers && g.controlQubits().length > 0) {
          fail(backendName, "ctrl/negctrl modifiers are not native; lower them first");
        }
      } else if (ins instanceof AmplitudeEncoding && !amplitudeEncoding) {
        fail(backendName, "amplitude encoding is not native; decompose it first");
      } else if (ins instanceof Reset && !midCircuit) {
        fail(backendName, "reset is not supported");
      } else if (ins instanceof Measurement) {
        // terminal measurements are always fine; mid-circuit ones are caught above
      }
    }
  }

  private static void fail(String backend, String what) {
    throw new UnsupportedCircuitException("backend '" + backend + "': " + what);
  }

  public static final class Builder {
    private int maxQubits = 30;
    private boolean exact = true;
    private boolean shots = true;
    private boolean noise;
    private boolean midCircuit;
    private boolean vjp;
    private Set<Gate> gates = EnumSet.allOf(Gate.class);
    private boolean controlModifiers = true;
    private boolean amplitudeEncoding = true;
    private double tolerance = 1e-12;

    public Builder maxQubits(int v) { maxQubits = v; return this; }
    public Builder exact(boolean v) { exact = v; return this; }
    public Builder shots(boolean v) { shots = v; return this; }
    public Builder noise(boolean v) { noise = v; return this; }
    public Builder midCircuit(boolean v) { midCircuit = v; return this; }
    public Builder vjp(boolean v) { vjp = v; return this; }
    public Builder gates(Set<Gate> v) { gates = v; return this; }
    public Builder controlModifiers(boolean v) { controlModifiers = v; return this; }
    public Builder amplitudeEncoding(boolean v) { amplitudeEncoding = v; return this; }
    public Builder tolerance(double v) { tolerance = v; return this; }

    public Capabilities build() {
      return new Capabilities(maxQubits, exact, shots, noise, midCircuit, vjp, gates, controlModifiers,
          amplitudeEncoding, tolerance);
    }
  }
}
