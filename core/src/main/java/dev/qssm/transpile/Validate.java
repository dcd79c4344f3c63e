package dev.qssm.transpile;

import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Barrier;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.Reset;
import java.util.Arrays;
import java.util.Set;

/**
 * The last pass: rejects anything the device would reject (and charge for), with IBM's own wording
 * "The instruction NAME on qubits (..) is not supported by the target". Checks every name against
 * the basis and supported instructions, every two-qubit pair against the directed coupling map,
 * qubit indices, parameters only in {@code rz}, and dynamic-circuit support ({@code if_else} among
 * the supported instructions for classically conditioned gates, whose gate is checked as any other).
 */
public final class Validate implements Pass {
  /** Names that are in IBM's basis lists but that its OpenQASM 3 loader mishandles. */
  private static final Set<String> NEVER = Set.of("id", "U", "u", "h", "cx");

  private final Target target;

  public Validate(Target target) {
    this.target = target;
  }

  @Override
  public Transpiled run(Transpiled in) {
    if (!in.isLaidOut()) {
      throw new UnsupportedCircuitException("validation needs a laid-out circuit on physical qubits");
    }
    var c = in.circuit();
    for (int w = 0; w < c.numQubits(); w++) {
      int p = in.physicalQubit(w);
      if (p < 0 || p >= target.numQubits()) {
        throw new UnsupportedCircuitException("physical qubit $" + p + " does not exist on " + target.name());
      }
    }
    for (Instruction ins : c.instructions()) {
      if (ins instanceof Conditional cond && !target.supportedInstructions().contains("if_else")) {
        throw new UnsupportedCircuitException(target.name() + " does not run classically conditioned gates ('"
            + cond + "'): its supported_instructions lack if_else, so it has no dynamic-circuit support");
      }
    }
    if (c.hasMidCircuitOperations() && !target.supportsDynamicCircuits()) {
      throw new UnsupportedCircuitException(target.name() + " does not run dynamic circuits (mid-circuit measurement or reset)");
    }
    for (Instruction ins : c.instructions()) {
      if (ins instanceof Conditional cond) {
        gate(in, cond.operation());
      } else if (ins instanceof GateOperation g) {
        gate(in, g);
      } else if (ins instanceof Measurement m) {
        requireInstruction("measure", in.physicalQubit(m.qubit()));
      } else if (ins instanceof Reset r) {
        requireInstruction("reset", in.physicalQubit(r.qubit()));
      } else if (ins instanceof AmplitudeEncoding) {
        throw new UnsupportedCircuitException("amplitude encoding must be lowered before it reaches the device");
      } else if (!(ins instanceof Barrier)) {
        throw new UnsupportedCircuitException("unknown instruction " + ins);
      }
    }
    return in;
  }

  private void gate(Transpiled in, GateOperation g) {
    String name = g.gate().qasmName();
    int[] phys = Arrays.stream(g.allQubits()).map(in::physicalQubit).toArray();
    if (g.controlQubits().length > 0 || NEVER.contains(name) || !target.basisGates().contains(name)) {
      reject(name, phys);
    }
    if (phys.length == 2 && !target.hasEdge(phys[0], phys[1])) {
      reject(name, phys);
    }
    if (phys.length > 2) {
      reject(name, phys);
    }
    if (g.gate() != Gate.RZ && g.angles().stream().anyMatch(a -> !a.isConstant())) {
      throw new UnsupportedCircuitException(
          "parametric angle on '" + name + "': only rz may carry a parameter after transpilation");
    }
    for (Angle a : g.angles()) {
      if (!Double.isFinite(a.offset()) || !Double.isFinite(a.scale())) {
        throw new UnsupportedCircuitException("non-finite angle in " + g);
      }
    }
  }

  private void requireInstruction(String name, int q) {
    if (!target.supportedInstructions().contains(name) && !target.basisGates().contains(name)) {
      reject(name, new int[] {q});
    }
  }

  private void reject(String name, int[] phys) {
    var qs = new StringBuilder("(");
    for (int i = 0; i < phys.length; i++) {
      qs.append(i > 0 ? ", " : "").append(phys[i]);
    }
    qs.append(phys.length == 1 ? ",)" : ")");
    throw new UnsupportedCircuitException("The instruction " + name + " on qubits " + qs
        + " is not supported by the target " + target.name() + "; transpile for it first");
  }
}
