package org.umsrollout.workflows.messages;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Stop the rollout. Past the point of no return (S6) an abort only takes effect with {@code
 * confirmed}, since it leaves servers on a local database copy.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AbortRequest(String by, String reason, Boolean confirmed) {
  @JsonIgnore
  public boolean isConfirmed() {
    return Boolean.TRUE.equals(confirmed);
  }
}
