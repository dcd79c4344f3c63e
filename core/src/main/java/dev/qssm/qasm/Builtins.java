package dev.qssm.qasm;

import dev.qssm.circuit.Gate;
import dev.qssm.qasm.Prim.GatePrim;
import dev.qssm.qasm.Prim.PhasePrim;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gates of {@code stdgates.inc} and {@code qelib1.inc} (and the language's builtin {@code U}
 * and OpenQASM 2's {@code CX}), each as an exact expansion into IR gates and phases.
 *
 * <p>Names shared by both files get stdgates' meaning (e.g. qelib1's {@code rz} is {@code u1}, a
 * global phase away from stdgates' {@code rz}); global phases are unobservable without modifiers,
 * which OpenQASM 2 does not have, so a QASM 2 program means the same either way.
 */
final class Builtins {
  private Builtins() {}

  interface Expansion {
    List<Prim> apply(List<Affine> args, int[] qubits);
  }

  record Def(String name, int params, int qubits, Expansion expansion) {}

  static final Set<String> STDGATES = Set.of(
      "p", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx", "rx", "ry", "rz", "cx", "cy", "cz", "cp",
      "crx", "cry", "crz", "ch", "swap", "ccx", "cswap", "cu", "CX", "phase", "cphase", "id", "u1", "u2", "u3");

  static final Set<String> QELIB1 = Set.of(
      "u3", "u2", "u1", "cx", "id", "u0", "u", "p", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "rx", "ry",
      "rz", "sx", "sxdg", "cz", "cy", "swap", "ch", "ccx", "cswap", "crx", "cry", "crz", "cu1", "cp", "cu3",
      "csx", "cu", "rxx", "rzz", "c3x", "c4x");

  /** qssm reads these without a definition in OpenQASM 3 (an extension; exports always define them). */
  static final Set<String> EXTENSIONS = Set.of("rzz", "rxx", "ecr");

  private static final Map<String, Def> DEFS = new HashMap<>();

  static {
    for (Gate g : Gate.values()) {
      ir(g.qasmName(), g);
    }
    ir("CX", Gate.CX);
    ir("phase", Gate.P);
    ir("cphase", Gate.CP);
    ir("u1", Gate.P); // stdgates: u1(λ) = U(0, 0, λ)
    ir("cu1", Gate.CP);
    ir("u", Gate.U); // qelib1: u = U
    def("u2", 2, 1, (a, q) -> List.of(GatePrim.of(Gate.U3, List.of(Affine.constant(Math.PI / 2), a.get(0), a.get(1)), q)));
    def("u0", 1, 1, (a, q) -> List.of(GatePrim.of(Gate.ID, List.of(), q))); // an idle of some duration
    def("sxdg", 0, 1, (a, q) -> List.of( // sx† = e^{-iπ/4} rx(-π/2)
        GatePrim.of(Gate.RX, List.of(Affine.constant(-Math.PI / 2)), q),
        new PhasePrim(Affine.constant(-Math.PI / 4), new int[0], new boolean[0])));
    def("cu3", 3, 2, (a, q) -> List.of(controlled(Gate.U, a, q, 1)));
    def("csx", 0, 2, (a, q) -> List.of(controlled(Gate.SX, a, q, 1)));
    def("c3x", 0, 4, (a, q) -> List.of(controlled(Gate.X, a, q, 3)));
    def("c4x", 0, 5, (a, q) -> List.of(controlled(Gate.X, a, q, 4)));
    // cu(θ,φ,λ,γ) a, b = p(γ) a; ctrl @ U(θ,φ,λ) a, b
    def("cu", 4, 2, (a, q) -> List.of(
        GatePrim.of(Gate.P, List.of(a.get(3)), q[0]),
        controlled(Gate.U, a.subList(0, 3), q, 1)));
  }

  private static void ir(String name, Gate g) {
    def(name, g.numParams(), g.numQubits(), (a, q) -> List.of(GatePrim.of(g, a, q)));
  }

  private static void def(String name, int params, int qubits, Expansion e) {
    DEFS.put(name, new Def(name, params, qubits, e));
  }

  /** {@code g} on the last qubits with positive modifier controls on the first {@code k}. */
  private static GatePrim controlled(Gate g, List<Affine> a, int[] q, int k) {
    var controls = java.util.Arrays.copyOfRange(q, 0, k);
    var states = new boolean[k];
    java.util.Arrays.fill(states, true);
    return new GatePrim(g, List.copyOf(a), java.util.Arrays.copyOfRange(q, k, q.length), controls, states);
  }

  static Def get(String name) {
    return DEFS.get(name);
  }
}
