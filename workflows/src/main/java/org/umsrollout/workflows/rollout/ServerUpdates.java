package org.umsrollout.workflows.rollout;

import java.util.List;
import java.util.Map;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.HostQuery;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.Phase;

/**
 * The servers, one after another (S1-S5), then the schema: the last server renews it and the others
 * reconnect; a server that does not is switched back (V3).
 */
final class ServerUpdates {
  private final RolloutState state;
  private final ActivityStubs stubs;
  private final OperatorControls controls;
  private final Installation installation;
  private final ChangeFreeze freeze;

  ServerUpdates(
      RolloutState state,
      ActivityStubs stubs,
      OperatorControls controls,
      Installation installation,
      ChangeFreeze freeze) {
    this.state = state;
    this.stubs = stubs;
    this.controls = controls;
    this.installation = installation;
    this.freeze = freeze;
  }

  /** S3: in inventory order, one at a time, each after a pause or abort check. */
  void updateServers() {
    state.enter(Phase.UPDATING_SERVERS);
    for (HostView view : List.copyOf(state.hosts.values())) {
      if (!view.role().isServer() || view.state() == HostState.SKIPPED) {
        continue;
      }
      controls.checkpoint();
      installation.install(view);
    }
  }

  /** S5, V3: every server back on the productive database, and the schema at the target. */
  void finalizeSchema() {
    state.enter(Phase.FINALIZING_SCHEMA);
    List<HostView> servers =
        state.hosts.values().stream().filter(h -> h.role().isServer()).toList();
    Map<String, HostStatus> now = stubs.readHosts(servers);
    now.forEach((host, status) -> state.apply(status, state.hosts.get(host).state(), null));
    List<HostStatus> stuck =
        now.values().stream()
            .filter(
                st -> st.datasource() == Datasource.LOCAL_COPY || st.mode() == ServerMode.UPDATE)
            .toList();
    if (stuck.isEmpty()) {
      state.gateState(Gate.END_UPDATE_MODE, GateState.NOT_NEEDED);
    } else {
      stuck.forEach(
          st ->
              state.finding(
                  Severity.WARNING,
                  "S5",
                  st.host(),
                  "did not reconnect to the productive database after the schema renewal"));
      controls.passGate(Gate.END_UPDATE_MODE);
    }
    for (HostStatus status : stuck) {
      controls.checkpoint();
      state.finding(
          Severity.WARNING,
          "V3",
          status.host(),
          "did not reconnect to the productive database: ending its update mode");
      HostStatus after =
          stubs.host(status.host()).endUpdateMode(new HostQuery(status.host(), status.role()));
      state.apply(after, state.hosts.get(status.host()).state(), "update mode ended (V3)");
      state.note("V3: ended update mode on " + status.host());
    }
    state.publishLocalCopy();
    state.productiveSchema = stubs.central().readSchema(state.databaseQuery()).version();
    freeze.endIfNoServerOnLocalCopy();
    String expected = state.target.schemaVersion();
    if (!expected.equals(state.productiveSchema)) {
      state.finding(
          Severity.ERROR,
          "S5",
          null,
          "productive schema is " + state.productiveSchema + ", expected " + expected);
    } else {
      state.note("S5: productive schema at " + state.productiveSchema);
    }
  }
}
