package dev.qssm;

/** Root of every failure qssm reports on purpose; each family has its own subtype. */
public class QssmException extends RuntimeException {
  public QssmException(String message) {
    super(message);
  }

  public QssmException(String message, Throwable cause) {
    super(message, cause);
  }
}
