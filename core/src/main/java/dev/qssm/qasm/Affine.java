package dev.qssm.qasm;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Parameter;

/**
 * The value of an angle expression: {@code scale * param + offset}, or the constant {@code offset}
 * when param is null. Everything the importer evaluates must stay in this form, because that is
 * what the IR's {@link Angle} holds.
 */
record Affine(Parameter param, double scale, double offset) {

  static Affine constant(double value) {
    return new Affine(null, 0, value);
  }

  static Affine of(Parameter p) {
    return new Affine(p, 1, 0);
  }

  boolean isConstant() {
    return param == null;
  }

  boolean isFinite() {
    return Double.isFinite(scale) && Double.isFinite(offset);
  }

  Affine negate() {
    return new Affine(param, -scale, -offset);
  }

  Affine plus(double c) {
    return new Affine(param, scale, offset + c);
  }

  Affine times(double c) {
    return new Affine(param, scale * c, offset * c);
  }

  /** The IR angle; a zero offset of a parameter angle is normalised to +0.0. */
  Angle toAngle() {
    if (param == null) {
      return Angle.constant(offset);
    }
    return Angle.of(param, scale, offset == 0 ? 0.0 : offset);
  }

  static Affine of(Angle a) {
    return a.parameter().map(p -> new Affine(p, a.scale(), a.offset())).orElse(constant(a.offset()));
  }
}
