package dev.qssm.models.train;

import dev.qssm.QssmException;

/** A weights or checkpoint file is missing, malformed, or does not fit the model. */
public class WeightsException extends QssmException {
  public WeightsException(String message) {
    super(message);
  }

  public WeightsException(String message, Throwable cause) {
    super(message, cause);
  }
}
