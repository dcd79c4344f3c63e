package dev.qssm.config;

import dev.qssm.QssmException;

/** The qssm configuration cannot be read: a missing or malformed file, or a value of the wrong kind. */
public class ConfigException extends QssmException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
