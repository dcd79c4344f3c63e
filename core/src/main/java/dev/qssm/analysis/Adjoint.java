package dev.qssm.analysis;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.circuit.Parameter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The overlap circuit {@code U(a)} then {@code U(b)†}: its probability of |0…0> is the fidelity
 * |<ψ(b)|ψ(a)>|², which any backend can read out (no statevector needed). The second copy's
 * weights are renamed so both parameter vectors are bound in one row.
 */
final class Adjoint {
  private Adjoint() {}

  /** The overlap circuit and, per weight of {@code u}, its renamed twin. */
  record Overlap(Circuit circuit, Map<Parameter, Parameter> twin) {}

  static Overlap overlap(Circuit u) {
    var taken = u.parameters().stream().map(Parameter::name).collect(Collectors.toCollection(HashSet::new));
    String suffix = "_adj";
    while (clashes(taken, suffix)) {
      suffix = "_" + suffix;
    }
    final String s = suffix;
    var twin = new LinkedHashMap<Parameter, Parameter>();
    for (var p : u.weights()) {
      twin.put(p, Parameter.weight(renamed(p.name(), s)));
    }
    var b = Circuit.builder(u.numQubits());
    b.declare(u.parameters());
    b.declare(List.copyOf(twin.values()));
    u.instructions().forEach(b::append);
    var ins = u.instructions();
    for (int i = ins.size() - 1; i >= 0; i--) {
      for (var g : inverse(ins.get(i), twin::get)) {
        b.append(g);
      }
    }
    return new Overlap(b.build(), Map.copyOf(twin));
  }

  private static boolean clashes(Set<String> taken, String suffix) {
    for (var name : taken) {
      if (taken.contains(renamed(name, suffix))) {
        return true;
      }
    }
    return false;
  }

  // theta[3] -> theta_adj[3], w0 -> w0_adj: still a legal parameter name
  private static String renamed(String name, String suffix) {
    int bracket = name.indexOf('[');
    return bracket < 0 ? name + suffix : name.substring(0, bracket) + suffix + name.substring(bracket);
  }

  /** The inverse of one unitary instruction, as gates in application order. */
  static List<GateOperation> inverse(Instruction ins, Function<Parameter, Parameter> rename) {
    if (!(ins instanceof GateOperation g)) {
      throw new InvalidCircuitException("cannot invert '" + ins + "': only gates are invertible");
    }
    var a = g.angles();
    switch (g.gate()) {
      case ID, X, Y, Z, H, SWAP, ECR, CX, CY, CZ, CH, CCX, CSWAP:
        return List.of(with(g, g.gate(), a));
      case S:
        return List.of(with(g, Gate.SDG, a));
      case SDG:
        return List.of(with(g, Gate.S, a));
      case T:
        return List.of(with(g, Gate.TDG, a));
      case TDG:
        return List.of(with(g, Gate.T, a));
      case SX: { // sx^4 = I exactly (no phase left over, so controls stay right)
        var sx = with(g, Gate.SX, a);
        return List.of(sx, sx, sx);
      }
      case RX, RY, RZ, P, RZZ, RXX, CRX, CRY, CRZ, CP:
        return List.of(with(g, g.gate(), List.of(negated(a.get(0), rename))));
      case U3, U: // (RZ(φ)RY(θ)RZ(λ))† = RZ(-λ)RY(-θ)RZ(-φ), likewise with P for U
        return List.of(with(g, g.gate(),
            List.of(negated(a.get(0), rename), negated(a.get(2), rename), negated(a.get(1), rename))));
      default:
        throw new InvalidCircuitException("no inverse known for gate " + g.gate().qasmName());
    }
  }

  private static GateOperation with(GateOperation g, Gate gate, List<Angle> angles) {
    return new GateOperation(gate, angles, g.qubits(), g.controlQubits(), g.controlStates());
  }

  private static Angle negated(Angle a, Function<Parameter, Parameter> rename) {
    if (a.isConstant()) {
      return Angle.constant(-a.offset());
    }
    var p = a.parameter().orElseThrow();
    var q = p.isWeight() ? rename.apply(p) : p;
    return Angle.of(q, -a.scale(), -a.offset());
  }
}
