package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.umsrollout.workflows.rollout.LabRollout.TARGET;

import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.workflows.messages.AbortRequest;
import org.umsrollout.workflows.messages.GateAnswer;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;

/** The rollout from prepare to verify, through Temporal, against the lab. */
class RolloutWorkflowTest {
  private static final String FIRST = Gate.FIRST_SERVER.id();
  private static final String LBS = Gate.LOAD_BALANCERS.id();

  private LabRollout lab;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private static GateDecision decision(String gate, String by) {
    return new GateDecision(gate, by, "looks good");
  }

  @Test
  @DisplayName("S1-S5, C1, V1-V4: the whole rollout updates every host and verifies it")
  void wholeRolloutUpdatesEveryHostAndVerifies() {
    lab = new LabRollout();
    lab.lab.addOrphan("ums-srv-gone", NetworkEntry.SERVER);
    RolloutWorkflow rollout = lab.start();

    lab.awaitOpenGate(rollout, Gate.REMOVE_ORPHANS.id());
    rollout.approveGate(decision(Gate.REMOVE_ORPHANS.id(), "operator-a"));
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(decision(FIRST, "operator-a"));
    lab.awaitOpenGate(rollout, LBS);
    rollout.approveGate(decision(LBS, "operator-a"));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-completed.json");

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    for (String host : lab.lab.hostNames()) {
      HostStatus actual = lab.lab.status(host);
      assertThat(actual.version()).as(host).isEqualTo(TARGET);
      assertThat(actual.servicesOfRoleRunning()).as(host).isTrue();
      if (actual.role().isServer()) {
        assertThat(actual.mode()).as(host).isEqualTo(ServerMode.NORMAL);
        assertThat(actual.datasource()).as(host).isEqualTo(Datasource.PRODUCTIVE);
      }
      assertThat(lab.lab.installsRun(host)).as("installs on " + host).isEqualTo(1);
    }
    assertThat(lab.lab.productiveSchema()).isEqualTo("12.05");
    assertThat(lab.lab.momentsWithoutServingServer()).as("S1: a server always serves").isZero();

    RolloutStatus status = result.status();
    assertThat(status.progress()).isEqualTo("3 of 3 servers updated");
    assertThat(status.serversOnLocalCopy()).isEmpty();
    assertThat(status.freezeSinceMillis()).isNull();
    assertThat(status.productiveSchema()).isEqualTo("12.05");
    assertThat(status.hosts()).extracting(HostView::state).containsOnly(HostState.VERIFIED);
    assertThat(status.backup().verified()).isTrue();
    assertThat(status.backup().sha256()).hasSize(64);
    assertThat(status.gates())
        .filteredOn(g -> g.gate().equals(FIRST))
        .singleElement()
        .satisfies(g -> assertThat(g.decidedBy()).isEqualTo("operator-a"));
  }

  @Test
  @DisplayName("S3: servers go one at a time, in inventory order, each reporting n of m")
  void serversAreUpdatedOneAtATimeReportingProgress_S3() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start(lab.request(Policy.approving(List.of())));
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.events())
        .filteredOn(e -> e.contains("servers updated"))
        .containsExactly(
            "ums-srv-1: 1 of 3 servers updated",
            "ums-srv-2: 2 of 3 servers updated",
            "ums-srv-3: 3 of 3 servers updated");
  }

  @Test
  @DisplayName("a gate approved by signal lets the rollout go on")
  void gateApprovedBySignal() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start();

    lab.awaitOpenGate(rollout, FIRST);
    assertThat(lab.lab.installsRun("ums-srv-1")).isZero();
    rollout.approve(decision(FIRST, "operator-b"));
    RolloutStatus after =
        lab.awaitStatus(
            rollout,
            s ->
                s.phase() == Phase.FINALIZING_SCHEMA
                    || s.openGates().stream().anyMatch(g -> g.gate().equals(LBS)));

    assertThat(after.gates())
        .filteredOn(g -> g.gate().equals(FIRST))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.state()).isEqualTo(GateState.APPROVED);
              assertThat(g.decidedBy()).isEqualTo("operator-b");
            });
    assertThat(lab.lab.installsRun("ums-srv-1")).isEqualTo(1);
  }

  @Test
  @DisplayName("a gate approved by Update answers with the gate's new state")
  void gateApprovedByUpdate() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start();

    lab.awaitOpenGate(rollout, FIRST);
    GateAnswer answer = rollout.approveGate(decision(FIRST, "operator-c"));

    assertThat(answer.gate()).isEqualTo(FIRST);
    assertThat(answer.state()).isEqualTo(GateState.APPROVED.name());
    lab.awaitOpenGate(rollout, LBS);
    assertThat(rollout.status().serversUpdated()).isEqualTo(3);
  }

  @Test
  @DisplayName("the Update's validator refuses an unknown gate, and a gate that is not open")
  void validatorRefusesUnknownAndClosedGates() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start();
    lab.awaitOpenGate(rollout, FIRST);

    assertThatThrownBy(() -> rollout.approveGate(decision("frist-server", "operator-a")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("unknown gate 'frist-server'")
        .hasMessageContaining("first-server");
    assertThatThrownBy(() -> rollout.approveGate(decision(LBS, "operator-a")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("'load-balancers' is not open")
        .hasMessageContaining("open now: first-server");

    RolloutStatus status = rollout.status();
    assertThat(status.openGates()).extracting(g -> g.gate()).containsExactly(FIRST);
    assertThat(status.serversUpdated()).isZero();
  }

  @Test
  @DisplayName("a signal for a gate that is not open is recorded and changes nothing")
  void signalForClosedGateIsRecordedAndIgnored() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start();
    lab.awaitOpenGate(rollout, FIRST);

    rollout.approve(decision(LBS, "operator-d"));
    RolloutStatus status =
        lab.awaitStatus(
            rollout,
            s -> s.timeline().stream().anyMatch(t -> t.message().startsWith("ignored approval")));

    assertThat(status.gates())
        .filteredOn(g -> g.gate().equals(LBS))
        .singleElement()
        .satisfies(g -> assertThat(g.state()).isEqualTo(GateState.NOT_REACHED));
    assertThat(status.openGates()).extracting(g -> g.gate()).containsExactly(FIRST);
  }

  @Test
  @DisplayName("a rejected first-server gate ends the rollout with nothing installed (S6)")
  void rejectionBeforeFirstServerLeavesNetworkUntouched_S6() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start();
    lab.awaitOpenGate(rollout, FIRST);

    rollout.rejectGate(new GateDecision(FIRST, "operator-e", "not tonight"));
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).isEqualTo(Phase.REJECTED);
    assertThat(result.message()).contains("operator-e").contains("not tonight");
    assertThat(lab.lab.hostNames()).allSatisfy(h -> assertThat(lab.lab.installsRun(h)).isZero());
  }

  @Test
  @DisplayName("pause holds before the next server; resume goes on")
  void pauseAndResume() {
    lab = new LabRollout();
    lab.lab.installDuration(Duration.ofMillis(400));
    RolloutWorkflow rollout = lab.start();
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(decision(FIRST, "operator-a"));
    lab.awaitStatus(rollout, s -> s.host("ums-srv-1").state() == HostState.INSTALLING);

    rollout.pause(new OperatorRequest("operator-f", "change window check"));
    RolloutStatus paused =
        lab.awaitStatus(rollout, s -> s.waitingFor() != null && s.waitingFor().contains("resume"));

    assertThat(paused.paused()).isTrue();
    assertThat(paused.pausedBy()).isEqualTo("operator-f");
    assertThat(paused.host("ums-srv-1").state()).isEqualTo(HostState.UPDATED);
    assertThat(paused.host("ums-srv-2").state()).isEqualTo(HostState.CHECKED);
    assertThat(lab.lab.installsRun("ums-srv-2")).isZero();

    rollout.resume(new OperatorRequest("operator-f", null));
    lab.awaitOpenGate(rollout, LBS);
    assertThat(rollout.status().paused()).isFalse();
    assertThat(lab.lab.installsRun("ums-srv-2")).isEqualTo(1);
    lab.recordHistory(rollout, "safe-paused-resumed.json");
  }

  @Test
  @DisplayName("S1, S2: the status names the servers on a local copy while servers are updated")
  void statusShowsServersOnLocalCopyAtEachPoint_S1_S2() {
    lab = new LabRollout();
    lab.lab.installDuration(Duration.ofMillis(300));
    RolloutWorkflow rollout = lab.start();

    RolloutStatus atGate = lab.awaitOpenGate(rollout, FIRST);
    assertThat(atGate.phase()).isEqualTo(Phase.PREPARING);
    assertThat(atGate.waitingFor()).contains("first-server");
    assertThat(atGate.pointOfNoReturnPassed()).isFalse();
    assertThat(atGate.serversOnLocalCopy()).isEmpty();
    assertThat(atGate.hosts()).extracting(HostView::version).containsOnly("12.04.120");

    rollout.approveGate(decision(FIRST, "operator-a"));
    lab.awaitStatus(rollout, s -> s.host("ums-srv-2").state() == HostState.INSTALLING);
    rollout.pause(new OperatorRequest("operator-a", "look at the status"));
    RolloutStatus midway = lab.awaitStatus(rollout, s -> s.waitingFor() != null);

    assertThat(midway.phase()).isEqualTo(Phase.UPDATING_SERVERS);
    assertThat(midway.progress()).isEqualTo("2 of 3 servers updated");
    assertThat(midway.serversOnLocalCopy()).containsExactly("ums-srv-1", "ums-srv-2");
    assertThat(midway.freezeSinceMillis()).isNotNull();
    assertThat(midway.pointOfNoReturnPassed()).isTrue();
    assertThat(midway.host("ums-srv-1").mode()).isEqualTo(ServerMode.UPDATE);
    assertThat(midway.host("ums-srv-3").datasource()).isEqualTo(Datasource.PRODUCTIVE);
    assertThat(lab.lab.status("ums-srv-2").datasource()).isEqualTo(Datasource.LOCAL_COPY);

    rollout.resume(new OperatorRequest("operator-a", null));
    RolloutStatus atLoadBalancers = lab.awaitOpenGate(rollout, LBS);
    assertThat(atLoadBalancers.serversOnLocalCopy()).isEmpty();
    assertThat(atLoadBalancers.freezeSinceMillis()).isNull();
    assertThat(atLoadBalancers.productiveSchema()).isEqualTo("12.05");
  }

  @Test
  @DisplayName("S2: a change written through a server in update mode is lost afterwards")
  void changeWrittenInUpdateModeIsLost_S2() {
    lab = new LabRollout();
    lab.lab.installDuration(Duration.ofMillis(300));
    RolloutWorkflow rollout = lab.start();
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(decision(FIRST, "operator-a"));
    lab.awaitStatus(rollout, s -> s.host("ums-srv-2").state() == HostState.INSTALLING);

    lab.lab.writeConfig("ums-srv-1", "profile.wallpaper", "blue");
    assertThat(lab.lab.readConfig("ums-srv-1", "profile.wallpaper")).contains("blue");
    lab.awaitOpenGate(rollout, LBS);

    assertThat(lab.lab.readConfig("ums-srv-1", "profile.wallpaper")).isEmpty();
    assertThat(lab.lab.readConfig("ums-srv-3", "profile.wallpaper")).isEmpty();
  }

  @Test
  @DisplayName("abort before the point of no return ends the rollout with nothing installed")
  void abortBeforePointOfNoReturn() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start();
    lab.awaitOpenGate(rollout, FIRST);

    rollout.abort(new AbortRequest("operator-g", "maintenance window cancelled", false));
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).isEqualTo(Phase.ABORTED);
    assertThat(result.message()).contains("operator-g").contains("maintenance window cancelled");
    assertThat(lab.lab.hostNames()).allSatisfy(h -> assertThat(lab.lab.installsRun(h)).isZero());
  }

  @Test
  @DisplayName(
      "S6: past the point of no return an abort needs confirmation and names the"
          + " servers on a local copy")
  void abortPastPointOfNoReturnNeedsConfirmation_S6() {
    lab = new LabRollout();
    lab.lab.installDuration(Duration.ofMillis(300));
    RolloutWorkflow rollout = lab.start();
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(decision(FIRST, "operator-a"));
    lab.awaitStatus(rollout, s -> s.host("ums-srv-1").state() == HostState.INSTALLING);
    rollout.pause(new OperatorRequest("operator-a", null));
    lab.awaitStatus(rollout, s -> s.waitingFor() != null);

    rollout.abort(new AbortRequest("operator-h", "second thoughts", false));
    RolloutStatus stillRunning =
        lab.awaitStatus(
            rollout,
            s -> s.timeline().stream().anyMatch(t -> t.message().contains("must be confirmed")));
    assertThat(stillRunning.phase()).isEqualTo(Phase.UPDATING_SERVERS);

    rollout.abort(new AbortRequest("operator-h", "second thoughts", true));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-aborted-past-point-of-no-return.json");

    assertThat(result.outcome()).isEqualTo(Phase.ABORTED);
    assertThat(result.message()).contains("Still on a local database copy: ums-srv-1");
    assertThat(result.status().serversOnLocalCopy()).containsExactly("ums-srv-1");
    assertThat(lab.lab.installsRun("ums-srv-2")).isZero();
  }

  @Test
  @DisplayName("P2: an orphaned Network list entry is removed only after approval")
  void orphanRemovedOnlyAfterApproval_P2() {
    lab = new LabRollout();
    lab.lab.addOrphan("ums-srv-gone", NetworkEntry.SERVER);
    RolloutWorkflow rollout = lab.start();

    RolloutStatus waiting = lab.awaitOpenGate(rollout, Gate.REMOVE_ORPHANS.id());
    assertThat(waiting.orphans()).singleElement().asString().contains("ums-srv-gone");
    assertThat(lab.networkListHosts()).contains("ums-srv-gone");

    rollout.approveGate(decision(Gate.REMOVE_ORPHANS.id(), "operator-a"));
    lab.awaitOpenGate(rollout, FIRST);
    assertThat(lab.networkListHosts()).doesNotContain("ums-srv-gone");
  }

  @Test
  @DisplayName("a duplicate approval changes nothing: refused as an Update, ignored as a signal")
  void duplicateApprovalChangesNothing() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start();
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(decision(FIRST, "operator-a"));
    lab.awaitOpenGate(rollout, LBS);

    assertThatThrownBy(() -> rollout.approveGate(decision(FIRST, "operator-z")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("is not open (it is APPROVED by operator-a)");
    rollout.approve(decision(FIRST, "operator-z"));
    RolloutStatus status =
        lab.awaitStatus(
            rollout, s -> s.timeline().stream().anyMatch(t -> t.message().contains("operator-z")));

    assertThat(status.gates())
        .filteredOn(g -> g.gate().equals(FIRST))
        .singleElement()
        .satisfies(g -> assertThat(g.decidedBy()).isEqualTo("operator-a"));
    assertThat(status.timeline())
        .filteredOn(t -> t.message().startsWith("gate first-server approved"))
        .hasSize(1);
  }
}
