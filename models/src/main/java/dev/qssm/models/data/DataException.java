package dev.qssm.models.data;

import dev.qssm.QssmException;

/** A data file is missing, truncated or not in the expected format. */
public class DataException extends QssmException {
  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
