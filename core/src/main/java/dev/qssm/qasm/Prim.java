package dev.qssm.qasm;

import dev.qssm.circuit.Gate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a gate call expands to before it becomes IR: an IR gate with modifier controls, a
 * (possibly controlled) global phase, or a barrier. Phases matter because a gate defined "up to a
 * global phase" turns into a relative phase once it is controlled.
 */
sealed interface Prim {

  /** This primitive with {@code controls} prepended to its own modifier controls. */
  Prim controlledBy(int[] controls, boolean[] states);

  /** The inverse (a list, because sx† needs a phase next to its rotation). */
  List<Prim> inverse();

  record GatePrim(Gate gate, List<Affine> angles, int[] qubits, int[] controls, boolean[] states)
      implements Prim {
    static GatePrim of(Gate gate, List<Affine> angles, int... qubits) {
      return new GatePrim(gate, List.copyOf(angles), qubits, new int[0], new boolean[0]);
    }

    public GatePrim controlledBy(int[] c, boolean[] s) {
      return new GatePrim(gate, angles, qubits, concat(c, controls), concat(s, states));
    }

    public List<Prim> inverse() {
      var a = angles;
      switch (gate) {
        case S: return List.of(with(Gate.SDG, a));
        case SDG: return List.of(with(Gate.S, a));
        case T: return List.of(with(Gate.TDG, a));
        case TDG: return List.of(with(Gate.T, a));
        case SX: // sx = e^{iπ/4} rx(π/2)
          return List.of(
              with(Gate.RX, List.of(Affine.constant(-Math.PI / 2))),
              new PhasePrim(Affine.constant(-Math.PI / 4), controls, states));
        case U:
        case U3: // U(θ,φ,λ)† = U(-θ,-λ,-φ), and the same for u3 (its phase flips with it)
          return List.of(with(gate, List.of(a.get(0).negate(), a.get(2).negate(), a.get(1).negate())));
        default:
          if (gate.numParams() == 1) { // rotations and phases: negate the angle
            return List.of(with(gate, List.of(a.get(0).negate())));
          }
          if (gate.numParams() == 0) { // the remaining fixed gates are self-inverse
            return List.of(this);
          }
          throw new AssertionError(gate);
      }
    }

    private GatePrim with(Gate g, List<Affine> newAngles) {
      return new GatePrim(g, newAngles, qubits, controls, states);
    }
  }

  /** e^{i·angle}, applied where every control is in its state (a global phase when none). */
  record PhasePrim(Affine angle, int[] controls, boolean[] states) implements Prim {
    public PhasePrim controlledBy(int[] c, boolean[] s) {
      return new PhasePrim(angle, concat(c, controls), concat(s, states));
    }

    public List<Prim> inverse() {
      return List.of(new PhasePrim(angle.negate(), controls, states));
    }
  }

  record BarrierPrim(int[] qubits) implements Prim {
    public BarrierPrim controlledBy(int[] c, boolean[] s) {
      return this;
    }

    public List<Prim> inverse() {
      return List.of(this);
    }
  }

  static List<Prim> invert(List<Prim> prims) {
    var out = new ArrayList<Prim>();
    for (int i = prims.size() - 1; i >= 0; i--) {
      out.addAll(prims.get(i).inverse());
    }
    return out;
  }

  private static int[] concat(int[] a, int[] b) {
    var r = new int[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static boolean[] concat(boolean[] a, boolean[] b) {
    var r = new boolean[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
