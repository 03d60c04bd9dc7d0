package org.umsrollout.workflows.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A gate, whether it waits for an operator, and who decided it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateView(
    String gate,
    String description,
    boolean needsApproval,
    GateState state,
    String decidedBy,
    String comment,
    Long decidedAtMillis) {

  public GateView decided(GateState newState, String by, String why, long atMillis) {
    return new GateView(gate, description, needsApproval, newState, by, why, atMillis);
  }

  public GateView withState(GateState newState) {
    return new GateView(
        gate, description, needsApproval, newState, decidedBy, comment, decidedAtMillis);
  }
}
