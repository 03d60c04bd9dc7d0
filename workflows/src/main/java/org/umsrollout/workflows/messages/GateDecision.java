package org.umsrollout.workflows.messages;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An operator's approval or rejection of a gate, with who gave it and why. Rejecting
 * end-update-mode past the point of no return takes the servers that did not reconnect out of the
 * HA network, so it needs {@code confirmed} (S6).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateDecision(String gate, String by, String comment, Boolean confirmed) {
  public GateDecision(String gate, String by, String comment) {
    this(gate, by, comment, null);
  }

  @JsonIgnore
  public boolean isConfirmed() {
    return Boolean.TRUE.equals(confirmed);
  }
}
