package org.umsrollout.workflows.rollout;

import java.util.List;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.UmsVersion;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.Phase;

/** After the servers: load balancers, then consoles (C1-C4). */
final class Components {
  private final RolloutState state;
  private final OperatorControls controls;
  private final Installation installation;

  Components(RolloutState state, OperatorControls controls, Installation installation) {
    this.state = state;
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
      } else if (view.role() == HostRole.LOAD_BALANCER && !state.isTarget(view.version())) {
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

  private void installAll(List<HostView> views) {
    for (HostView view : views) {
      if (state.hosts.get(view.host()).state() == HostState.SKIPPED) {
        continue;
      }
      controls.checkpoint();
      installation.install(state.hosts.get(view.host()));
    }
  }
}
