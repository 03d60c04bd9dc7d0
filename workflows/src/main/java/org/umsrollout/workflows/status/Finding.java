package org.umsrollout.workflows.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Something the rollout found that an operator must know: a broken rule, a warning, a mismatch.
 *
 * @param rule the procedure rule it concerns, such as {@code P4}
 * @param host the host it concerns, or null for the whole network
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Finding(Severity severity, String rule, String host, String message) {
  public enum Severity {
    INFO,
    WARNING,
    ERROR
  }
}
