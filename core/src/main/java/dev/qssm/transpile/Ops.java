package dev.qssm.transpile;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import java.util.List;

/** Small helpers shared by the passes: angle arithmetic, 2x2 complex matrices, circuit rebuilding. */
final class Ops {
  private Ops() {}

  static final double TWO_PI = 2 * Math.PI;

  static GateOperation g(Gate gate, int... qubits) {
    return GateOperation.of(gate, List.of(), qubits);
  }

  static GateOperation g(Gate gate, Angle a, int q) {
    return GateOperation.of(gate, List.of(a), q);
  }

  static GateOperation rz(Angle a, int q) {
    return GateOperation.of(Gate.RZ, List.of(a), q);
  }

  static GateOperation rz(double a, int q) {
    return rz(Angle.constant(a), q);
  }

  static Angle c(double v) {
    return Angle.constant(v);
  }

  static Angle scale(Angle a, double k) {
    return a.isConstant() ? Angle.constant(a.offset() * k) : Angle.of(a.parameter().get(), a.scale() * k, a.offset() * k);
  }

  static Angle plus(Angle a, double d) {
    return a.isConstant() ? Angle.constant(a.offset() + d) : Angle.of(a.parameter().get(), a.scale(), a.offset() + d);
  }

  /** a + b when it is still affine in one parameter, else null. */
  static Angle sum(Angle a, Angle b) {
    if (a.isConstant()) {
      return plus(b, a.offset());
    }
    if (b.isConstant()) {
      return plus(a, b.offset());
    }
    if (a.parameter().get().equals(b.parameter().get())) {
      return Angle.of(a.parameter().get(), a.scale() + b.scale(), a.offset() + b.offset());
    }
    return null;
  }

  /** The gate an instruction applies, looking through a classical condition (null for non-gates). */
  static GateOperation gateOf(Instruction ins) {
    if (ins instanceof GateOperation g) {
      return g;
    }
    return ins instanceof Conditional c ? c.operation() : null;
  }

  /** Puts each gate of {@code out} from index {@code start} on under {@code cond}'s classical condition. */
  static void condition(List<Instruction> out, int start, Conditional cond) {
    for (int i = start; i < out.size(); i++) {
      if (out.get(i) instanceof GateOperation g) {
        out.set(i, new Conditional(cond.clbit(), cond.value(), g));
      } else {
        throw new IllegalStateException("a conditional gate expanded to " + out.get(i));
      }
    }
  }

  /** A copy of {@code template}'s registers and parameter order with other instructions and width. */
  static Circuit rebuild(Circuit template, int numQubits, List<? extends Instruction> instructions) {
    var b = Circuit.builder(numQubits);
    template.registers().forEach(r -> b.classicalRegister(r.name(), r.size()));
    b.declare(template.parameters());
    instructions.forEach(b::append);
    return b.build();
  }

  // ---- 2x2 complex matrices as double[8] {re00, im00, re01, im01, re10, im10, re11, im11} ----

  static double[] identity() {
    return new double[] {1, 0, 0, 0, 0, 0, 1, 0};
  }

  static double[] matrix(GateOperation op) {
    var angles = new double[op.angles().size()];
    for (int i = 0; i < angles.length; i++) {
      angles[i] = op.angles().get(i).offset();
    }
    var m = op.gate().targetMatrix(angles);
    return new double[] {m.re(0, 0), m.im(0, 0), m.re(0, 1), m.im(0, 1), m.re(1, 0), m.im(1, 0), m.re(1, 1), m.im(1, 1)};
  }

  /** a·b. */
  static double[] mul(double[] a, double[] b) {
    var out = new double[8];
    for (int r = 0; r < 2; r++) {
      for (int col = 0; col < 2; col++) {
        double re = 0, im = 0;
        for (int k = 0; k < 2; k++) {
          double ar = a[(r * 2 + k) * 2], ai = a[(r * 2 + k) * 2 + 1];
          double br = b[(k * 2 + col) * 2], bi = b[(k * 2 + col) * 2 + 1];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        out[(r * 2 + col) * 2] = re;
        out[(r * 2 + col) * 2 + 1] = im;
      }
    }
    return out;
  }

  /** {θ, φ, λ} with m = e^{iα} RZ(φ)·RY(θ)·RZ(λ). */
  static double[] zyz(double[] m) {
    // divide by sqrt(det) to land in SU(2): [[a, -b*], [b, a*]]
    double dr = m[0] * m[6] - m[1] * m[7] - (m[2] * m[4] - m[3] * m[5]);
    double di = m[0] * m[7] + m[1] * m[6] - (m[2] * m[5] + m[3] * m[4]);
    double mod = Math.sqrt(Math.hypot(dr, di));
    double arg = Math.atan2(di, dr) / 2;
    double sr = Math.cos(-arg) / mod, si = Math.sin(-arg) / mod;
    double a11r = m[6] * sr - m[7] * si, a11i = m[6] * si + m[7] * sr; // = e^{i(φ+λ)/2} cos
    double b10r = m[4] * sr - m[5] * si, b10i = m[4] * si + m[5] * sr; // = e^{i(φ-λ)/2} sin
    double cos = Math.hypot(a11r, a11i), sin = Math.hypot(b10r, b10i);
    double theta = 2 * Math.atan2(sin, cos);
    double sum = cos < 1e-14 ? 0 : 2 * Math.atan2(a11i, a11r);
    double diff = sin < 1e-14 ? 0 : 2 * Math.atan2(b10i, b10r);
    return new double[] {theta, (sum + diff) / 2, (sum - diff) / 2};
  }

  /** x reduced to (-π, π]. */
  static double wrap(double x) {
    double y = Math.IEEEremainder(x, TWO_PI);
    return y <= -Math.PI ? y + TWO_PI : y;
  }

  static boolean isZeroAngle(double x) {
    return Math.abs(wrap(x)) < 1e-12;
  }
}
