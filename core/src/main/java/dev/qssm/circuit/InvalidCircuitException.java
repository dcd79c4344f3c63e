package dev.qssm.circuit;

import dev.qssm.QssmException;

/** A circuit, or a binding of its parameters, that cannot be run as given. */
public class InvalidCircuitException extends QssmException {
  public InvalidCircuitException(String message) {
    super(message);
  }
}
