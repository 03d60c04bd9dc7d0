package org.umsrollout.workflows.rollout;

import org.umsrollout.workflows.status.Phase;

/** How a rollout ends, and the sentence that says why. */
record Outcome(Phase phase, String message) {}
