package org.umsrollout.workflows.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** How a rollout ended: its final phase, a sentence for the operator, and the final status. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutResult(Phase outcome, String message, RolloutStatus status) {}
