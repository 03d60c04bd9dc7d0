package org.umsrollout.starter;

/**
 * The exit codes of {@code umsrollout}, listed in its {@code --help} and in the README. A script
 * may retry on {@link #UNREACHABLE} only: every other code says what happened.
 */
public final class ExitCodes {
  public static final int OK = 0;

  /** The rollout failed, did not complete, or refused to start; or the command failed. */
  public static final int FAILED = 1;

  /** Usage errors and input that was refused (bad file, unknown gate, unconfirmed abort). */
  public static final int REFUSED = 2;

  /**
   * Temporal could not be reached or did not answer: nothing was done, and the same command may be
   * tried again.
   */
  public static final int UNREACHABLE = 3;

  /**
   * Temporal answered, but no orchestrator did in time. An answer (approve, reject, a hold's
   * answer, abort) was then sent as a signal: Temporal keeps it, and the rollout checks it when it
   * runs again, taking it or noting in its timeline that it ignored it; a script must not go on as
   * if a gate were approved ({@code umsrollout status} tells what became of it). {@code status} and
   * {@code watch} showed only what Temporal records of the rollout.
   */
  public static final int NO_ORCHESTRATOR = 4;

  /** The lines of {@code --help} that list the codes. */
  static final String[] HELP = {
    "0:done (the rollout completed, an answer was taken)",
    "1:the rollout failed, did not complete or refused to start",
    "2:bad input: a usage error, a file or an answer that was refused",
    "3:Temporal unreachable or not answering (only this one is worth retrying as is)",
    "4:no orchestrator answered: an answer went as a signal, checked when the rollout runs"
        + " again (not taken yet); status shows only what Temporal records"
  };

  private ExitCodes() {}
}
