package dev.qssm.cli;

import dev.qssm.QssmException;

/** A command cannot do what was asked (missing file, unbound parameter, ...); shown as {@code error: message}. */
class CommandException extends QssmException {
  CommandException(String message) {
    super(message);
  }

  CommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
