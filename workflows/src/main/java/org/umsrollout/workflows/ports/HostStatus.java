package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.ServerMode;

/**
 * What a host reports about itself. Mode and datasource are null on hosts without a server.
 *
 * @param version the installed UMS version, or null where none is installed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostStatus(
    String host,
    HostRole role,
    String version,
    ServerMode mode,
    Datasource datasource,
    List<ServiceState> services) {

  public HostStatus {
    services = services == null ? List.of() : List.copyOf(services);
  }

  /** At least one service, and all of them running; false for a host that reports none. */
  @JsonIgnore
  public boolean allRunning() {
    return !services.isEmpty() && services.stream().allMatch(ServiceState::running);
  }

  /**
   * Every service the host's role has runs (V1). A console is a desktop application that may run no
   * service at all; every other role has at least one, so reporting none is not running.
   */
  @JsonIgnore
  public boolean servicesOfRoleRunning() {
    return role == HostRole.CONSOLE && services.isEmpty() || allRunning();
  }

  @JsonIgnore
  public List<String> stoppedServices() {
    return services.stream().filter(s -> !s.running()).map(ServiceState::name).toList();
  }
}
