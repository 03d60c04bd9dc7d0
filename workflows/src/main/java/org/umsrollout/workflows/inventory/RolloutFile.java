package org.umsrollout.workflows.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerSpec;

/**
 * What an inventory file holds: the HA network, and optionally the installer, the target version
 * and the policy of its rollouts. Command-line options override the optional parts.
 */
public record RolloutFile(
    @JsonProperty(required = true) String site,
    @JsonProperty(required = true) DatabaseSpec database,
    @JsonProperty(required = true) List<ServerSpec> servers,
    List<ComponentSpec> loadBalancers,
    List<ComponentSpec> consoles,
    String stage,
    String testSite,
    String targetVersion,
    Installer installer,
    Policy policy) {

  public Inventory inventory() {
    return new Inventory(site, database, servers, loadBalancers, consoles, stage, testSite);
  }
}
