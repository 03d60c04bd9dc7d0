package org.umsrollout.workflows.rollout;

import io.temporal.workflow.Workflow;
import java.time.Duration;
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
  /** How often the servers are read while they reconnect on their own (S5). */
  private static final Duration RECONNECT_POLL = Duration.ofSeconds(10);

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
      if (state.safe) {
        installation.requireAnotherServerServing(view.host(), "go into its update");
      }
      installation.install(view);
    }
  }

  /** S5, V3: every server back on the productive database, and the schema at the target. */
  void finalizeSchema() {
    state.enter(Phase.FINALIZING_SCHEMA);
    List<HostView> servers =
        state.hosts.values().stream()
            .filter(h -> h.role().isServer() && !state.takenOut.contains(h.host()))
            .toList();
    List<HostStatus> stuck = readStuck(servers);
    if (state.safe && !stuck.isEmpty()) {
      stuck = waitForReconnection(servers, stuck);
    }
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
      if (state.safe && !controls.passGateUnlessRejected(Gate.END_UPDATE_MODE)) {
        takeOutInsteadOfSwitching(stuck);
        stuck = List.of();
      } else if (!state.safe) {
        controls.passGate(Gate.END_UPDATE_MODE);
      }
    }
    for (HostStatus status : stuck) {
      controls.checkpoint();
      state.finding(
          Severity.WARNING,
          "V3",
          status.host(),
          "did not reconnect to the productive database: ending its update mode");
      HostQuery query = new HostQuery(status.host(), status.role());
      HostStatus after =
          controls.holdingOnFailure(
              status.host(),
              "ending update mode on " + status.host(),
              () -> stubs.host(status.host()).endUpdateMode(query));
      state.apply(after, state.hosts.get(status.host()).state(), "update mode ended (V3)");
      state.note("V3: ended update mode on " + status.host());
      if (state.safe && status == stuck.get(0)) {
        confirmSchemaRenewed(status.host());
      }
    }
    if (state.safe) {
      state.applyNetworkList(stubs.networkList());
    }
    state.publishLocalCopy();
    state.productiveSchema = stubs.productiveSchema();
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

  /**
   * An operator rejected ending their update mode (confirmed, past S6): the servers that did not
   * reconnect are taken out of the HA network rather than left serving on a local copy.
   */
  private void takeOutInsteadOfSwitching(List<HostStatus> stuck) {
    for (HostStatus status : stuck) {
      installation.takeOutOfNetwork(
          state.hosts.get(status.host()), "the rejection of end-update-mode");
    }
  }

  /** Reads the servers; those still on a local copy or in update mode did not reconnect. */
  private List<HostStatus> readStuck(List<HostView> servers) {
    Map<String, HostStatus> now = stubs.readHosts(servers);
    now.forEach((host, status) -> state.apply(status, state.hosts.get(host).state(), null));
    return now.values().stream()
        .filter(st -> st.datasource() == Datasource.LOCAL_COPY || st.mode() == ServerMode.UPDATE)
        .toList();
  }

  /**
   * S5: after the last install the other servers are told, restart and reconnect on their own,
   * which takes a while. They get the policy's time for it before V3 switches them back.
   */
  private List<HostStatus> waitForReconnection(List<HostView> servers, List<HostStatus> stuck) {
    long deadline = Workflow.currentTimeMillis() + state.policy.reconnectWait().toMillis();
    List<HostStatus> still = stuck;
    while (!still.isEmpty() && Workflow.currentTimeMillis() < deadline) {
      long left = deadline - Workflow.currentTimeMillis();
      state.waitingFor =
          "S5: up to "
              + (left + 999) / 1000
              + " s for "
              + String.join(", ", still.stream().map(HostStatus::host).toList())
              + " to reconnect to the productive database";
      Workflow.sleep(Duration.ofMillis(Math.min(left, RECONNECT_POLL.toMillis())));
      still = readStuck(servers);
    }
    state.waitingFor = null;
    return still;
  }

  /**
   * V3: the schema is renewed when the first switched server reaches the productive database; only
   * then are the others switched. Holds until a read shows the target schema.
   */
  private void confirmSchemaRenewed(String firstSwitched) {
    String expected = state.target.schemaVersion();
    while (true) {
      String schema = stubs.productiveSchema();
      if (expected.equals(schema)) {
        state.productiveSchema = schema;
        state.note("V3: the schema is " + schema + " since " + firstSwitched + " reconnected");
        return;
      }
      controls.holdFor(
          Hold.step("database"),
          "V3: the productive schema is still "
              + schema
              + " after "
              + firstSwitched
              + " reconnected, so the other servers are not switched yet. Retry to read it"
              + " again (umsrollout retry), or abort with confirmation"
              + state.onLocalCopySentence());
    }
  }
}
