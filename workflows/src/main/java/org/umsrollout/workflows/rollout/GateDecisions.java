package org.umsrollout.workflows.rollout;

import static org.umsrollout.workflows.rollout.Wording.orUnknown;

import io.temporal.workflow.Workflow;
import java.util.stream.Collectors;
import org.umsrollout.workflows.messages.GateAnswer;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.GateView;

/**
 * Operators' decisions on gates, by signal or Update: who may decide (approvers, four eyes), which
 * gate is open, and what a rejection past the point of no return must confirm (S6).
 */
final class GateDecisions {
  private final RolloutState state;

  GateDecisions(RolloutState state) {
    this.state = state;
  }

  /** A signal cannot be refused: what does not fit is noted in the timeline and ignored. */
  void decideBySignal(GateDecision decision, GateState decided, String what) {
    String refusal = refusalFor(decision);
    if (refusal == null && decided == GateState.REJECTED) {
      refusal = unconfirmedRejection(decision);
    }
    if (refusal == null) {
      refusal = approverRefusal(decision);
    }
    if (refusal != null) {
      state.note("ignored " + what + " signal from " + orUnknown(decision.by()) + ": " + refusal);
      return;
    }
    decide(decision, decided);
  }

  GateAnswer decideByUpdate(GateDecision decision, GateState decided) {
    // The validator ran when the Update was accepted; a signal handled since may have decided.
    String stale = refusalFor(decision);
    if (stale != null) {
      state.note("decision on gate " + decision.gate() + " not taken: " + stale);
      return new GateAnswer(decision.gate(), "UNCHANGED", stale);
    }
    String refusal = approverRefusal(decision);
    if (refusal != null) {
      return refuseDecision(decision, refusal);
    }
    return decide(decision, decided);
  }

  /** The validator of approveGate and rejectGate: refuses an unknown gate or one not open. */
  void refuseIfInvalid(GateDecision decision) {
    String refusal = refusalFor(decision);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
  }

  /** The validator of rejectGate: as for approvals, and an unconfirmed rejection past S6. */
  void refuseInvalidRejection(GateDecision decision) {
    refuseIfInvalid(decision);
    String refusal = unconfirmedRejection(decision);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
  }

  /** Why the approver policy does not let this person decide, or null when it does. */
  private String approverRefusal(GateDecision decision) {
    return state.policy.approverRefusal(decision.by(), state.request.requestedBy());
  }

  /**
   * Keeps a refused decision on record: the Update is accepted and answers with the refusal, so the
   * history holds who tried (a validator's refusal would leave no trace).
   */
  private GateAnswer refuseDecision(GateDecision decision, String refusal) {
    state.note("refused decision on gate " + decision.gate() + ": " + refusal);
    state.finding(
        Severity.WARNING,
        null,
        null,
        "refused decision on gate " + decision.gate() + ": " + refusal);
    return new GateAnswer(decision.gate(), "REFUSED", refusal);
  }

  /**
   * Why a rejection cannot be taken: past the point of no return a rejection ends the rollout, or
   * for end-update-mode takes the servers that did not reconnect out of the network, so it must be
   * confirmed as an abort is (S6).
   */
  private String unconfirmedRejection(GateDecision decision) {
    if (!state.safe || !state.pointOfNoReturnPassed || decision.isConfirmed()) {
      return null;
    }
    if (Gate.END_UPDATE_MODE.id().equals(decision.gate())) {
      return "past the point of no return (S6) rejecting "
          + decision.gate()
          + " takes the servers that did not reconnect out of the HA network: their services are"
          + " stopped and stay stopped. Confirm the rejection to go on";
    }
    return "past the point of no return (S6) rejecting "
        + decision.gate()
        + " ends the rollout as an abort does"
        + state.onLocalCopySentence()
        + ". Confirm the rejection to end it";
  }

  /** Why a decision cannot be taken now, or null when it can. */
  private String refusalFor(GateDecision decision) {
    if (decision == null || decision.gate() == null) {
      return "no gate named; gates of a rollout: " + Gate.knownIds();
    }
    var gate = Gate.byId(decision.gate());
    if (gate.isEmpty()) {
      return "unknown gate '" + decision.gate() + "'; gates of a rollout: " + Gate.knownIds();
    }
    GateView view = state.gates.get(gate.get());
    if (view.state() != GateState.OPEN) {
      String open =
          state.gates.values().stream()
              .filter(g -> g.state() == GateState.OPEN)
              .map(GateView::gate)
              .collect(Collectors.joining(", "));
      return "gate '"
          + decision.gate()
          + "' is not open (it is "
          + view.state()
          + (view.decidedBy() == null ? "" : " by " + view.decidedBy())
          + "); open now: "
          + (open.isEmpty() ? "none" : open);
    }
    return null;
  }

  private GateAnswer decide(GateDecision decision, GateState decided) {
    Gate gate = Gate.byId(decision.gate()).orElseThrow();
    state.gates.put(
        gate,
        state
            .gates
            .get(gate)
            .decided(
                decided,
                orUnknown(decision.by()),
                decision.comment(),
                Workflow.currentTimeMillis()));
    state.note(
        "gate "
            + gate.id()
            + " "
            + decided.name().toLowerCase()
            + " by "
            + orUnknown(decision.by())
            + (decision.comment() == null ? "" : ": " + decision.comment()));
    return new GateAnswer(gate.id(), decided.name(), "gate " + gate.id() + " " + decided.name());
  }
}
