package dev.qssm.backend;

import dev.qssm.QssmException;

/** A backend could not do what was asked (unavailable, unsupported circuit, failed job). */
public class BackendException extends QssmException {
  public BackendException(String message) {
    super(message);
  }

  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
