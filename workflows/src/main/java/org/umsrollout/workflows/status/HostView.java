package org.umsrollout.workflows.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.ServerMode;

/** One host as the rollout last saw it. Mode and datasource apply to servers only. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostView(
    String host,
    HostRole role,
    HostState state,
    String version,
    ServerMode mode,
    Datasource datasource,
    Boolean running,
    String detail) {

  public HostView withState(HostState newState, String newDetail) {
    return new HostView(host, role, newState, version, mode, datasource, running, newDetail);
  }

  public boolean onLocalCopy() {
    return datasource == Datasource.LOCAL_COPY;
  }
}
