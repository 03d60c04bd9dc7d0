package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;

/** Prepare stays valid until the point of no return; finalize gives servers time to reconnect. */
class PrepareAndFinalizeTest {
  private static final String FIRST = Gate.FIRST_SERVER.id();

  private LabRollout lab;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private RolloutRequest withBounds(Policy policy, Integer reconnectWait, Integer recheckAfter) {
    RolloutRequest plain = lab.request(policy);
    return new RolloutRequest(
        plain.inventory(),
        plain.targetVersion(),
        plain.installer(),
        plain.policy().withBounds(null, reconnectWait, recheckAfter),
        plain.requestedBy());
  }

  @Test
  @DisplayName(
      "P3, P5: a first-server gate that waited past the policy's age takes a fresh backup and"
          + " checks the clocks again before the first server")
  void longFirstServerGateRechecksBeforeThePointOfNoReturn_P3_P5() throws Exception {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start(withBounds(Policy.approving(List.of(FIRST)), null, 1));
    lab.awaitOpenGate(rollout, FIRST);
    lab.lab.clockOffset("ums-srv-2", Duration.ofSeconds(120));
    await().pollDelay(Duration.ofMillis(1_200)).atMost(Duration.ofSeconds(5)).until(() -> true);

    rollout.approveGate(new GateDecision(FIRST, "ops", null));
    RolloutStatus held = lab.awaitStatus(rollout, s -> "clocks".equals(s.heldAt()));

    assertThat(held.pointOfNoReturnPassed()).isFalse();
    assertThat(lab.lab.installsRun("ums-srv-1")).isZero();
    assertThat(held.timeline())
        .anySatisfy(t -> assertThat(t.message()).contains("taking a fresh backup"));
    lab.lab.clockOffset("ums-srv-2", Duration.ZERO);
    rollout.recheckClocks(new OperatorRequest("ops", "ntp fixed"));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-stale-gate-rechecked.json");
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    try (Stream<java.nio.file.Path> files = Files.list(lab.backups)) {
      assertThat(files.count()).as("backups taken").isEqualTo(2);
    }
  }

  @Test
  @DisplayName(
      "P1: an installer replaced while the first-server gate waited long is found by the recheck,"
          + " and the rollout is refused before the point of no return")
  void longGateRechecksTheInstallers_P1() {
    RolloutResult result =
        refusedAfterLongGate(
            () -> lab.lab.installer("ums-lb-1", LabRollout.INSTALLER_PATH, "0".repeat(64)));

    assertThat(result.message())
        .contains("P1")
        .contains("ums-lb-1: installer checksum " + "0".repeat(64) + " differs");
  }

  @Test
  @DisplayName(
      "P4: a server updated by hand while the first-server gate waited long is found by the"
          + " recheck, and the rollout is refused before the point of no return")
  void longGateRechecksTheVersions_P4() {
    RolloutResult result = refusedAfterLongGate(() -> lab.lab.version("ums-srv-3", "12.06.100"));

    assertThat(result.message()).contains("ums-srv-3 runs 12.06.100");
    assertThat(result.status().findings())
        .anySatisfy(
            f -> {
              assertThat(f.rule()).isEqualTo("P4");
              assertThat(f.host()).isEqualTo("ums-srv-3");
            });
  }

  /** Changes the lab while the first-server gate waits longer than the policy's recheck age. */
  private RolloutResult refusedAfterLongGate(Runnable changeWhileWaiting) {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start(withBounds(Policy.approving(List.of(FIRST)), null, 1));
    lab.awaitOpenGate(rollout, FIRST);
    changeWhileWaiting.run();
    await().pollDelay(Duration.ofMillis(1_200)).atMost(Duration.ofSeconds(5)).until(() -> true);

    rollout.approveGate(new GateDecision(FIRST, "ops", null));
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.REFUSED);
    assertThat(result.status().pointOfNoReturnPassed()).isFalse();
    assertThat(result.status().timeline())
        .anySatisfy(t -> assertThat(t.message()).contains("checking again"));
    assertThat(lab.lab.hostNames()).allSatisfy(h -> assertThat(lab.lab.installsRun(h)).isZero());
    return result;
  }

  @Test
  @DisplayName(
      "S5, V3: a server that reconnects on its own within the policy's wait is not switched back")
  void serverReconnectingWithinTheWaitIsNotSwitchedBack_S5_V3() {
    lab = new LabRollout();
    lab.lab.doesNotReconnect("ums-srv-1");
    RolloutWorkflow rollout = lab.start(withBounds(Policy.approving(List.of()), 30, null));

    lab.awaitStatus(
        rollout, s -> s.waitingFor() != null && s.waitingFor().contains("to reconnect"));
    lab.lab.endUpdateMode("ums-srv-1");
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-reconnect-waited-for.json");

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().findings()).noneSatisfy(f -> assertThat(f.rule()).isEqualTo("V3"));
    assertThat(result.status().gates())
        .filteredOn(g -> g.gate().equals(Gate.END_UPDATE_MODE.id()))
        .singleElement()
        .satisfies(g -> assertThat(g.state()).isEqualTo(GateState.NOT_NEEDED));
  }

  @Test
  @DisplayName(
      "V4, N2: verification gives a Network list that lags behind the installs the policy's time"
          + " to catch up, and completes without holding")
  void laggingNetworkListAtVerificationIsWaitedFor_V4_N2() {
    lab = new LabRollout();
    RolloutWorkflow rollout =
        lab.start(withBounds(Policy.approving(List.of(Gate.LOAD_BALANCERS.id())), 30, null));
    lab.awaitOpenGate(rollout, Gate.LOAD_BALANCERS.id());
    lab.lab.networkListLag(Duration.ofSeconds(3));

    rollout.approveGate(new GateDecision(Gate.LOAD_BALANCERS.id(), "ops", null));
    RolloutStatus settling =
        lab.awaitStatus(
            rollout, s -> s.waitingFor() != null && s.waitingFor().contains("to settle"));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-verification-settled.json");

    assertThat(settling.phase()).isEqualTo(Phase.VERIFYING);
    assertThat(settling.waitingFor()).contains("Network list entry ums-lb-1");
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().timeline())
        .noneSatisfy(t -> assertThat(t.message()).startsWith("holding at"));
    assertThat(result.status().findings())
        .noneSatisfy(f -> assertThat(f.rule()).isIn("V1", "V2", "V4"));
  }

  @Test
  @DisplayName(
      "V3, S5: after the first server is switched back, the others wait until the schema reads"
          + " renewed; a renewal that does not complete holds the rollout")
  void othersAreSwitchedOnlyOnceTheSchemaReadsRenewed_V3_S5() {
    lab = new LabRollout();
    lab.lab.schemaRenewalStuck(true);
    RolloutWorkflow rollout = lab.start(lab.request(Policy.approving(List.of())));

    RolloutStatus held = lab.awaitStatus(rollout, s -> "database".equals(s.heldAt()));

    assertThat(held.phase()).isEqualTo(Phase.FINALIZING_SCHEMA);
    assertThat(held.waitingFor())
        .contains("V3: the productive schema is still 12.04 after ums-srv-1 reconnected");
    assertThat(lab.lab.productiveSchema()).isEqualTo("12.04");
    assertThat(lab.lab.serversOnLocalCopy())
        .as("not switched while the schema reads old")
        .containsExactlyInAnyOrder("ums-srv-2", "ums-srv-3");
    assertThat(held.serversOnLocalCopy()).contains("ums-srv-2", "ums-srv-3");

    lab.lab.schemaRenewalStuck(false);
    rollout.retry(new OperatorRequest("ops", "schema migration finished"));
    RolloutResult result = lab.result(rollout);
    lab.recordHistory(rollout, "safe-schema-renewal-held.json");

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.productiveSchema()).isEqualTo("12.05");
    assertThat(lab.lab.serversOnLocalCopy()).isEmpty();
    assertThat(result.status().findings())
        .filteredOn(f -> "V3".equals(f.rule()))
        .extracting(f -> f.host())
        .containsExactly("ums-srv-1", "ums-srv-2", "ums-srv-3");
  }
}
