package org.umsrollout.workflows.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;

/** What a platform team submits: one HA network, the version to reach, the installer, a policy. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutRequest(
    Inventory inventory,
    String targetVersion,
    Installer installer,
    Policy policy,
    String requestedBy) {

  public Policy effectivePolicy() {
    return (policy == null ? Policy.defaults() : policy).effective();
  }
}
