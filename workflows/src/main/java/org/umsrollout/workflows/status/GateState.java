package org.umsrollout.workflows.status;

/** The life of a gate. */
public enum GateState {
  NOT_REACHED,
  OPEN,
  APPROVED,
  REJECTED,
  /** Reached, and the policy lets it pass without an operator. */
  PASSED,
  /** Never needed in this rollout (for example no orphans to remove). */
  NOT_NEEDED
}
