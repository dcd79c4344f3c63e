package dev.qssm.autograd;

import dev.qssm.QssmException;

/** A tensor operation was given shapes or values it cannot work with. */
public class AutogradException extends QssmException {
  public AutogradException(String message) {
    super(message);
  }
}
