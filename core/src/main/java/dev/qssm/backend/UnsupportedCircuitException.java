package dev.qssm.backend;

/** The circuit or readout needs a capability this backend does not have; the message names it. */
public class UnsupportedCircuitException extends BackendException {
  public UnsupportedCircuitException(String message) {
    super(message);
  }
}
