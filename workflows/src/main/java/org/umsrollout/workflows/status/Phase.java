package org.umsrollout.workflows.status;

/** Where a rollout stands. The last six are final. */
public enum Phase {
  SUBMITTED,
  PREPARING,
  UPDATING_SERVERS,
  FINALIZING_SCHEMA,
  UPDATING_LOAD_BALANCERS,
  UPDATING_CONSOLES,
  VERIFYING,
  COMPLETED,
  FAILED_VERIFICATION,
  REFUSED,
  REJECTED,
  ABORTED,
  /** Stopped by a failure the rollout could not get past (see the findings). */
  FAILED;

  public boolean isFinal() {
    return ordinal() >= COMPLETED.ordinal();
  }
}
