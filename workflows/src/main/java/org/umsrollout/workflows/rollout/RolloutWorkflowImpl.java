package org.umsrollout.workflows.rollout;

import static org.umsrollout.workflows.rollout.Wording.orUnknown;
import static org.umsrollout.workflows.rollout.Wording.rootMessage;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import org.umsrollout.workflows.messages.AbortRequest;
import org.umsrollout.workflows.messages.GateAnswer;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.HoldReply;
import org.umsrollout.workflows.messages.HostDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.FailureTypes;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/**
 * Performs the vendor procedure on one HA network, step by step as {@code docs/procedure.md} tells
 * it. Deterministic: all I/O happens in activities. Each step lives in a class of its own in this
 * package, called on the workflow thread.
 */
public class RolloutWorkflowImpl implements RolloutWorkflow {
  private final RolloutState state;
  private final Notifier notifier;
  private final OperatorControls controls;
  private final GateDecisions decisions;
  private final Preparation preparation;
  private final ServerUpdates servers;
  private final Components components;
  private final Verification verification;

  @WorkflowInit
  public RolloutWorkflowImpl(RolloutRequest request) {
    state = new RolloutState(request);
    notifier = new Notifier(state);
    controls = new OperatorControls(state, notifier);
    decisions = new GateDecisions(state);
    ActivityStubs stubs = new ActivityStubs(state, controls);
    ChangeFreeze freeze = new ChangeFreeze(state, this::freezeAlertVersion, notifier);
    Installation installation = new Installation(state, stubs, controls, freeze);
    preparation = new Preparation(state, stubs, controls);
    servers = new ServerUpdates(state, stubs, controls, installation, freeze);
    components = new Components(state, controls, installation);
    verification = new Verification(state, stubs, controls);
  }

  @Override
  public RolloutResult run(RolloutRequest ignored) {
    if (state.target == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "'" + state.request.targetVersion() + "' is not a UMS version (Major.Minor.Build)",
          FailureTypes.REFUSED_INPUT.type());
    }
    // One change id for the safety past the point of no return, read once: 1 made every failure a
    // hold, 2 made a verification mismatch one too. A rollout replays with the version it began on.
    int safety = Workflow.getVersion("safe-past-point-of-no-return", Workflow.DEFAULT_VERSION, 2);
    state.safe = safety >= 1;
    state.verificationHolds = safety >= 2;
    String site = state.request.inventory().site();
    Workflow.upsertTypedSearchAttributes(
        RolloutSearchAttributes.SITE.valueSet(site),
        RolloutSearchAttributes.TARGET_VERSION.valueSet(state.target.toString()));
    state.note(
        "rollout of "
            + site
            + " to "
            + state.target
            + " submitted by "
            + orUnknown(state.request.requestedBy()));
    try {
      preparation.prepare();
      long gateOpened = Workflow.currentTimeMillis();
      controls.passGate(Gate.FIRST_SERVER);
      if (state.safe) {
        preparation.recheckIfStale(Workflow.currentTimeMillis() - gateOpened);
      }
      servers.updateServers();
      servers.finalizeSchema();
      components.flagOlderComponents();
      components.updateOtherComponents();
      return finish(verification.verify());
    } catch (RolloutStopped stop) {
      return finish(new Outcome(stop.outcome(), stop.getMessage()));
    } catch (ActivityFailure e) {
      // A database activity that kept failing past its retries: end in a final phase that
      // says what failed and what is left on a local copy, rather than failing the workflow.
      state.finding(Severity.ERROR, null, null, "activity failed: " + rootMessage(e));
      return finish(
          new Outcome(
              Phase.FAILED,
              "stopped in phase "
                  + state.phase
                  + ": "
                  + rootMessage(e)
                  + (state.pointOfNoReturnPassed
                      ? state.onLocalCopySentence()
                      : "; nothing was installed")));
    }
  }

  private RolloutResult finish(Outcome outcome) {
    // Metrics never replay: the scope is silent while a workflow task replays history.
    Workflow.getMetricsScope()
        .tagged(java.util.Map.of("outcome", outcome.phase().name()))
        .counter("ums_rollouts")
        .inc(1);
    state.publishLocalCopy();
    state.enter(outcome.phase());
    state.waitingFor = null;
    state.note(outcome.message());
    notifier.send(Notifier.ROLLOUT_ENDED, outcome.phase().name(), outcome.message());
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new RolloutResult(outcome.phase(), outcome.message(), state.status());
  }

  /**
   * The freeze alert timer came after the first histories were recorded: rollouts started before it
   * replay without the timer. Version 1: a timer raises the S2 alert.
   */
  protected int freezeAlertVersion() {
    return Workflow.getVersion("freeze-alert", Workflow.DEFAULT_VERSION, 1);
  }

  @Override
  public void approve(GateDecision decision) {
    decisions.decideBySignal(decision, GateState.APPROVED, "approval");
  }

  @Override
  public void reject(GateDecision decision) {
    decisions.decideBySignal(decision, GateState.REJECTED, "rejection");
  }

  @Override
  public GateAnswer approveGate(GateDecision decision) {
    return decisions.decideByUpdate(decision, GateState.APPROVED);
  }

  @Override
  public void validateApproveGate(GateDecision decision) {
    decisions.refuseIfInvalid(decision);
  }

  @Override
  public GateAnswer rejectGate(GateDecision decision) {
    return decisions.decideByUpdate(decision, GateState.REJECTED);
  }

  @Override
  public void validateRejectGate(GateDecision decision) {
    decisions.refuseInvalidRejection(decision);
  }

  @Override
  public String retryHost(HostDecision decision) {
    return controls.answerHoldOnce(HoldAnswer.RETRY, decision.by(), decision.comment());
  }

  @Override
  public void validateRetryHost(HostDecision decision) {
    controls.refuseUnlessHeldAtHost(decision.host());
  }

  @Override
  public String skipHost(HostDecision decision) {
    return controls.skipHost(decision);
  }

  @Override
  public void validateSkipHost(HostDecision decision) {
    controls.refuseUnconfirmedSkip(decision);
  }

  @Override
  public String retry(OperatorRequest command) {
    return controls.answerHoldOnce(HoldAnswer.RETRY, command.by(), command.reason());
  }

  @Override
  public void validateRetry(OperatorRequest command) {
    controls.refuseUnlessHeld();
  }

  @Override
  public String recheckClocks(OperatorRequest command) {
    return controls.answerHoldOnce(HoldAnswer.RECHECK, command.by(), command.reason());
  }

  @Override
  public void validateRecheckClocks(OperatorRequest command) {
    controls.refuseUnlessHeldAt(Hold.clocks());
  }

  @Override
  public void answerHold(HoldReply reply) {
    controls.answerHoldBySignal(reply);
  }

  @Override
  public void pause(OperatorRequest command) {
    controls.pause(command);
  }

  @Override
  public void resume(OperatorRequest command) {
    controls.resume(command);
  }

  @Override
  public void abort(AbortRequest request) {
    controls.abort(request);
  }

  @Override
  public RolloutStatus status() {
    return state.status();
  }
}
