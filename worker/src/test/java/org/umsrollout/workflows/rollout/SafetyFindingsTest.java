package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;

/**
 * Workflow bugs that the lab's faults and the random fault schedules ({@link
 * RandomFaultSchedulesTest} with {@code -Dums.outlivingInstallers=true}) found, each as the
 * smallest rollout that shows it. Each failed before its fix and must pass as it stands.
 */
class SafetyFindingsTest {
  private LabRollout lab;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  /**
   * Found by the random fault schedules, fixed since. An install fails while its installer still
   * runs: its agent died and came back, or its heartbeat timed out, after the install's last
   * attempt. {@code Installation.readAfterFailure} reads the server at once and, since the
   * installer has not yet switched it to update mode, reads it in normal mode on the productive
   * database and takes it off the local-copy set. The installer then ends and puts the server on
   * its local copy, which neither the status's {@code serversOnLocalCopy} nor {@code UmsLocalCopy}
   * names while the rollout holds (I2; S1, S6). An operator who aborts then does not learn of that
   * server. With {@code -Dums.outlivingInstallers=true} the random schedules reach it, for example
   * the seeds -3598827457297982874 and 4602069545865647569 (a first server, so the set is empty
   * while the server is on its local copy).
   */
  @Test
  @DisplayName(
      "S1, S6: a server whose install failed while its installer runs on stays counted on a local"
          + " copy until a reading after the installer shows it back")
  void serverWhoseInstallerOutlivesAFailedInstallStaysCounted_S1_S6() {
    RolloutWorkflow rollout = heldAtServer2WhileItsInstallerRuns();
    lab.awaitStatus(rollout, s -> !lab.lab.installing("ums-srv-2"));

    assertThat(lab.lab.serversOnLocalCopy()).contains("ums-srv-2");
    assertThat(rollout.status().serversOnLocalCopy()).contains("ums-srv-2");
    assertThat(lab.localCopyAttribute(rollout)).contains("ums-srv-2");
  }

  /**
   * Found by the random fault schedules, fixed since. A rejection of a gate past the point of no
   * return ({@code end-update-mode}, {@code load-balancers}) ends the rollout as REJECTED at once,
   * with no confirmation: with {@code end-update-mode} a server that did not reconnect stays in
   * update mode on its local copy. An abort there needs confirmation (S6); a rejection, which ends
   * the rollout just the same, does not ({@code OperatorControls.passGate}, validator {@code
   * refuseIfInvalid}). Random schedules with {@code -Dums.outlivingInstallers=true} reach it
   * whenever the operator rejects such a gate, for example the seed 9117437703502702346.
   */
  @Test
  @DisplayName(
      "S6: rejecting end-update-mode past the point of no return does not end the rollout"
          + " unconfirmed, leaving a server on its local copy")
  void rejectingEndUpdateModePastThePointOfNoReturnNeedsConfirmation_S6() {
    lab = new LabRollout();
    lab.lab.doesNotReconnect("ums-srv-1");
    String gate = Gate.END_UPDATE_MODE.id();
    RolloutWorkflow rollout = lab.start(lab.request(Policy.approving(List.of(gate))));
    lab.awaitOpenGate(rollout, gate);

    try {
      rollout.rejectGate(new GateDecision(gate, "ops", "not now"));
    } catch (WorkflowUpdateException refused) {
      // Refusing the unconfirmed rejection is one way to hold S6.
    }
    RolloutStatus after = rollout.status();
    assertThat(after.phase()).as("ended by one unconfirmed rejection").isNotEqualTo(Phase.REJECTED);
    if (after.gates().stream()
        .anyMatch(g -> g.gate().equals(gate) && g.state() == GateState.OPEN)) {
      rollout.approveGate(new GateDecision(gate, "ops", "after all"));
    }
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.serversOnLocalCopy()).isEmpty();
  }

  /**
   * Found by the random fault schedules (base seed 5826463601326 with {@code
   * -Dums.outlivingInstallers=true}), fixed since. A confirmed skip took a server out of the
   * network while the installer of its failed install still ran; that installer then ended and
   * started the server's services again, so a server the rollout named as taken out served in the
   * network. Now the take-out waits: it fails while an installer runs, the rollout holds, and a
   * retry after the installer has ended stops the server for good.
   */
  @Test
  @DisplayName(
      "S6: a server is taken out of the network only once the installer of its failed install has"
          + " ended, and then stays out")
  void takeOutWaitsForAnInstallerThatOutlivedItsInstall_S6() {
    RolloutWorkflow rollout = heldAtServer2WhileItsInstallerRuns();

    rollout.skipHost(new HostDecision("ums-srv-2", "ops", "take it out", true));
    RolloutStatus held =
        lab.awaitStatus(
            rollout,
            s ->
                "ums-srv-2".equals(s.heldAt())
                    && s.waitingFor() != null
                    && s.waitingFor().contains("taking ums-srv-2 out"));
    assertThat(held.waitingFor()).contains("an installer still runs");
    lab.awaitStatus(rollout, s -> !lab.lab.installing("ums-srv-2"));
    rollout.retry(new OperatorRequest("ops", "installer ended"));
    RolloutResult result = lab.result(rollout);

    assertThat(lab.lab.takenOut("ums-srv-2")).isTrue();
    assertThat(lab.lab.servingServers()).doesNotContain("ums-srv-2");
    assertThat(lab.lab.oldServersServingOnNewerSchema()).isEmpty();
    assertThat(result.status().takenOutOfNetwork()).containsExactly("ums-srv-2");
  }

  /**
   * Found by the random fault schedules (seeds -4919110987364392884, -2392182850572518221 and
   * -7910517163230064785), fixed since. A confirmed rejection of end-update-mode took the server
   * that had not reconnected out of the network although the other server had been taken out
   * before: no server served. A take-out now needs another server serving (S1), as an install does,
   * and holds otherwise.
   */
  @Test
  @DisplayName("S1, S6: no take-out leaves the network without a serving server")
  void takeOutNeverStopsTheLastServingServer_S1_S6() {
    lab =
        new LabRollout(
            List.of(
                new org.umsrollout.workflows.model.ServerSpec("ums-srv-1", null),
                new org.umsrollout.workflows.model.ServerSpec("ums-srv-2", null)),
            List.of(),
            List.of());
    lab.lab.failInstalls("ums-srv-2", 1, true);
    String gate = Gate.END_UPDATE_MODE.id();
    RolloutWorkflow rollout = lab.start(lab.request(Policy.approving(List.of(gate))));
    lab.awaitStatus(rollout, s -> "ums-srv-2".equals(s.heldAt()));
    rollout.skipHost(new HostDecision("ums-srv-2", "ops", "broken disk", true));
    lab.awaitOpenGate(rollout, gate);

    rollout.rejectGate(new GateDecision(gate, "ops", "no", true));
    RolloutStatus held = lab.awaitStatus(rollout, s -> "ums-srv-1".equals(s.heldAt()));

    assertThat(held.waitingFor()).startsWith("S1: no other server serves");
    assertThat(lab.lab.servingServers()).containsExactly("ums-srv-1");
    rollout.abort(new AbortRequest("ops", "restore from the backup instead", true));
    assertThat(lab.result(rollout).outcome()).isEqualTo(Phase.ABORTED);
    assertThat(lab.lab.servingServers()).containsExactly("ums-srv-1");
  }

  /**
   * A rollout held at ums-srv-2, whose install failed while its 2 s installer runs on: the agent
   * stopped mid-install and came back after the install's one try had timed out.
   */
  private RolloutWorkflow heldAtServer2WhileItsInstallerRuns() {
    lab = new LabRollout();
    lab.lab.installDuration("ums-srv-2", Duration.ofSeconds(2));
    RolloutWorkflow rollout = lab.start(lab.request(LabFaultsRolloutTest.oneTryShortTimeouts()));
    lab.awaitStatus(rollout, s -> lab.lab.installing("ums-srv-2"));
    lab.stopAgent("ums-srv-2");
    lab.startAgent("ums-srv-2");
    lab.awaitStatus(rollout, s -> "ums-srv-2".equals(s.heldAt()));
    return rollout;
  }
}
