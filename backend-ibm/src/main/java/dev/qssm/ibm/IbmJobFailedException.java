package dev.qssm.ibm;

/** An IBM job ended Failed or Cancelled; the message carries IBM's reason, code and solution. */
public final class IbmJobFailedException extends IbmException {
  public IbmJobFailedException(String message, String reasonCode) {
    super(message, 0, reasonCode, null);
  }
}
