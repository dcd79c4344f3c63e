package dev.qssm.strange;

/** The few operations a qssm circuit is lowered to before it becomes a Strange program. */
sealed interface Prim permits Prim.One, Prim.Cx, Prim.Ccx {

  /** Any single-qubit unitary. */
  record One(int qubit, Mat2 matrix) implements Prim {}

  /** CNOT: Strange's {@code Cnot} is right for every ordered pair. */
  record Cx(int control, int target) implements Prim {}

  /** CCX in a layout Strange's {@code Toffoli} gets right: target outside [c1, c2], c1 < c2. */
  record Ccx(int control1, int control2, int target) implements Prim {
    public Ccx {
      if (control1 >= control2 || (target > control1 && target < control2)) {
        throw new IllegalArgumentException(
            "Toffoli layout (" + control1 + ", " + control2 + ", " + target + ") is one Strange 0.1.3 gets wrong");
      }
    }
  }
}
