package org.umsrollout.workflows.rollout;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.ports.CentralActivities;
import org.umsrollout.workflows.ports.HostActivities;
import org.umsrollout.workflows.ports.HostQuery;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.temporal.FailureTypes;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * The activities the rollout calls, with their options per call: database work on the
 * orchestrator's queue, host work on the queue of the host's agent.
 */
final class ActivityStubs {
  private final RolloutState state;
  private final OperatorControls controls;
  private final Policy policy;
  private final CentralActivities central;
  private final Map<String, HostActivities> hostCalls = new HashMap<>();
  private final Map<String, HostActivities> installCalls = new HashMap<>();

  ActivityStubs(RolloutState state, OperatorControls controls) {
    this.state = state;
    this.controls = controls;
    this.policy = state.policy;
    this.central =
        Workflow.newActivityStub(
            CentralActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.ORCHESTRATOR)
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(retry())
                .build(),
            Map.of(
                "BackupDatabase",
                ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.ORCHESTRATOR)
                    .setStartToCloseTimeout(Duration.ofHours(4))
                    .setHeartbeatTimeout(policy.heartbeatTimeout())
                    .setRetryOptions(retry())
                    .build()));
  }

  /** The productive database, the Network list, T1 evidence and backups. */
  CentralActivities central() {
    return central;
  }

  /** The Network list's entries; past the point of no return a failed read holds (N2). */
  List<NetworkEntry> networkList() {
    return controls
        .holdingOnFailure(
            "database",
            "reading the Network list",
            () -> central.readNetworkList(state.databaseQuery()))
        .entries();
  }

  /** The productive schema's version; past the point of no return a failed read holds (S5). */
  String productiveSchema() {
    return controls
        .holdingOnFailure(
            "database",
            "reading the productive schema",
            () -> central.readSchema(state.databaseQuery()))
        .version();
  }

  /** Short reads and changes on one host: seconds, retried up to the policy's attempts. */
  HostActivities host(String host) {
    return hostCalls.computeIfAbsent(
        host,
        h ->
            Workflow.newActivityStub(
                HostActivities.class,
                ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.host(h))
                    .setStartToCloseTimeout(policy.hostCallTimeout())
                    .setScheduleToCloseTimeout(
                        policy.hostCallTimeout().multipliedBy(policy.maxAttempts()))
                    .setRetryOptions(retry(FailureTypes.WRONG_HOST.type()))
                    .build()));
  }

  /**
   * The install on one host: long, heartbeating, never retried past a broken rule. In safe rollouts
   * it waits a bounded time for the host's agent to pick it up, so a dead agent holds the rollout
   * instead of showing an install forever.
   */
  HostActivities install(String host) {
    return installCalls.computeIfAbsent(
        host,
        h -> {
          ActivityOptions.Builder options =
              ActivityOptions.newBuilder()
                  .setTaskQueue(TaskQueues.host(h))
                  .setStartToCloseTimeout(policy.installTimeout())
                  .setHeartbeatTimeout(policy.heartbeatTimeout())
                  .setRetryOptions(
                      retry(
                          FailureTypes.INSTALL_RIGHTS.type(),
                          FailureTypes.INSTALLER_MISMATCH.type(),
                          FailureTypes.WRONG_HOST.type()));
          if (state.safe) {
            options.setScheduleToStartTimeout(policy.agentPickupTimeout());
          }
          return Workflow.newActivityStub(HostActivities.class, options.build());
        });
  }

  /** Reads the given hosts in parallel, in their order. */
  Map<String, HostStatus> readHosts(List<HostView> views) {
    Map<String, Promise<HostStatus>> pending = new LinkedHashMap<>();
    for (HostView view : views) {
      HostQuery query = new HostQuery(view.host(), view.role());
      pending.put(view.host(), Async.function(host(view.host())::status, query));
    }
    Map<String, HostStatus> result = new LinkedHashMap<>();
    for (HostView view : views) {
      String host = view.host();
      Promise<HostStatus> promise = pending.get(host);
      if (!controls.holdsOnFailure()) {
        result.put(host, answerOf(host, promise, null));
        continue;
      }
      try {
        result.put(host, promise.get());
      } catch (ActivityFailure e) {
        HostQuery query = new HostQuery(host, view.role());
        result.put(
            host,
            controls.holdThenRetry(host, "reading " + host, e, () -> host(host).status(query)));
      }
    }
    return result;
  }

  /** A host call's answer; a host whose agent does not answer stops the rollout, said plainly. */
  <T> T answerOf(String host, Promise<T> promise, String rule) {
    try {
      return promise.get();
    } catch (ActivityFailure e) {
      String why = "host agent did not answer: " + Wording.agentSilence(host, e);
      state.finding(Severity.ERROR, rule, host, why);
      throw new RolloutStopped(
          state.phase == Phase.PREPARING ? Phase.REFUSED : Phase.FAILED,
          host
              + ": "
              + why
              + (state.phase == Phase.PREPARING
                  ? "; nothing was touched"
                  : state.onLocalCopySentence()));
    }
  }

  private RetryOptions retry(String... nonRetryable) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(Duration.ofMinutes(1))
        .setMaximumAttempts(policy.maxAttempts())
        .setDoNotRetry(nonRetryable)
        .build();
  }
}
