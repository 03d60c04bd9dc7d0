package org.umsrollout.workflows.rollout;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.umsrollout.workflows.status.Finding.Severity;

/**
 * S2: while a server runs on a local copy, changes are lost. The freeze starts with the first
 * server's install, raises an alert when it lasts longer than the policy allows, and ends when
 * every server is back on the productive database.
 */
final class ChangeFreeze {
  private static final Logger log = Workflow.getLogger(RolloutWorkflowImpl.class);

  private final RolloutState state;
  private final IntSupplier alertVersion;

  /**
   * @param alertVersion the {@code freeze-alert} change's version: the alert timer came after the
   *     first recorded histories
   */
  private final Notifier notifier;

  ChangeFreeze(RolloutState state, IntSupplier alertVersion, Notifier notifier) {
    this.state = state;
    this.alertVersion = alertVersion;
    this.notifier = notifier;
  }

  /** Starts the freeze, once, as the first server's install is scheduled. */
  void startIfNotStarted() {
    if (state.freezeSinceMillis != null) {
      return;
    }
    state.freezeSinceMillis = Workflow.currentTimeMillis();
    state.note(
        "S2: change freeze in force: changes made now are lost after the update; alert after "
            + state.policy.freezeAlertSeconds()
            + " s");
    if (alertVersion.getAsInt() >= 1) {
      long since = state.freezeSinceMillis;
      Workflow.newTimer(Duration.ofSeconds(state.policy.freezeAlertSeconds()))
          .thenApply(
              fired -> {
                if (state.freezeSinceMillis != null && state.freezeSinceMillis == since) {
                  raiseAlert();
                }
                return fired;
              });
    }
  }

  /** Ends the freeze when no server is left on a local copy. */
  void endIfNoServerOnLocalCopy() {
    if (state.serversOnLocalCopy().isEmpty() && state.freezeSinceMillis != null) {
      state.note("S2: change freeze over: every server works on the productive database");
      Workflow.getMetricsScope()
          .timer("ums_change_freeze")
          .record(
              com.uber.m3.util.Duration.ofMillis(
                  Workflow.currentTimeMillis() - state.freezeSinceMillis));
      state.freezeSinceMillis = null;
    }
  }

  private void raiseAlert() {
    state.freezeAlert = true;
    String servers = String.join(", ", state.serversOnLocalCopy());
    String message =
        "S2: the change freeze has lasted over "
            + state.policy.freezeAlertSeconds()
            + " s; on a local database copy: "
            + (servers.isEmpty() ? "none yet" : servers)
            + ". The rollout goes on: finish the servers promptly.";
    state.finding(Severity.WARNING, "S2", null, message);
    state.note(message);
    log.warn("{}: {}", state.request.inventory().site(), message);
    Workflow.getMetricsScope().counter("ums_rollout_freeze_alerts").inc(1);
    notifier.sendLater(Notifier.FREEZE_ALERT, "S2", message);
  }
}
