package org.umsrollout.workflows.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.model.UmsVersion;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.Phase;

/** After the servers: load balancers, then consoles (C1-C4); then every host verified (V1-V4). */
final class ComponentsAndVerification {
  private final RolloutState state;
  private final ActivityStubs stubs;
  private final OperatorControls controls;
  private final Installation installation;

  ComponentsAndVerification(
      RolloutState state,
      ActivityStubs stubs,
      OperatorControls controls,
      Installation installation) {
    this.state = state;
    this.stubs = stubs;
    this.controls = controls;
    this.installation = installation;
  }

  /** After the servers: consoles older than them cannot connect (C2), load balancers lag (C3). */
  void flagOlderComponents() {
    UmsVersion target = state.target;
    for (HostView view : List.copyOf(state.hosts.values())) {
      if (view.version() == null || !UmsVersion.isValid(view.version())) {
        continue;
      }
      boolean older = UmsVersion.parse(view.version()).isOlderThan(target);
      if (view.role() == HostRole.CONSOLE && older) {
        String why =
            "console on "
                + view.version()
                + " cannot connect to servers on "
                + target
                + " until it is updated";
        state.finding(Severity.WARNING, "C2", view.host(), why);
        state.hosts.put(view.host(), view.withState(view.state(), why));
      } else if (view.role() == HostRole.LOAD_BALANCER && !sameAsTarget(view.version())) {
        String why =
            "load balancer on "
                + view.version()
                + " works with servers on "
                + target
                + " but should run the same version";
        state.finding(Severity.WARNING, "C3", view.host(), why);
        state.hosts.put(view.host(), view.withState(view.state(), why));
      }
    }
  }

  /** C1: load balancers, then consoles, after the load-balancers gate. */
  void updateOtherComponents() {
    List<HostView> loadBalancers =
        state.hosts.values().stream().filter(h -> h.role() == HostRole.LOAD_BALANCER).toList();
    List<HostView> consoles =
        state.hosts.values().stream().filter(h -> h.role() == HostRole.CONSOLE).toList();
    boolean work =
        state.hosts.values().stream()
            .anyMatch(h -> !h.role().isServer() && h.state() != HostState.SKIPPED);
    if (!work) {
      state.gateState(Gate.LOAD_BALANCERS, GateState.NOT_NEEDED);
      return;
    }
    controls.passGate(Gate.LOAD_BALANCERS);
    state.enter(Phase.UPDATING_LOAD_BALANCERS);
    installAll(loadBalancers);
    state.enter(Phase.UPDATING_CONSOLES);
    installAll(consoles);
  }

  /**
   * V2: the agent's reading of mode and datasource; where the agent cannot read them (safe
   * rollouts), the server's own Network list entry, which only a server in normal mode on the
   * productive database shows as NORMAL and running (N2).
   */
  private boolean onProductiveInNormalMode(HostStatus status, List<NetworkEntry> entries) {
    if ((status.datasource() != null && status.mode() != null) || !state.safe) {
      return status.datasource() == Datasource.PRODUCTIVE && status.mode() == ServerMode.NORMAL;
    }
    return entries.stream()
        .anyMatch(
            e ->
                e.host().equals(status.host())
                    && NetworkEntry.SERVER.equals(e.type())
                    && "NORMAL".equalsIgnoreCase(e.mode())
                    && "SERVICE_RUNNING".equals(e.serviceStatus()));
  }

  /** A reported version is the target: compared parsed in safe rollouts, as text before them. */
  private boolean sameAsTarget(String reported) {
    if (!state.safe) {
      return state.target.toString().equals(reported);
    }
    return UmsVersion.isValid(reported) && UmsVersion.parse(reported).equals(state.target);
  }

  private void installAll(List<HostView> views) {
    for (HostView view : views) {
      if (state.hosts.get(view.host()).state() == HostState.SKIPPED) {
        continue;
      }
      controls.checkpoint();
      installation.install(state.hosts.get(view.host()));
    }
  }

  /** V1-V4: every host on the target with its services, servers normal on the productive DB. */
  Outcome verify() {
    state.enter(Phase.VERIFYING);
    String target = state.target.toString();
    Map<String, HostStatus> now = stubs.readHosts(List.copyOf(state.hosts.values()));
    List<NetworkEntry> entries = stubs.networkList();
    state.applyNetworkList(entries);
    List<String> mismatches = new ArrayList<>();
    for (HostStatus status : now.values()) {
      List<String> wrong = new ArrayList<>();
      if (state.takenOut.contains(status.host())) {
        wrong.add(
            "taken out of the HA network (S6). Way back: install "
                + target
                + " on it, then start its services");
      }
      if (!sameAsTarget(status.version())) {
        wrong.add("runs " + status.version() + ", not " + target);
        state.finding(Severity.ERROR, "V4", status.host(), "runs " + status.version());
      }
      boolean consoleWithoutServices =
          state.safe && status.role() == HostRole.CONSOLE && status.services().isEmpty();
      if (!status.allRunning() && !consoleWithoutServices) {
        wrong.add("services not running: " + status.stoppedServices());
        state.finding(Severity.ERROR, "V1", status.host(), "stopped: " + status.stoppedServices());
      }
      if (status.role().isServer() && !onProductiveInNormalMode(status, entries)) {
        wrong.add("works in " + status.mode() + " mode on " + status.datasource());
        state.finding(
            Severity.ERROR,
            "V2",
            status.host(),
            "in " + status.mode() + " mode on " + status.datasource());
      }
      state.apply(
          status,
          wrong.isEmpty() ? HostState.VERIFIED : HostState.FAILED,
          wrong.isEmpty() ? "verified" : String.join("; ", wrong));
      if (!wrong.isEmpty()) {
        mismatches.add(status.host() + ": " + String.join("; ", wrong));
      }
    }
    for (NetworkEntry entry : entries) {
      boolean ok =
          sameAsTarget(entry.version())
              && "SERVICE_RUNNING".equals(entry.serviceStatus())
              && "NORMAL".equalsIgnoreCase(entry.mode());
      if (!ok) {
        String line =
            "Network list entry "
                + entry.host()
                + " ("
                + entry.type()
                + "): "
                + entry.version()
                + ", "
                + entry.serviceStatus()
                + ", mode "
                + entry.mode();
        mismatches.add(line);
        state.finding(Severity.ERROR, "V4", entry.host(), line);
      }
    }
    state.productiveSchema = stubs.productiveSchema();
    if (!state.target.schemaVersion().equals(state.productiveSchema)) {
      mismatches.add("productive schema " + state.productiveSchema);
    }
    if (!mismatches.isEmpty()) {
      return new Outcome(
          Phase.FAILED_VERIFICATION,
          "verification found "
              + mismatches.size()
              + " mismatches: "
              + String.join("; ", mismatches));
    }
    return new Outcome(
        Phase.COMPLETED,
        "every host runs "
            + target
            + " with all services, every server in normal mode on the productive database,"
            + " schema "
            + state.productiveSchema);
  }
}
