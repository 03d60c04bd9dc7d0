package org.umsrollout.workflows.messages;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An operator's answer for a host the rollout holds at: retry it or skip it, with who and why. Past
 * the point of no return skipping a server takes it out of the HA network, so it needs {@code
 * confirmed} (S6).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostDecision(String host, String by, String comment, Boolean confirmed) {
  public HostDecision(String host, String by, String comment) {
    this(host, by, comment, null);
  }

  @JsonIgnore
  public boolean isConfirmed() {
    return Boolean.TRUE.equals(confirmed);
  }
}
