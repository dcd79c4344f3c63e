package dev.qssm.qasm;

import dev.qssm.QssmException;

/** A program that is not valid (supported) OpenQASM; the message starts with {@code line:column}. */
public class QasmException extends QssmException {
  private final int line;
  private final int column;

  public QasmException(int line, int column, String message) {
    super(line + ":" + column + ": " + message);
    this.line = line;
    this.column = column;
  }

  /** 1-based line of the offending token. */
  public int line() {
    return line;
  }

  /** 1-based column of the offending token. */
  public int column() {
    return column;
  }
}
