package org.umsrollout.workflows.rollout;

import org.umsrollout.workflows.status.Phase;

/** Ends the rollout early with an outcome; thrown on the workflow thread, caught in run. */
final class RolloutStopped extends RuntimeException {
  private final Phase outcome;

  RolloutStopped(Phase outcome, String message) {
    super(message, null, false, false);
    this.outcome = outcome;
  }

  Phase outcome() {
    return outcome;
  }
}
