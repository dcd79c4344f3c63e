package dev.qssm.circuit;

/** Weights are trained and shared by every binding of a batch; inputs are data and change per row. */
public enum ParameterKind {
  WEIGHT,
  INPUT
}
