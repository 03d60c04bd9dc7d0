package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the test installation's latest rollout shows (T1).
 *
 * @param found whether the test site has a rollout at all
 * @param phase its phase (search attribute UmsPhase), such as COMPLETED
 * @param version its target version (search attribute UmsTargetVersion)
 * @param closedAt when it ended (ISO-8601), or null while it runs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TestEvidence(
    String testSite, boolean found, String phase, String version, String closedAt) {

  /** Whether the test site completed a rollout to {@code target}. */
  public boolean verified(String target) {
    return found && "COMPLETED".equals(phase) && target.equals(version);
  }
}
