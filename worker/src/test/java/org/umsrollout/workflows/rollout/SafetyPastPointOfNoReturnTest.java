package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.workflows.messages.AbortRequest;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.HostDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;

/**
 * Past the point of no return (S6) no failure ends the rollout: it holds for an operator, keeps
 * every server on a local copy in view, and never leaves an old server serving on a renewed schema.
 */
class SafetyPastPointOfNoReturnTest {
  private static final String FIRST = Gate.FIRST_SERVER.id();

  /** Only the first-server gate waits; activities are tried twice, so failures come quickly. */
  private static final Policy FIRST_GATE_TWO_TRIES =
      new Policy(List.of(FIRST), null, null, null, 2, null, null, null, null);

  private LabRollout lab;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @DisplayName(
      "S6: past the point of no return a skip needs confirmation and takes the server out, so no"
          + " old server serves on the renewed schema")
  void skipNeedsConfirmationAndTakesTheServerOutOfTheNetwork_S6() {
    lab = new LabRollout();
    lab.lab.failInstalls("ums-srv-2", 1, true);
    RolloutWorkflow rollout = lab.start(lab.request(Policy.approving(List.of())));
    lab.awaitStatus(rollout, s -> "ums-srv-2".equals(s.heldAt()));

    assertThatThrownBy(() -> rollout.skipHost(new HostDecision("ums-srv-2", "ops", "later")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("takes it out of the HA network");
    rollout.skipHost(new HostDecision("ums-srv-2", "ops-lead", "hardware swap", true));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-skip-takes-server-out.json");

    assertThat(lab.lab.productiveSchema()).isEqualTo("12.05");
    assertThat(lab.lab.status("ums-srv-2").version()).isEqualTo(LabRollout.INSTALLED);
    assertThat(lab.lab.takenOut("ums-srv-2")).isTrue();
    assertThat(lab.lab.oldServersServingOnNewerSchema()).isEmpty();
    assertThat(result.status().takenOutOfNetwork()).containsExactly("ums-srv-2");
    assertThat(result.status().host("ums-srv-2").detail()).contains("Way back");
    assertThat(result.outcome()).isNotEqualTo(Phase.FAILED);
  }

  @Test
  @DisplayName(
      "S6, S5: a server that does not answer after the point of no return holds the rollout until"
          + " an operator retries")
  void unansweredStatusReadPastThePointOfNoReturnHolds_S6_S5() {
    lab = new LabRollout();
    lab.lab.installDuration(Duration.ofMillis(600));
    RolloutWorkflow rollout = lab.start(lab.request(FIRST_GATE_TWO_TRIES));
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(new GateDecision(FIRST, "ops", null));
    lab.awaitStatus(rollout, s -> s.host("ums-srv-3").state() == HostState.INSTALLING);
    lab.lab.failStatusReads("ums-srv-1", 1_000);

    RolloutStatus held = lab.awaitStatus(rollout, s -> "ums-srv-1".equals(s.heldAt()));

    assertThat(held.phase()).isEqualTo(Phase.FINALIZING_SCHEMA);
    assertThat(held.waitingFor()).contains("reading ums-srv-1 failed").contains("restarts");
    lab.lab.failStatusReads("ums-srv-1", 0);
    rollout.retry(new OperatorRequest("ops", "server is back"));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-status-read-held-retried.json");
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
  }

  @Test
  @DisplayName(
      "S6: a productive database that stops answering after the first server holds the rollout,"
          + " naming the servers on a local copy")
  void databaseOutagePastThePointOfNoReturnHolds_S6() {
    lab = new LabRollout();
    lab.lab.installDuration(Duration.ofMillis(1_500));
    RolloutWorkflow rollout = lab.start(lab.request(FIRST_GATE_TWO_TRIES));
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(new GateDecision(FIRST, "ops", null));
    lab.awaitStatus(rollout, s -> s.host("ums-srv-1").state() == HostState.INSTALLING);
    lab.database.down(true);

    RolloutStatus held = lab.awaitStatus(rollout, s -> "database".equals(s.heldAt()));

    assertThat(held.waitingFor()).contains("does not answer").contains("ums-srv-1");
    assertThat(held.serversOnLocalCopy()).containsExactly("ums-srv-1");
    assertThatThrownBy(() -> rollout.retryHost(new HostDecision("ums-srv-1", "ops", null)))
        .isInstanceOf(WorkflowUpdateException.class);
    lab.database.down(false);
    rollout.retry(new OperatorRequest("ops", "database is back"));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-database-outage-held-retried.json");
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
  }

  @Test
  @DisplayName(
      "S6, V3: rejecting end-update-mode past the point of no return needs confirmation and takes"
          + " the server that did not reconnect out, instead of ending with it on a local copy")
  void rejectingEndUpdateModeTakesTheStragglerOut_S6_V3() {
    lab = new LabRollout();
    lab.lab.doesNotReconnect("ums-srv-1");
    String gate = Gate.END_UPDATE_MODE.id();
    RolloutWorkflow rollout = lab.start(lab.request(Policy.approving(List.of(gate))));
    lab.awaitOpenGate(rollout, gate);

    assertThatThrownBy(() -> rollout.rejectGate(new GateDecision(gate, "ops", "no")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("Confirm the rejection");
    rollout.rejectGate(new GateDecision(gate, "ops", "replace that server", true));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-end-update-mode-rejected.json");

    assertThat(result.outcome()).isNotIn(Phase.REJECTED, Phase.FAILED);
    assertThat(lab.lab.takenOut("ums-srv-1")).isTrue();
    assertThat(lab.lab.servingServers()).containsExactly("ums-srv-2", "ums-srv-3");
    assertThat(result.status().takenOutOfNetwork()).containsExactly("ums-srv-1");
    assertThat(result.status().serversOnLocalCopy()).isEmpty();
  }

  @Test
  @DisplayName(
      "S1, V2, N2: agents that cannot read the mode leave it to the Network list: servers stay"
          + " counted on a local copy while it shows update mode, and V2 passes on its word")
  void agentsWithoutAModeReadingFallBackToTheNetworkList_S1_V2_N2() {
    lab = new LabRollout();
    lab.lab.installDuration(Duration.ofMillis(300));
    for (String server : List.of("ums-srv-1", "ums-srv-2", "ums-srv-3")) {
      lab.lab.modeUnreadable(server);
    }
    RolloutWorkflow rollout = lab.start(lab.request(FIRST_GATE_TWO_TRIES));
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(new GateDecision(FIRST, "ops", null));
    lab.awaitStatus(rollout, s -> s.host("ums-srv-2").state() == HostState.INSTALLING);
    rollout.pause(new OperatorRequest("ops", "look at the local copies"));

    RolloutStatus paused = lab.awaitStatus(rollout, s -> s.waitingFor() != null);
    assertThat(lab.lab.serversOnLocalCopy()).containsExactly("ums-srv-1", "ums-srv-2");
    assertThat(paused.serversOnLocalCopy()).containsExactly("ums-srv-1", "ums-srv-2");
    assertThat(paused.host("ums-srv-1").mode()).isNull();
    rollout.resume(new OperatorRequest("ops", null));
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().serversOnLocalCopy()).isEmpty();
  }

  @Test
  @DisplayName("S1: a network of one server is refused before anything is touched")
  void singleServerNetworkIsRefused_S1() {
    lab =
        new LabRollout(
            List.of(new ServerSpec("ums-srv-1", null)),
            List.of(new ComponentSpec("ums-lb-1")),
            List.of());

    RolloutResult result = lab.result(lab.start(lab.request(Policy.approving(List.of()))));

    assertThat(result.outcome()).isEqualTo(Phase.REFUSED);
    assertThat(result.message()).contains("two or more servers");
    assertThat(lab.lab.installsRun("ums-srv-1")).isZero();
  }

  @Test
  @DisplayName("S1: no server goes into its update while no other server serves")
  void noInstallWhileNoOtherServerServes_S1() {
    lab =
        new LabRollout(
            List.of(new ServerSpec("ums-srv-1", null), new ServerSpec("ums-srv-2", null)),
            List.of(),
            List.of());
    lab.lab.takeOutOfNetwork("ums-srv-2");
    RolloutWorkflow rollout = lab.start(lab.request(Policy.approving(List.of())));

    RolloutStatus held = lab.awaitStatus(rollout, s -> "ums-srv-1".equals(s.heldAt()));

    assertThat(held.waitingFor()).startsWith("S1: no other server serves");
    assertThat(lab.lab.installsRun("ums-srv-1")).isZero();
    assertThat(lab.lab.installing("ums-srv-1")).isFalse();
    assertThat(lab.lab.momentsWithoutServingServer()).isZero();
    rollout.abort(new AbortRequest("ops", "bring ums-srv-2 back first", false));
    assertThat(lab.result(rollout).outcome()).isEqualTo(Phase.ABORTED);
    lab.recordHistory(rollout, "safe-s1-held-aborted.json");
  }
}
