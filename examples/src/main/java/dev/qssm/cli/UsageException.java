package dev.qssm.cli;

/**
 * A wrong value the parser could not see (an unknown backend name, a missing input file, a flag
 * out of range): shown as {@code error: message}, exit code 2 like every usage error.
 */
final class UsageException extends CommandException {
  UsageException(String message) {
    super(message);
  }

  /** Throws unless {@code value >= min}: "{@code flag} must be >= min, got value". */
  static void atLeast(String flag, long value, long min) {
    if (value < min) {
      throw new UsageException(flag + " must be >= " + min + ", got " + value);
    }
  }

  /** Throws unless {@code value > 0} and finite. */
  static void positive(String flag, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new UsageException(flag + " must be a number > 0, got " + value);
    }
  }
}
