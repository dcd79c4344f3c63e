package dev.qssm.circuit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** A named symbol an angle or an encoded amplitude depends on. Identity is name plus kind. */
public record Parameter(String name, ParameterKind kind) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+\\])?");

  public Parameter {
    Objects.requireNonNull(kind, "kind");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidCircuitException(
          "parameter name '" + name + "' is not allowed: use letters, digits and '_', optionally"
              + " followed by an index like theta[3]");
    }
  }

  public static Parameter weight(String name) {
    return new Parameter(name, ParameterKind.WEIGHT);
  }

  public static Parameter input(String name) {
    return new Parameter(name, ParameterKind.INPUT);
  }

  /** {@code name[0] .. name[size-1]}, all of one kind. */
  public static List<Parameter> vector(String name, int size, ParameterKind kind) {
    if (size < 0) {
      throw new InvalidCircuitException("parameter vector '" + name + "' size must be >= 0, got " + size);
    }
    var list = new ArrayList<Parameter>(size);
    for (int i = 0; i < size; i++) {
      list.add(new Parameter(name + "[" + i + "]", kind));
    }
    return List.copyOf(list);
  }

  public boolean isWeight() {
    return kind == ParameterKind.WEIGHT;
  }

  @Override
  public String toString() {
    return name;
  }
}
