package dev.qssm.backend;

/** No backend of that name is installed, or it cannot be reached or configured. */
public class BackendUnavailableException extends BackendException {
  public BackendUnavailableException(String message) {
    super(message);
  }

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
