package org.umsrollout.workflows.rollout;

import static org.umsrollout.workflows.rollout.Wording.orUnknown;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.function.Supplier;
import org.umsrollout.workflows.messages.AbortRequest;
import org.umsrollout.workflows.messages.HoldReply;
import org.umsrollout.workflows.messages.HostDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.GateTimeout;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.Phase;

/**
 * What operators steer: gates, holds, pause and abort. The rollout waits here; the signal and
 * Update handlers answer here, with their validators.
 */
final class OperatorControls {
  private final RolloutState state;
  private final Notifier notifier;

  OperatorControls(RolloutState state, Notifier notifier) {
    this.state = state;
    this.notifier = notifier;
  }

  // ---- the rollout's side: wait for an operator ----

  /** Passes a gate: at once where the policy needs no approval, else when an operator decides. */
  void passGate(Gate gate) {
    if (!passGateUnlessRejected(gate)) {
      GateView decided = state.gates.get(gate);
      throw new RolloutStopped(
          Phase.REJECTED,
          "gate "
              + gate.id()
              + " rejected by "
              + decided.decidedBy()
              + (decided.comment() == null ? "" : ": " + decided.comment())
              + state.onLocalCopySentence());
    }
  }

  /**
   * Waits for a gate as {@link #passGate} does, but answers false when it is rejected instead of
   * ending the rollout, for gates whose rejection the rollout carries out.
   */
  boolean passGateUnlessRejected(Gate gate) {
    if (!state.gates.get(gate).needsApproval()) {
      state.gateState(gate, GateState.PASSED);
      state.note("gate " + gate.id() + " passed: the policy needs no approval");
      return true;
    }
    state.gateState(gate, GateState.OPEN);
    state.waitingFor = "approval of gate " + gate.id() + ": " + gate.description();
    state.note("waiting for approval of gate " + gate.id());
    notifier.send(Notifier.GATE_OPENED, gate.id(), gate.description());
    long opened = Workflow.currentTimeMillis();
    awaitDecision(gate);
    Workflow.getMetricsScope()
        .tagged(java.util.Map.of("gate", gate.id()))
        .timer("ums_gate_wait")
        .record(com.uber.m3.util.Duration.ofMillis(Workflow.currentTimeMillis() - opened));
    state.waitingFor = null;
    checkAbort();
    return state.gates.get(gate).state() != GateState.REJECTED;
  }

  /**
   * Waits for the gate's decision (or an abort). With a timeout in the policy (rollouts started
   * with one only, so older histories replay without its timer): after each {@code afterSeconds} of
   * waiting that were not paused it says so again, or, for a gate before the point of no return
   * whose policy says abort, ends the rollout. No timeout ever approves a gate.
   */
  private void awaitDecision(Gate gate) {
    GateTimeout timeout = state.policy.gateTimeout(gate);
    if (timeout == null) {
      Workflow.await(() -> decidedOrAborted(gate));
      return;
    }
    long opened = Workflow.currentTimeMillis();
    while (!Workflow.await(timeout.after(), () -> decidedOrAborted(gate))) {
      if (state.paused) {
        // Paused time does not count: wait for the resume, then for a whole timeout again.
        Workflow.await(() -> !state.paused || decidedOrAborted(gate));
        continue;
      }
      long waited = (Workflow.currentTimeMillis() - opened) / 1000;
      Workflow.getMetricsScope()
          .tagged(
              java.util.Map.of("gate", gate.id(), "then", timeout.aborts() ? "abort" : "notify"))
          .counter("ums_gate_timeouts")
          .inc(1);
      if (timeout.aborts() && gate.beforePointOfNoReturn() && !state.pointOfNoReturnPassed) {
        state.abort =
            new AbortRequest(
                "gate timeout",
                "gate " + gate.id() + " was not decided within " + waited + " s",
                false);
        return;
      }
      state.finding(
          Severity.WARNING,
          null,
          null,
          "gate " + gate.id() + " has waited " + waited + " s for an operator");
      state.note("gate " + gate.id() + " still waits for an operator, " + waited + " s now");
      notifier.send(
          Notifier.GATE_TIMED_OUT,
          gate.id(),
          "gate " + gate.id() + " has waited " + waited + " s for an operator");
    }
  }

  private boolean decidedOrAborted(Gate gate) {
    return state.gates.get(gate).state() != GateState.OPEN || state.abort != null;
  }

  /** Before each step: waits while paused, and stops when an abort was taken. */
  void checkpoint() {
    if (state.paused && state.abort == null) {
      state.waitingFor = "resume (paused by " + state.pausedBy + ")";
      Workflow.await(() -> !state.paused || state.abort != null);
      state.waitingFor = null;
    }
    checkAbort();
  }

  void checkAbort() {
    AbortRequest abort = state.abort;
    if (abort != null) {
      throw new RolloutStopped(
          Phase.ABORTED,
          "aborted by "
              + orUnknown(abort.by())
              + (abort.reason() == null ? "" : ": " + abort.reason())
              + state.onLocalCopySentence());
    }
  }

  /**
   * Holds the rollout until an operator answers (retry, skip, recheck) or aborts; returns the
   * answer. The reason is in the status meanwhile.
   */
  HoldAnswer holdFor(Hold hold, String reason) {
    Workflow.getMetricsScope()
        .tagged(java.util.Map.of("kind", hold.kind().name()))
        .counter("ums_holds")
        .inc(1);
    state.heldAt = hold;
    state.holdAnswer = null;
    state.waitingFor = reason;
    state.note("holding at " + hold.label() + ": " + reason);
    notifier.send(Notifier.HELD, hold.label(), reason);
    Workflow.await(() -> state.holdAnswer != null || state.abort != null);
    state.heldAt = null;
    state.waitingFor = null;
    checkAbort();
    return state.holdAnswer;
  }

  /**
   * Runs a read or change. Before the point of no return (or in a rollout started before holds) its
   * failure ends the rollout as it always did; after it, the failure holds until an operator
   * retries or aborts with confirmation, since nothing may leave a server behind (S6).
   */
  <T> T holdingOnFailure(String label, String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (ActivityFailure e) {
      if (!holdsOnFailure()) {
        throw e;
      }
      return holdThenRetry(label, what, e, call);
    }
  }

  /** Whether a failure now holds rather than ends the rollout: past the point of no return. */
  boolean holdsOnFailure() {
    return state.safe && state.pointOfNoReturnPassed;
  }

  /** Holds for the failure that happened, then retries the call until it answers. */
  <T> T holdThenRetry(String label, String what, ActivityFailure failure, Supplier<T> call) {
    ActivityFailure last = failure;
    while (true) {
      String why = what + " failed: " + Wording.rootMessage(last);
      state.finding(Severity.ERROR, null, null, why);
      holdFor(
          Hold.step(label),
          why
              + ". Retry once the cause is fixed (umsrollout retry), or abort with confirmation"
              + state.onLocalCopySentence());
      state.note("retrying " + what);
      try {
        return call.get();
      } catch (ActivityFailure e) {
        last = e;
      }
    }
  }

  /** Who answered the last hold. */
  String holdBy() {
    return state.holdDecidedBy == null ? "unknown" : state.holdDecidedBy;
  }

  // ---- the operators' side: signals and Updates ----

  String skipHost(HostDecision decision) {
    if (state.heldAt == null || state.holdAnswer != null) {
      return answerHoldOnce(HoldAnswer.SKIP, decision.by(), decision.comment());
    }
    state.finding(
        Severity.WARNING,
        null,
        decision.host(),
        "skipped by "
            + orUnknown(decision.by())
            + (decision.comment() == null ? "" : ": " + decision.comment()));
    return answerHold(HoldAnswer.SKIP, decision.by(), decision.comment());
  }

  /**
   * An Update's answer to a hold. Its validator ran when the Update was accepted; an answer taken
   * since (by signal) makes this one change nothing.
   */
  String answerHoldOnce(HoldAnswer answer, String by, String comment) {
    if (state.heldAt == null || state.holdAnswer != null) {
      String why = "the rollout holds at nothing now (phase " + state.phase + ")";
      state.note(answer.word() + " by " + orUnknown(by) + " not taken: " + why);
      return answer.word() + " not taken: " + why;
    }
    return answerHold(answer, by, comment);
  }

  String answerHold(HoldAnswer answer, String by, String comment) {
    state.holdAnswer = answer;
    state.holdDecidedBy = orUnknown(by);
    state.note(
        answer.word()
            + " at "
            + state.heldAt.label()
            + " by "
            + state.holdDecidedBy
            + (comment == null ? "" : ": " + comment));
    return answer.word() + " " + state.heldAt.label();
  }

  /** The validator of a plain retry: the rollout must hold at something, with no answer yet. */
  void refuseUnlessHeld() {
    if (state.heldAt == null || state.holdAnswer != null) {
      throw new IllegalArgumentException(
          "the rollout holds at nothing now (phase " + state.phase + ")");
    }
  }

  /**
   * The validator of skipHost: past the point of no return a server is skipped only with
   * confirmation, since skipping takes it out of the HA network (S6).
   */
  void refuseUnconfirmedSkip(HostDecision decision) {
    refuseUnlessHeldAt(Hold.at(decision.host()));
    HostView view = state.hosts.get(decision.host());
    if (state.safe
        && state.pointOfNoReturnPassed
        && view.role().isServer()
        && !decision.isConfirmed()) {
      throw new IllegalArgumentException(
          "past the point of no return (S6) skipping server "
              + decision.host()
              + " takes it out of the HA network: its services are stopped before the schema is"
              + " renewed and stay stopped until it is updated. Confirm the skip to go on");
    }
  }

  /** The validator of retryHost: the rollout holds at this host, its install or another step. */
  void refuseUnlessHeldAtHost(String host) {
    refuseUnlessHeld();
    if (state.safe
        && state.heldAt.kind() != Hold.Kind.CLOCKS
        && state.heldAt.label().equals(host)) {
      return;
    }
    refuseUnlessHeldAt(Hold.at(host));
  }

  /** The validator of the hold answers: the rollout must hold at just that, with no answer yet. */
  void refuseUnlessHeldAt(Hold hold) {
    refuseUnlessHeld();
    if (!state.heldAt.equals(hold)) {
      throw new IllegalArgumentException(
          "the rollout holds at "
              + state.heldAt.label()
              + ", not at "
              + hold.label()
              + ": "
              + state.waitingFor);
    }
  }

  /** A hold's answer by signal: checked as its Update's validator would, ignored when refused. */
  void answerHoldBySignal(HoldReply reply) {
    String answer = reply == null ? null : reply.answer();
    try {
      if (HoldReply.SKIP.equals(answer)) {
        refuseUnconfirmedSkip(reply.asHostDecision());
        skipHost(reply.asHostDecision());
      } else if (HoldReply.RECHECK.equals(answer)) {
        refuseUnlessHeldAt(Hold.clocks());
        answerHold(HoldAnswer.RECHECK, reply.by(), reply.comment());
      } else if (HoldReply.RETRY.equals(answer)) {
        if (reply.host() == null) {
          refuseUnlessHeld();
        } else {
          refuseUnlessHeldAtHost(reply.host());
        }
        answerHold(HoldAnswer.RETRY, reply.by(), reply.comment());
      } else {
        throw new IllegalArgumentException(
            "unknown answer '" + answer + "': retry, skip or recheck");
      }
    } catch (IllegalArgumentException refused) {
      state.note(
          "ignored "
              + answer
              + " signal from "
              + orUnknown(reply == null ? null : reply.by())
              + ": "
              + refused.getMessage());
    }
  }

  void pause(OperatorRequest command) {
    if (state.paused || state.phase.isFinal()) {
      return;
    }
    state.paused = true;
    state.pausedBy = orUnknown(command.by());
    state.note(
        "paused by " + state.pausedBy + (command.reason() == null ? "" : ": " + command.reason()));
  }

  void resume(OperatorRequest command) {
    if (!state.paused) {
      return;
    }
    state.paused = false;
    state.pausedBy = null;
    state.note("resumed by " + orUnknown(command.by()));
  }

  /** Takes an abort; past the point of no return only a confirmed one (S6). */
  void abort(AbortRequest request) {
    if (state.abort != null || state.phase.isFinal()) {
      return;
    }
    if (state.pointOfNoReturnPassed && !request.isConfirmed()) {
      state.note(
          "abort by "
              + orUnknown(request.by())
              + " not taken: past the point of no return (S6) it must be confirmed."
              + state.onLocalCopySentence());
      return;
    }
    state.abort = request;
    state.note("abort requested by " + orUnknown(request.by()));
  }
}
