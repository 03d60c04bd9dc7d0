package org.umsrollout.workflows.rollout;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.umsrollout.workflows.messages.AbortRequest;
import org.umsrollout.workflows.messages.GateAnswer;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.HoldReply;
import org.umsrollout.workflows.messages.HostDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;

/**
 * One rollout of one UMS HA network: prepare, the servers one at a time, the schema, the load
 * balancers and consoles, verify. Workflow id {@code rollout/<site>}.
 */
@WorkflowInterface
public interface RolloutWorkflow {

  @WorkflowMethod(name = "UmsRollout")
  RolloutResult run(RolloutRequest request);

  /** Approves an open gate. Input that does not fit is recorded in the timeline and ignored. */
  @SignalMethod(name = "approve")
  void approve(GateDecision decision);

  /** Rejects an open gate, which ends the rollout there. */
  @SignalMethod(name = "reject")
  void reject(GateDecision decision);

  /** Approves an open gate and answers at once; the validator refuses what does not fit. */
  @UpdateMethod(name = "approveGate")
  GateAnswer approveGate(GateDecision decision);

  @UpdateValidatorMethod(updateName = "approveGate")
  void validateApproveGate(GateDecision decision);

  /** Rejects an open gate and answers at once; the validator refuses what does not fit. */
  @UpdateMethod(name = "rejectGate")
  GateAnswer rejectGate(GateDecision decision);

  @UpdateValidatorMethod(updateName = "rejectGate")
  void validateRejectGate(GateDecision decision);

  /** Holds the rollout before its next step; a running install finishes first. */
  @SignalMethod(name = "pause")
  void pause(OperatorRequest command);

  @SignalMethod(name = "resume")
  void resume(OperatorRequest command);

  /** Stops before the next step. Past the point of no return it needs {@code confirmed} (S6). */
  @SignalMethod(name = "abort")
  void abort(AbortRequest request);

  /** Tries the install on the host the rollout holds at once more (after the cause is fixed). */
  @UpdateMethod(name = "retryHost")
  String retryHost(HostDecision decision);

  @UpdateValidatorMethod(updateName = "retryHost")
  void validateRetryHost(HostDecision decision);

  /** Goes on without the host the rollout holds at; the decision is kept in the status. */
  @UpdateMethod(name = "skipHost")
  String skipHost(HostDecision decision);

  @UpdateValidatorMethod(updateName = "skipHost")
  void validateSkipHost(HostDecision decision);

  /**
   * Tries again whatever the rollout holds at: a host's install, the clocks, or a step that failed
   * past the point of no return.
   */
  @UpdateMethod(name = "retry")
  String retry(OperatorRequest command);

  @UpdateValidatorMethod(updateName = "retry")
  void validateRetry(OperatorRequest command);

  /** Reads the server clocks again after they were set (P5), without a new rollout. */
  @UpdateMethod(name = "recheckClocks")
  String recheckClocks(OperatorRequest command);

  @UpdateValidatorMethod(updateName = "recheckClocks")
  void validateRecheckClocks(OperatorRequest command);

  /**
   * Answers a hold by signal (retry, skip, recheck) when no orchestrator runs to accept the Update:
   * the signal is kept and taken when the rollout runs again. An answer that does not fit then is
   * noted in the timeline and ignored.
   */
  @SignalMethod(name = "answerHold")
  void answerHold(HoldReply reply);

  @QueryMethod(name = "status")
  RolloutStatus status();
}
