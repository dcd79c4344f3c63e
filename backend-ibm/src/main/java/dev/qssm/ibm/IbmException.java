package dev.qssm.ibm;

import dev.qssm.backend.BackendException;

/**
 * A failure reported by IBM Quantum (HTTP error, failed or cancelled job), with IBM's own message,
 * solution and trace id. Never carries the API key or bearer token.
 */
public class IbmException extends BackendException {
  private final int httpStatus;
  private final String code;
  private final String trace;

  public IbmException(String message, int httpStatus, String code, String trace) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
    this.trace = trace;
  }

  public IbmException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = 0;
    this.code = null;
    this.trace = null;
  }

  /** HTTP status, 0 when the failure is not an HTTP error. */
  public int httpStatus() {
    return httpStatus;
  }

  /** IBM's error or reason code, null when none was given. */
  public String code() {
    return code;
  }

  /** IBM's request trace id for support requests, null when none was given. */
  public String trace() {
    return trace;
  }
}
