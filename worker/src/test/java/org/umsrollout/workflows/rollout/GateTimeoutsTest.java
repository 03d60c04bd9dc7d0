package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.GateTimeout;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;

/** A gate that waits too long notifies again or, before the point of no return, aborts. */
class GateTimeoutsTest {
  private static final String FIRST = Gate.FIRST_SERVER.id();
  private static final String LBS = Gate.LOAD_BALANCERS.id();

  private LabRollout lab;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private RolloutRequest request(List<String> gates, Map<String, GateTimeout> timeouts) {
    RolloutRequest plain = lab.request(Policy.approving(gates));
    return new RolloutRequest(
        plain.inventory(),
        plain.targetVersion(),
        plain.installer(),
        plain.policy().withGateTimeouts(timeouts),
        plain.requestedBy());
  }

  private static long stillWaiting(RolloutStatus status, String gate) {
    return status.timeline().stream()
        .filter(t -> t.message().startsWith("gate " + gate + " still waits"))
        .count();
  }

  @Test
  @DisplayName(
      "S6: a first-server gate whose policy says abort ends the rollout when nobody decides in"
          + " time, before anything is installed")
  void undecidedFirstServerGateAborts_S6() {
    lab = new LabRollout();
    RolloutWorkflow rollout =
        lab.start(request(List.of(FIRST), Map.of(FIRST, new GateTimeout(2, GateTimeout.ABORT))));

    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-gate-timeout-aborted.json");

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.ABORTED);
    assertThat(result.message()).contains("gate first-server was not decided within 2 s");
    assertThat(result.status().pointOfNoReturnPassed()).isFalse();
    assertThat(lab.lab.hostNames()).allSatisfy(h -> assertThat(lab.lab.installsRun(h)).isZero());
  }

  @Test
  @DisplayName(
      "C1: a load-balancers gate that waits too long says so again and again, never approves"
          + " itself, and paused time does not count")
  void undecidedGateNotifiesAgainButNotWhilePaused_C1() {
    lab = new LabRollout();
    RolloutWorkflow rollout =
        lab.start(request(List.of(LBS), Map.of(LBS, new GateTimeout(1, GateTimeout.NOTIFY))));

    RolloutStatus notified = lab.awaitStatus(rollout, s -> stillWaiting(s, LBS) >= 2);
    assertThat(notified.gates())
        .filteredOn(g -> g.gate().equals(LBS))
        .singleElement()
        .satisfies(g -> assertThat(g.state()).isEqualTo(GateState.OPEN));
    assertThat(notified.findings())
        .anySatisfy(f -> assertThat(f.message()).contains("gate load-balancers has waited"));

    rollout.pause(new OperatorRequest("ops", "lunch"));
    long atPause = stillWaiting(lab.awaitStatus(rollout, s -> s.paused()), LBS);
    await().pollDelay(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(stillWaiting(rollout.status(), LBS))
        .as("no notice while paused")
        .isLessThanOrEqualTo(atPause + 1);
    rollout.resume(new OperatorRequest("ops", null));
    long atResume = stillWaiting(rollout.status(), LBS);
    lab.awaitStatus(rollout, s -> stillWaiting(s, LBS) > atResume);

    rollout.approveGate(new GateDecision(LBS, "ops", null));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-gate-timeout-notified.json");
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
  }
}
