package org.umsrollout.starter;

/** A failure the user must read: its message is printed as is, and it ends with an exit code. */
final class CliException extends RuntimeException {
  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /** Input that was refused: a usage error, a file that cannot be used, a refused decision. */
  static CliException refused(String message) {
    return new CliException(ExitCodes.REFUSED, message);
  }

  static CliException failed(String message) {
    return new CliException(ExitCodes.FAILED, message);
  }

  /** Temporal did not answer: the same command may be tried again. */
  static CliException unreachable(String message) {
    return new CliException(ExitCodes.UNREACHABLE, message);
  }

  int exitCode() {
    return exitCode;
  }
}
