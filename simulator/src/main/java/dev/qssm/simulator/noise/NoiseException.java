package dev.qssm.simulator.noise;

import dev.qssm.QssmException;

/** A noise description is invalid; the message names the field and what is allowed. */
public class NoiseException extends QssmException {
  public NoiseException(String message) {
    super(message);
  }
}
