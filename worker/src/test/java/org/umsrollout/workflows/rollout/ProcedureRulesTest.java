package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.umsrollout.workflows.rollout.LabRollout.INSTALLER_PATH;
import static org.umsrollout.workflows.rollout.LabRollout.TARGET;

import io.temporal.client.WorkflowUpdateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.activities.central.Checksums;
import org.umsrollout.workflows.messages.AbortRequest;
import org.umsrollout.workflows.messages.GateAnswer;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.HostDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.status.Finding;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;

/** Each rule of PROCEDURE.md, broken on purpose in the lab, and what the rollout does about it. */
class ProcedureRulesTest {
  private static final String FIRST = Gate.FIRST_SERVER.id();
  private static final String LBS = Gate.LOAD_BALANCERS.id();
  private static final Policy NO_GATES = Policy.approving(List.of());

  private LabRollout lab;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private static Policy policy(
      List<String> approvals,
      Integer heartbeatTimeoutSeconds,
      Integer maxAttempts,
      Integer freezeAlertSeconds,
      List<String> approvers,
      Boolean fourEyes) {
    return new Policy(
        approvals,
        null,
        heartbeatTimeoutSeconds,
        null,
        maxAttempts,
        null,
        freezeAlertSeconds,
        approvers,
        fourEyes);
  }

  private static List<String> rulesOf(RolloutStatus status, String host) {
    return status.findings().stream()
        .filter(f -> host == null || host.equals(f.host()))
        .map(Finding::rule)
        .toList();
  }

  private void approveAll(RolloutWorkflow rollout) {
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(new GateDecision(FIRST, "ops", null));
    lab.awaitOpenGate(rollout, LBS);
    rollout.approveGate(new GateDecision(LBS, "ops", null));
  }

  @Test
  @DisplayName(
      "P1: a missing or different installer is refused before anything is touched,"
          + " naming every host")
  void installerMissingOrDifferentIsRefused_P1() {
    lab = new LabRollout();
    lab.lab.installer("ums-srv-2", INSTALLER_PATH, null);
    lab.lab.installer("ums-lb-1", INSTALLER_PATH, "0".repeat(64));

    RolloutResult result = lab.result(lab.start(lab.request(NO_GATES)));

    assertThat(result.outcome()).isEqualTo(Phase.REFUSED);
    assertThat(result.message())
        .contains("P1")
        .contains("ums-srv-2: installer " + INSTALLER_PATH + " missing")
        .contains("ums-lb-1: installer checksum " + "0".repeat(64) + " differs");
    assertThat(result.status().backup()).as("no backup taken").isNull();
    assertThat(lab.lab.hostNames()).allSatisfy(h -> assertThat(lab.lab.installsRun(h)).isZero());
  }

  @Test
  @DisplayName("P2: a rejected orphan removal leaves the Network list as it was")
  void orphansStayWhenRemovalIsRejected_P2() {
    lab = new LabRollout();
    lab.lab.addOrphan("ums-srv-gone", "UMS_RMGUISERVER");
    RolloutWorkflow rollout = lab.start();

    lab.awaitOpenGate(rollout, Gate.REMOVE_ORPHANS.id());
    rollout.rejectGate(new GateDecision(Gate.REMOVE_ORPHANS.id(), "ops", "check that host first"));
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).isEqualTo(Phase.REJECTED);
    assertThat(result.status().orphans()).singleElement().asString().contains("ums-srv-gone");
    assertThat(lab.lab.events()).noneMatch(e -> e.contains("servers updated"));
    assertThat(lab.networkListHosts()).contains("ums-srv-gone");
  }

  @Test
  @DisplayName("P3: the backup is taken, recorded and verified before the first server")
  void backupRecordedAndVerifiedBeforeAnyServer_P3() throws Exception {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start();

    RolloutStatus atGate = lab.awaitOpenGate(rollout, FIRST);

    assertThat(atGate.backup()).isNotNull();
    assertThat(atGate.backup().verified()).isTrue();
    assertThat(atGate.backup().verification()).contains("schema 12.04");
    Path file = Path.of(atGate.backup().location());
    assertThat(file).exists().startsWith(lab.backups);
    assertThat(atGate.backup().sizeBytes()).isEqualTo(Files.size(file));
    assertThat(atGate.backup().sha256()).isEqualTo(Checksums.sha256(file));
    assertThat(lab.lab.installsRun("ums-srv-1")).isZero();
  }

  @Test
  @DisplayName("P4: older than installed across Major.Minor is refused, with the guidance")
  void olderAcrossMajorMinorIsRefused_P4() {
    lab = new LabRollout();
    lab.lab.version("ums-srv-2", "12.06.100");

    RolloutResult result = lab.result(lab.start(lab.request(NO_GATES)));

    assertThat(result.outcome()).isEqualTo(Phase.REFUSED);
    assertThat(result.message())
        .contains("ums-srv-2 runs 12.06.100")
        .contains("separate HA network")
        .contains("backup");
    assertThat(rulesOf(result.status(), "ums-srv-2")).contains("P4");
    assertThat(lab.lab.hostNames()).allSatisfy(h -> assertThat(lab.lab.installsRun(h)).isZero());
  }

  @Test
  @DisplayName("P4: going back within Major.Minor is allowed")
  void olderWithinMajorMinorIsAllowed_P4() {
    lab = new LabRollout();
    for (String host : lab.lab.hostNames()) {
      lab.lab.version(host, "12.05.140");
    }

    RolloutResult result = lab.result(lab.start(lab.request(NO_GATES)));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.status("ums-srv-1").version()).isEqualTo(TARGET);
    assertThat(result.status().findings())
        .anySatisfy(f -> assertThat(f.message()).contains("goes back from 12.05.140"));
  }

  @Test
  @DisplayName("P4: hosts already on the target are skipped; a mixed network is handled")
  void hostsOnTargetAreSkippedInAMixedNetwork_P4() {
    lab = new LabRollout();
    lab.lab.version("ums-srv-1", TARGET);
    lab.lab.version("ums-lb-2", TARGET);
    lab.lab.version("ums-srv-3", "12.03.200");

    RolloutResult result = lab.result(lab.start(lab.request(NO_GATES)));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.installsRun("ums-srv-1")).isZero();
    assertThat(lab.lab.installsRun("ums-lb-2")).isZero();
    assertThat(lab.lab.installsRun("ums-srv-3")).isEqualTo(1);
    assertThat(lab.lab.events())
        .filteredOn(e -> e.contains("servers updated"))
        .containsExactly("ums-srv-2: 2 of 3 servers updated", "ums-srv-3: 3 of 3 servers updated");
    assertThat(result.status().timeline())
        .anySatisfy(
            t -> assertThat(t.message()).isEqualTo("ums-srv-1 already runs 12.05.100: skipped"));
    assertThat(lab.lab.productiveSchema()).isEqualTo("12.05");
  }

  @Test
  @DisplayName("P5: clocks apart by more than 60 s hold the rollout until a recheck finds them set")
  void clockSkewHoldsUntilRecheck_P5() {
    lab = new LabRollout();
    lab.lab.clockOffset("ums-srv-2", Duration.ofSeconds(95));
    RolloutWorkflow rollout = lab.start();

    RolloutStatus held = lab.awaitStatus(rollout, s -> "clocks".equals(s.heldAt()));
    assertThat(held.waitingFor()).contains("ums-srv-2 +95 s").contains("at most 60 s");
    assertThat(rulesOf(held, "ums-srv-2")).containsOnly("P5");
    assertThatThrownBy(() -> rollout.retryHost(new HostDecision("ums-srv-2", "ops", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("holds at clocks");

    lab.lab.clockOffset("ums-srv-2", Duration.ZERO);
    rollout.recheckClocks(new OperatorRequest("ops", "ntp fixed"));
    RolloutStatus after = lab.awaitOpenGate(rollout, FIRST);

    assertThat(after.heldAt()).isNull();
    assertThat(after.timeline())
        .anySatisfy(t -> assertThat(t.message()).startsWith("P5: server clocks within"));
    lab.recordHistory(rollout, "safe-held-at-clocks-rechecked.json");
  }

  @Test
  @DisplayName("P6: a server whose /root is not writable is refused before anything is touched")
  void unwritableRootIsRefusedInPrepare_P6() {
    lab = new LabRollout();
    lab.lab.rootWritable("ums-srv-3", false);

    RolloutResult result = lab.result(lab.start(lab.request(NO_GATES)));

    assertThat(result.outcome()).isEqualTo(Phase.REFUSED);
    assertThat(result.message()).contains("P6").contains("ums-srv-3: /root is not writable");
    assertThat(lab.lab.hostNames()).allSatisfy(h -> assertThat(lab.lab.installsRun(h)).isZero());
  }

  @Test
  @DisplayName(
      "P6: rights lost during the rollout hold it at the server's install; retry after the fix")
  void unwritableRootHoldsAtTheHostUntilRetried_P6() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start(lab.request(Policy.approving(List.of(FIRST))));
    lab.awaitOpenGate(rollout, FIRST);
    lab.lab.rootWritable("ums-srv-2", false);
    rollout.approveGate(new GateDecision(FIRST, "ops", null));

    RolloutStatus held = lab.awaitStatus(rollout, s -> "ums-srv-2".equals(s.heldAt()));
    assertThat(held.waitingFor()).contains("/root is not writable").contains("Retry the host");
    assertThat(held.host("ums-srv-2").state()).isEqualTo(HostState.FAILED);
    assertThat(rulesOf(held, "ums-srv-2")).contains("P6");
    assertThat(held.serversOnLocalCopy()).containsExactly("ums-srv-1");
    assertThat(lab.lab.installsRun("ums-srv-2")).isZero();

    lab.lab.rootWritable("ums-srv-2", true);
    rollout.retryHost(new HostDecision("ums-srv-2", "ops", "chmod done"));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-held-at-host-retried.json");

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.installsRun("ums-srv-2")).isEqualTo(1);
  }

  @Test
  @DisplayName("S2: a freeze past the policy's limit raises an alert and the rollout goes on")
  void longFreezeRaisesAlertWithoutAborting_S2() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start(lab.request(policy(List.of(), null, null, 1, null, null)));
    lab.awaitStatus(rollout, s -> s.host("ums-srv-1").state() == HostState.INSTALLING);
    rollout.pause(new OperatorRequest("ops", "coffee"));
    lab.awaitStatus(rollout, s -> s.waitingFor() != null);

    RolloutStatus alerted = lab.awaitStatus(rollout, RolloutStatus::freezeAlert);

    assertThat(alerted.phase()).isEqualTo(Phase.UPDATING_SERVERS);
    assertThat(alerted.findings())
        .anySatisfy(
            f -> {
              assertThat(f.rule()).isEqualTo("S2");
              assertThat(f.message()).contains("over 1 s").contains("ums-srv-1");
            });
    rollout.resume(new OperatorRequest("ops", null));
    assertThat(lab.result(rollout).outcome()).isEqualTo(Phase.COMPLETED);
    lab.recordHistory(rollout, "safe-freeze-alert-paused.json");
  }

  @Test
  @DisplayName("S4: with AD-native SQL Server every server's service is reconfigured after install")
  void adNativeServiceReconfiguredOnEveryServer_S4() {
    lab = LabRollout.adNative();

    RolloutResult result = lab.result(lab.start(lab.request(NO_GATES)));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.serviceReconfigurations("ums-srv-1")).isEqualTo(1);
    assertThat(lab.lab.serviceReconfigurations("ums-srv-2")).isEqualTo(1);
    assertThat(lab.lab.status("ums-srv-1").allRunning()).isTrue();
  }

  @Test
  @DisplayName("S5, V3: a server that does not reconnect is found and switched back")
  void serverThatDoesNotReconnectIsSwitchedBack_S5_V3() {
    lab = new LabRollout();
    lab.lab.doesNotReconnect("ums-srv-1");

    RolloutWorkflow rollout = lab.start(lab.request(NO_GATES));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-server-switched-back.json");

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(rulesOf(result.status(), "ums-srv-1")).contains("S5", "V3");
    assertThat(lab.lab.status("ums-srv-1").datasource()).isEqualTo(Datasource.PRODUCTIVE);
    assertThat(lab.lab.events()).contains("ums-srv-1: did not reconnect, still on its local copy");
  }

  @Test
  @DisplayName("S5, V3: with the end-update-mode gate, the server stays until an operator approves")
  void endingUpdateModeWaitsForApprovalWhenThePolicySaysSo_S5_V3() {
    lab = new LabRollout();
    lab.lab.doesNotReconnect("ums-srv-1");
    RolloutWorkflow rollout =
        lab.start(lab.request(Policy.approving(List.of(Gate.END_UPDATE_MODE.id()))));

    RolloutStatus waiting = lab.awaitOpenGate(rollout, Gate.END_UPDATE_MODE.id());
    assertThat(waiting.serversOnLocalCopy()).containsExactly("ums-srv-1");
    assertThat(lab.lab.status("ums-srv-1").mode()).isEqualTo(ServerMode.UPDATE);

    rollout.approveGate(new GateDecision(Gate.END_UPDATE_MODE.id(), "ops", null));
    assertThat(lab.result(rollout).outcome()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.status("ums-srv-1").mode()).isEqualTo(ServerMode.NORMAL);
  }

  @Test
  @DisplayName("C1: load balancers after all servers, consoles last")
  void loadBalancersAfterServersThenConsoles_C1() {
    lab = new LabRollout();

    assertThat(lab.result(lab.start(lab.request(NO_GATES))).outcome()).isEqualTo(Phase.COMPLETED);

    List<String> order =
        lab.lab.events().stream()
            .filter(e -> e.contains("updated"))
            .map(e -> e.substring(0, e.indexOf(':')))
            .toList();
    assertThat(order)
        .containsExactly(
            "ums-srv-1", "ums-srv-2", "ums-srv-3", "ums-lb-1", "ums-lb-2", "ums-console-1");
  }

  @Test
  @DisplayName("C2, C3: older consoles and load balancers are flagged once the servers are new")
  void olderConsolesAndLoadBalancersAreFlagged_C2_C3() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start();
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(new GateDecision(FIRST, "ops", null));

    RolloutStatus atGate = lab.awaitOpenGate(rollout, LBS);

    assertThat(rulesOf(atGate, "ums-console-1")).containsExactly("C2");
    assertThat(atGate.host("ums-console-1").detail()).contains("cannot connect");
    assertThat(rulesOf(atGate, "ums-lb-1")).containsExactly("C3");
    assertThat(atGate.host("ums-lb-2").detail()).contains("should run the same version");
  }

  @Test
  @DisplayName("C4: a load balancer that does not stop is retried and reported")
  void loadBalancerThatDoesNotStopIsRetriedAndReported_C4() {
    lab = new LabRollout();
    lab.lab.loadBalancerDoesNotStop("ums-lb-1", 1);

    RolloutResult result = lab.result(lab.start(lab.request(NO_GATES)));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().findings())
        .anySatisfy(
            f -> {
              assertThat(f.rule()).isEqualTo("C4");
              assertThat(f.host()).isEqualTo("ums-lb-1");
              assertThat(f.message()).contains("2 attempts");
            });
    assertThat(lab.lab.installsRun("ums-lb-1")).isEqualTo(1);
  }

  @Test
  @DisplayName("C4: a load balancer that never stops holds the rollout at that host")
  void loadBalancerThatNeverStopsHolds_C4() {
    lab = new LabRollout();
    lab.lab.loadBalancerDoesNotStop("ums-lb-2", 100);
    RolloutWorkflow rollout = lab.start(lab.request(policy(List.of(), null, 2, null, null, null)));

    RolloutStatus held = lab.awaitStatus(rollout, s -> "ums-lb-2".equals(s.heldAt()));

    assertThat(held.waitingFor()).contains("did not stop").contains("(C4)");
    assertThat(rulesOf(held, "ums-lb-2")).contains("C4");
    rollout.skipHost(new HostDecision("ums-lb-2", "ops", "replace it tomorrow"));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-load-balancer-skipped.json");
    assertThat(result.outcome()).isEqualTo(Phase.FAILED_VERIFICATION);
    assertThat(result.message()).contains("ums-lb-2");
  }

  @Test
  @DisplayName(
      "V1-V4: a host found wrong at the end holds the rollout with the list, never success nor an"
          + " end the operator did not choose; once put right, a retry verifies again")
  void mismatchAtVerificationHoldsWithTheList_V1_V4() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start();
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(new GateDecision(FIRST, "ops", null));
    lab.awaitOpenGate(rollout, LBS);

    lab.lab.version("ums-srv-2", "12.04.120");
    rollout.approveGate(new GateDecision(LBS, "ops", null));
    RolloutStatus held = lab.awaitStatus(rollout, s -> "verification".equals(s.heldAt()));

    assertThat(held.phase()).isEqualTo(Phase.VERIFYING);
    assertThat(held.waitingFor())
        .contains("ums-srv-2: runs 12.04.120, not 12.05.100")
        .contains("abort with confirmation");
    assertThat(held.host("ums-srv-2").state()).isEqualTo(HostState.FAILED);
    assertThat(held.host("ums-srv-1").state()).isEqualTo(HostState.VERIFIED);
    assertThat(rulesOf(held, "ums-srv-2")).contains("V4");
    rollout.abort(new AbortRequest("ops", "give up", false));

    rollout.retry(new OperatorRequest("ops", "not fixed yet"));
    RolloutStatus again =
        lab.awaitStatus(
            rollout,
            s ->
                "verification".equals(s.heldAt())
                    && s.timeline().stream()
                            .filter(t -> t.message().startsWith("holding at verification"))
                            .count()
                        == 2);
    assertThat(again.waitingFor()).contains("ums-srv-2: runs 12.04.120");
    assertThat(again.timeline())
        .as("an unconfirmed abort is not taken past the point of no return")
        .anySatisfy(t -> assertThat(t.message()).startsWith("abort by ops not taken"));

    lab.lab.version("ums-srv-2", "12.05.100");
    rollout.retry(new OperatorRequest("ops", "reinstalled by hand"));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-verification-held.json");

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().host("ums-srv-2").state()).isEqualTo(HostState.VERIFIED);
  }

  @Test
  @DisplayName("V1: a console runs no service (a desktop application), and passes V1 all the same")
  void consoleWithoutServicesPassesV1_V1() {
    lab = new LabRollout();
    RolloutResult result = lab.result(lab.start(lab.request(NO_GATES)));

    assertThat(lab.lab.services("ums-console-1")).isEmpty();
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().host("ums-console-1").state()).isEqualTo(HostState.VERIFIED);
    assertThat(rulesOf(result.status(), "ums-console-1")).doesNotContain("V1");
  }

  @Test
  @DisplayName("transient install failures are retried with backoff")
  void transientInstallFailuresAreRetried() {
    lab = new LabRollout();
    lab.lab.failInstalls("ums-srv-2", 2, false);

    RolloutResult result = lab.result(lab.start(lab.request(NO_GATES)));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.installsRun("ums-srv-2")).isEqualTo(1);
    assertThat(result.status().findings())
        .anySatisfy(f -> assertThat(f.message()).contains("needed 3 attempts"));
  }

  @Test
  @DisplayName("a permanent install failure holds; skipping is recorded and verification says so")
  void permanentFailureHoldsAndSkipIsRecorded() {
    lab = new LabRollout();
    lab.lab.failInstalls("ums-srv-2", 1, true);
    RolloutWorkflow rollout = lab.start(lab.request(NO_GATES));

    RolloutStatus held = lab.awaitStatus(rollout, s -> "ums-srv-2".equals(s.heldAt()));
    assertThat(held.waitingFor()).contains("exited with code 1").contains("ums-srv-1");
    assertThatThrownBy(() -> rollout.skipHost(new HostDecision("ums-srv-3", "ops", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("holds at ums-srv-2");

    rollout.skipHost(new HostDecision("ums-srv-2", "ops-lead", "hardware swap first", true));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-host-skipped.json");

    assertThat(result.outcome()).isEqualTo(Phase.FAILED_VERIFICATION);
    assertThat(result.status().findings())
        .anySatisfy(f -> assertThat(f.message()).contains("skipped by ops-lead"));
    assertThat(result.message()).contains("ums-srv-2");
    assertThat(lab.lab.installsRun("ums-srv-3")).isEqualTo(1);
  }

  @Test
  @DisplayName("approver policy: only listed approvers decide, and never the submitter")
  void approverPolicyIsEnforcedAndRefusalsRecorded() {
    lab = new LabRollout();
    RolloutRequest request =
        new RolloutRequest(
            lab.inventory,
            TARGET,
            lab.request(null).installer(),
            policy(null, null, null, null, List.of("ops-lead", "platform-team"), true),
            "platform-team");
    RolloutWorkflow rollout = lab.start(request);
    lab.awaitOpenGate(rollout, FIRST);

    GateAnswer stranger = rollout.approveGate(new GateDecision(FIRST, "intern", null));
    GateAnswer submitter = rollout.approveGate(new GateDecision(FIRST, "platform-team", null));
    rollout.approve(new GateDecision(FIRST, "intern", "by signal"));

    assertThat(stranger.state()).isEqualTo("REFUSED");
    assertThat(stranger.message()).contains("intern is not an approver");
    assertThat(submitter.state()).isEqualTo("REFUSED");
    assertThat(submitter.message()).contains("four eyes");
    RolloutStatus status =
        lab.awaitStatus(
            rollout,
            s -> s.timeline().stream().anyMatch(t -> t.message().startsWith("ignored approval")));
    assertThat(status.openGates()).extracting(g -> g.gate()).containsExactly(FIRST);

    GateAnswer lead = rollout.approveGate(new GateDecision(FIRST, "ops-lead", null));
    assertThat(lead.state()).isEqualTo(GateState.APPROVED.name());
    lab.recordHistory(rollout, "safe-approvers-refused.json");
  }

  @Test
  @DisplayName("N1: a node with a server and a load balancer is updated once, in the server phase")
  void nodeWithServerAndLoadBalancerIsUpdatedInTheServerPhase_N1() {
    lab =
        new LabRollout(
            List.of(
                new org.umsrollout.workflows.model.ServerSpec("ums-node-1", true),
                new org.umsrollout.workflows.model.ServerSpec("ums-node-2", true)),
            List.of(new org.umsrollout.workflows.model.ComponentSpec("ums-lb-1")),
            List.of());

    RolloutResult result = lab.result(lab.start(lab.request(NO_GATES)));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.events())
        .filteredOn(e -> e.contains("updated"))
        .extracting(e -> e.substring(0, e.indexOf(':')))
        .containsExactly("ums-node-1", "ums-node-2", "ums-lb-1");
    assertThat(lab.lab.installsRun("ums-node-1")).isEqualTo(1);
    assertThat(lab.lab.status("ums-node-1").services())
        .extracting(org.umsrollout.workflows.ports.ServiceState::name)
        .contains("igel-ums-server", "igel-ums-broker");
  }

  @Test
  @DisplayName(
      "N2, V4: the Network list (epr_processes) shows every server and load balancer"
          + " updated, running, in normal mode")
  void networkListShowsEveryProcessUpdatedRunningNormal_N2_V4() {
    lab = new LabRollout();

    assertThat(lab.result(lab.start(lab.request(NO_GATES))).outcome()).isEqualTo(Phase.COMPLETED);

    var entries = lab.networkList();
    assertThat(entries)
        .extracting(e -> e.host() + " " + e.type())
        .containsExactlyInAnyOrder(
            "ums-srv-1 UMS_RMGUISERVER",
            "ums-srv-2 UMS_RMGUISERVER",
            "ums-srv-3 UMS_RMGUISERVER",
            "ums-lb-1 UMS_LOADBALANCER",
            "ums-lb-2 UMS_LOADBALANCER");
    assertThat(entries)
        .allSatisfy(
            e -> {
              assertThat(e.version()).isEqualTo(TARGET);
              assertThat(e.serviceStatus()).isEqualTo("SERVICE_RUNNING");
              assertThat(e.mode()).isEqualTo("NORMAL");
            });
  }

  @Test
  @DisplayName(
      "P3: a productive database that cannot be read ends the rollout as FAILED before any"
          + " server, saying why")
  void unreadableDatabaseEndsTheRolloutFailedWithTheReason_P3() {
    lab = new LabRollout();
    org.umsrollout.workflows.model.Inventory unreachable =
        new org.umsrollout.workflows.model.Inventory(
            lab.inventory.site(),
            new org.umsrollout.workflows.model.DatabaseSpec(
                org.umsrollout.workflows.model.DatabaseKind.EMBEDDED,
                "jdbc:h2:mem:nowhere-" + lab.inventory.site() + ";IFEXISTS=TRUE",
                null,
                null,
                null,
                null),
            lab.inventory.servers(),
            lab.inventory.loadBalancers(),
            lab.inventory.consoles());
    RolloutRequest request =
        new RolloutRequest(
            unreachable,
            TARGET,
            lab.request(null).installer(),
            policy(List.of(), null, 2, null, null, null),
            "platform-team");

    RolloutWorkflow rollout = lab.start(request);
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-failed-database.json");

    assertThat(result.outcome()).isEqualTo(Phase.FAILED);
    assertThat(result.message())
        .contains("P3: no verified backup, so no server was touched")
        .contains("not found");
    assertThat(lab.lab.hostNames()).allSatisfy(h -> assertThat(lab.lab.installsRun(h)).isZero());
  }

  private static org.umsrollout.workflows.model.Inventory staged(
      org.umsrollout.workflows.model.Inventory inventory,
      String site,
      String stage,
      String testSite) {
    return new org.umsrollout.workflows.model.Inventory(
        site,
        inventory.database(),
        inventory.servers(),
        inventory.loadBalancers(),
        inventory.consoles(),
        stage,
        testSite);
  }

  private RolloutRequest requestFor(org.umsrollout.workflows.model.Inventory inventory) {
    RolloutRequest plain = lab.request(NO_GATES);
    return new RolloutRequest(
        inventory, TARGET, plain.installer(), plain.policy(), plain.requestedBy());
  }

  @Test
  @DisplayName(
      "T1: a production network waits for approval of a version its test site has not"
          + " completed")
  void productionWaitsForApprovalOfAnUntestedVersion_T1() {
    lab = new LabRollout();
    String site = lab.inventory.site();
    RolloutWorkflow rollout =
        lab.start(requestFor(staged(lab.inventory, site, "production", site + "-test")));

    RolloutStatus waiting = lab.awaitOpenGate(rollout, Gate.UNTESTED_VERSION.id());

    assertThat(rulesOf(waiting, null)).contains("T1");
    assertThat(waiting.findings())
        .anySatisfy(f -> assertThat(f.message()).contains(site + "-test has had no rollout"));
    assertThat(lab.lab.installsRun("ums-srv-1")).isZero();
    rollout.approveGate(new GateDecision(Gate.UNTESTED_VERSION.id(), "ops-lead", "hotfix"));
    assertThat(lab.result(rollout).outcome()).isEqualTo(Phase.COMPLETED);
    lab.recordHistory(rollout, "safe-untested-version-approved.json");
  }

  @Test
  @DisplayName("T1: a version completed on the test site goes to production without that gate")
  void versionCompletedOnTheTestSiteNeedsNoT1Approval_T1() {
    lab = new LabRollout();
    String testSite = lab.inventory.site();
    RolloutResult onTest =
        lab.result(lab.start(requestFor(staged(lab.inventory, testSite, "test", null))));
    assertThat(onTest.outcome()).as(onTest.message()).isEqualTo(Phase.COMPLETED);

    RolloutWorkflow production =
        lab.start(requestFor(staged(lab.inventory, testSite + "-prod", "production", testSite)));
    RolloutResult result = lab.result(production);
    lab.recordHistory(production, "safe-tested-first.json");

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().gates())
        .filteredOn(g -> g.gate().equals(Gate.UNTESTED_VERSION.id()))
        .singleElement()
        .satisfies(g -> assertThat(g.state()).isEqualTo(GateState.NOT_NEEDED));
    assertThat(result.status().timeline())
        .anySatisfy(t -> assertThat(t.message()).startsWith("T1: 12.05.100 completed on the test"));
  }
}
