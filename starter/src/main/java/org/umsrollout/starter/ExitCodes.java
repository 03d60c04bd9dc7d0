package org.umsrollout.starter;

/** The exit codes of {@code umsrollout}. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;

  /** Usage errors and input that was refused (bad file, unknown gate, unconfirmed abort). */
  public static final int REFUSED = 2;

  /**
   * No orchestrator answered in time, so the answer (approve, reject, a hold's answer, abort) was
   * sent as a signal: Temporal keeps it, and the rollout checks it when it runs again, taking it or
   * noting in its timeline that it ignored it. Not 0, which says the rollout took the answer, so
   * that a script does not go on as if a gate were approved; not 1 or 2, since nothing failed and
   * nothing was refused: the answer is on its way. {@code umsrollout status} tells what became of
   * it.
   */
  public static final int SENT_AS_SIGNAL = 3;

  private ExitCodes() {}
}
