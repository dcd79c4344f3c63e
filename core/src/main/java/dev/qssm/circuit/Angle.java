package dev.qssm.circuit;

import java.util.Optional;

/**
 * A gate angle: {@code scale * parameter + offset}, or the constant {@code offset} when there is
 * no parameter. Affine so that the chain rule is a single multiplication and so that every backend
 * (and OpenQASM) can express it.
 */
public final class Angle {
  private final Parameter parameter; // null for a constant
  private final double scale;
  private final double offset;

  private Angle(Parameter parameter, double scale, double offset) {
    if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
      throw new InvalidCircuitException(
          "angle must be finite, got " + (parameter == null ? "" : scale + "*" + parameter + " + ") + offset);
    }
    this.parameter = parameter;
    this.scale = parameter == null ? 0 : scale;
    this.offset = offset;
  }

  public static Angle constant(double value) {
    return new Angle(null, 0, value);
  }

  public static Angle of(Parameter parameter) {
    return of(parameter, 1, 0);
  }

  public static Angle of(Parameter parameter, double scale, double offset) {
    if (parameter == null) {
      throw new InvalidCircuitException("angle parameter must not be null; use Angle.constant");
    }
    return new Angle(parameter, scale, offset);
  }

  public Optional<Parameter> parameter() {
    return Optional.ofNullable(parameter);
  }

  public boolean isConstant() {
    return parameter == null;
  }

  public double scale() {
    return scale;
  }

  public double offset() {
    return offset;
  }

  /** The angle for a given parameter value (ignored for constants). */
  public double value(double parameterValue) {
    return parameter == null ? offset : scale * parameterValue + offset;
  }

  /** This angle with {@code delta} added to its offset (used by the parameter-shift rule). */
  public Angle shifted(double delta) {
    return new Angle(parameter, scale, offset + delta);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Angle a
        && java.util.Objects.equals(parameter, a.parameter)
        && Double.compare(scale, a.scale) == 0
        && Double.compare(offset, a.offset) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(parameter, scale, offset);
  }

  @Override
  public String toString() {
    if (parameter == null) {
      return Double.toString(offset);
    }
    String s = scale == 1 ? parameter.name() : scale + "*" + parameter.name();
    return offset == 0 ? s : s + (offset > 0 ? " + " + offset : " - " + (-offset));
  }
}
