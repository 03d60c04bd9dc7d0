package org.umsrollout.starter;

/** The exit codes of {@code umsrollout}. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;

  /** Usage errors and input that was refused (bad file, unknown gate, unconfirmed abort). */
  public static final int REFUSED = 2;

  private ExitCodes() {}
}
