package org.umsrollout.workflows.rollout;

import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.List;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.ports.HostQuery;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.InstallRequest;
import org.umsrollout.workflows.ports.InstallResult;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.temporal.FailureTypes;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * The install of the target version on one host, servers (S1-S4) and other components (C1, C4)
 * alike: a failure past the activity's retries holds for an operator.
 */
final class Installation {
  private final RolloutState state;
  private final ActivityStubs stubs;
  private final OperatorControls controls;
  private final ChangeFreeze freeze;

  Installation(
      RolloutState state, ActivityStubs stubs, OperatorControls controls, ChangeFreeze freeze) {
    this.state = state;
    this.stubs = stubs;
    this.controls = controls;
    this.freeze = freeze;
  }

  void install(HostView view) {
    String host = view.host();
    String target = state.target.toString();
    if (view.role().isServer()) {
      if (state.safe && !state.pointOfNoReturnPassed) {
        // An abort taken while S1 was checked came before the point of no return: honour it now.
        controls.checkAbort();
      }
      state.pointOfNoReturnPassed = true;
      freeze.startIfNotStarted();
    }
    InstallResult result = null;
    while (result == null) {
      if (view.role().isServer()) {
        state.installScheduled(host);
      }
      state.hostState(host, HostState.INSTALLING, "installing " + target);
      state.publishLocalCopy();
      state.note("installing " + target + " on " + host);
      try {
        result =
            stubs
                .install(host)
                .install(
                    new InstallRequest(
                        host,
                        view.role(),
                        target,
                        state.request.installer().path(),
                        state.request.installer().sha256()));
      } catch (ActivityFailure e) {
        String why = state.safe ? whyInstallFailed(host, e) : Wording.rootMessage(e);
        state.hostState(host, HostState.FAILED, why);
        if (state.safe && view.role().isServer()) {
          readAfterFailure(view, why);
        }
        state.publishLocalCopy();
        state.finding(Severity.ERROR, failureRule(view, e), host, "install failed: " + why);
        HoldAnswer answer =
            controls.holdFor(
                Hold.at(host),
                "install of "
                    + target
                    + " on "
                    + host
                    + " failed: "
                    + why
                    + ". Retry the host, skip it, or abort"
                    + state.onLocalCopySentence());
        if (answer == HoldAnswer.SKIP) {
          if (state.safe && view.role().isServer()) {
            takeOutOfNetwork(view, "a skip by " + controls.holdBy());
            return;
          }
          state.hostState(host, HostState.SKIPPED, "skipped by " + controls.holdBy());
          return;
        }
      }
    }
    String report = result.alreadyInstalled() ? "was already installed" : result.installerReport();
    state.apply(result.after(), HostState.UPDATED, report);
    state.publishLocalCopy();
    if (result.serversUpdated() != null) {
      state.serversUpdated = result.serversUpdated();
      state.progress = result.installerReport();
    }
    state.note(host + ": " + result.installerReport());
    if (result.attempt() != null && result.attempt() > 1) {
      state.finding(
          Severity.WARNING,
          view.role() == HostRole.LOAD_BALANCER ? "C4" : null,
          host,
          "install needed "
              + result.attempt()
              + " attempts"
              + (view.role().hasLoadBalancer() ? " (a load balancer that does not stop, C4)" : ""));
    }
    if (result.schemaRenewed()) {
      state.productiveSchema = state.target.schemaVersion();
      state.note("S5: " + host + " renewed the productive schema to " + state.productiveSchema);
    }
    if (view.role().isServer() && state.safe) {
      state.applyNetworkList(stubs.networkList());
      state.publishLocalCopy();
    }
    if (view.role().isServer() && state.request.inventory().database().isAdNative()) {
      HostQuery query = new HostQuery(host, view.role());
      HostStatus after =
          controls.holdingOnFailure(
              host,
              "the S4 service reconfiguration on " + host,
              () -> stubs.host(host).reconfigureServerService(query));
      state.apply(after, HostState.UPDATED, null);
      state.note("S4: IGEL RMGUIServer start type and logon set again and restarted on " + host);
    }
  }

  /**
   * S1: devices are served at every moment, so a server goes into its update, or out of the HA
   * network, only while another server serves. Reads the other servers in turn until one has every
   * service running; holds when none has.
   */
  void requireAnotherServerServing(String host, String step) {
    while (true) {
      for (HostView other : List.copyOf(state.hosts.values())) {
        if (!other.role().isServer() || other.host().equals(host)) {
          continue;
        }
        HostStatus status;
        try {
          status = stubs.host(other.host()).status(new HostQuery(other.host(), other.role()));
        } catch (ActivityFailure e) {
          continue;
        }
        state.apply(status, state.hosts.get(other.host()).state(), null);
        if (status.allRunning()) {
          return;
        }
      }
      controls.holdFor(
          Hold.step(host),
          "S1: no other server serves, so "
              + host
              + " cannot "
              + step
              + " without leaving the devices unserved. Start another"
              + " server's services, then retry (umsrollout retry), or abort"
              + state.onLocalCopySentence());
    }
  }

  /**
   * Reads a server whose install failed: only a reading that shows it back on the productive
   * database takes it off the local-copy set; without one it stays counted there.
   */
  private void readAfterFailure(HostView view, String why) {
    String host = view.host();
    try {
      HostStatus now = stubs.host(host).status(new HostQuery(host, view.role()));
      state.apply(now, HostState.FAILED, why);
    } catch (ActivityFailure e) {
      state.note(
          "cannot read "
              + host
              + " after its failed install ("
              + Wording.rootMessage(e)
              + "): it stays counted on a local copy");
    }
  }

  /**
   * A skipped server past the point of no return: its services are stopped and kept stopped before
   * any server renews the schema, so no old server serves on a renewed schema (S6).
   */
  void takeOutOfNetwork(HostView view, String why) {
    String host = view.host();
    requireAnotherServerServing(host, "be taken out of the HA network");
    HostQuery query = new HostQuery(host, view.role());
    HostStatus after =
        controls.holdingOnFailure(
            host,
            "taking " + host + " out of the HA network",
            () -> stubs.host(host).takeOutOfNetwork(query));
    state.takenOut.add(host);
    String wayBack =
        "taken out of the HA network after "
            + why
            + ": its services are stopped and stay stopped. Way back: fix it, install "
            + state.target
            + " on it, then start its services; it rejoins on the productive database";
    state.apply(after, HostState.SKIPPED, wayBack);
    state.finding(Severity.WARNING, "S6", host, wayBack);
    state.note(host + " " + wayBack);
    state.publishLocalCopy();
  }

  /** The activity's words, or, when no agent picked the install up in time, who does not poll. */
  private String whyInstallFailed(String host, ActivityFailure e) {
    if (e.getCause() instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
      return "no agent polling "
          + TaskQueues.host(host)
          + " picked the install up within "
          + state.policy.agentPickupTimeout().toSeconds()
          + " s: start the host agent on "
          + host;
    }
    if (e.getCause() instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_HEARTBEAT) {
      return "the host agent on "
          + host
          + " stopped reporting for "
          + state.policy.heartbeatTimeout().toSeconds()
          + " s (heartbeat timeout): it may have died while the installer still runs";
    }
    if (e.getCause() instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE) {
      return "the install took longer than "
          + state.policy.installTimeout().toSeconds()
          + " s (policy installTimeoutSeconds)";
    }
    return Wording.rootMessage(e);
  }

  /** The rule a failed install broke, for the finding: P6, P1 or C4 (a load balancer). */
  private static String failureRule(HostView view, ActivityFailure e) {
    String type = e.getCause() instanceof ApplicationFailure app ? app.getType() : "";
    if (FailureTypes.INSTALL_RIGHTS.type().equals(type)) {
      return "P6";
    }
    if (FailureTypes.INSTALLER_MISMATCH.type().equals(type)) {
      return "P1";
    }
    return view.role() == HostRole.LOAD_BALANCER ? "C4" : null;
  }
}
