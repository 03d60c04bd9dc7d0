package org.umsrollout.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;

/**
 * Upgrading the orchestrator mid-rollout on a real Temporal server: a rollout started on the code
 * before the S2 freeze alert finishes on today's code, which keeps the old path for it through
 * {@code Workflow.getVersion("freeze-alert")}.
 */
@Tag("real-process")
class OrchestratorUpgradeTest {
  private static final Policy ALERT_AFTER_TWO_SECONDS =
      new Policy(
          List.of(Gate.LOAD_BALANCERS.id()),
          600,
          Rig.HEARTBEAT_SECONDS,
          30,
          5,
          null,
          2,
          null,
          null);

  @TempDir Path dir;
  private Rig rig;

  @AfterEach
  void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  private RolloutStatus awaitStatus(RolloutWorkflow rollout, Predicate<RolloutStatus> condition) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(rollout::status, condition::test);
  }

  @Test
  @DisplayName("a rollout started on the old workflow code finishes on the changed code")
  void rolloutStartedOnOldCodeFinishesOnNewCode() throws Exception {
    rig = new Rig(dir, "dur-upgrade");
    rig.startTemporal();
    rig.startAgents("agents", rig.hosts());
    Rig.Managed old = rig.startOrchestrator(OldOrchestratorMain.class.getName());
    RolloutWorkflow rollout = rig.startRollout(ALERT_AFTER_TWO_SECONDS);
    awaitStatus(rollout, s -> s.host(rig.hosts().get(0)).state() == HostState.INSTALLING);
    rollout.pause(new OperatorRequest("ops", "orchestrator upgrade"));
    awaitStatus(rollout, s -> s.waitingFor() != null);

    old.kill();
    rig.startOrchestrator();
    rollout.resume(new OperatorRequest("ops", "upgraded"));
    awaitStatus(
        rollout,
        s -> s.openGates().stream().anyMatch(g -> g.gate().equals(Gate.LOAD_BALANCERS.id())));
    rollout.approveGate(new GateDecision(Gate.LOAD_BALANCERS.id(), "ops", null));
    RolloutResult result = rig.result(rollout, Duration.ofSeconds(120));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().freezeAlert()).as("no timer on the old path").isFalse();
    assertThat(versionMarkers()).doesNotContain("freeze-alert");
    assertThat(rig.history())
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    rig.assertLabDone();
    assertThat(rig.hosts()).allSatisfy(h -> assertThat(rig.lab.installsRun(h)).isEqualTo(1));

    for (String host : rig.hosts()) {
      rig.lab.version(host, "12.04.120");
    }
    RolloutWorkflow next = rig.startRollout(ALERT_AFTER_TWO_SECONDS);
    awaitStatus(next, s -> s.host(rig.hosts().get(0)).state() == HostState.INSTALLING);
    next.pause(new OperatorRequest("ops", null));
    RolloutStatus alerted = awaitStatus(next, RolloutStatus::freezeAlert);

    assertThat(alerted.findings()).anySatisfy(f -> assertThat(f.rule()).isEqualTo("S2"));
    assertThat(versionMarkers()).contains("freeze-alert");
  }

  /** The change ids of the version markers in the latest run's history. */
  private List<String> versionMarkers() {
    return rig.history().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .map(
            e ->
                e.getMarkerRecordedEventAttributes()
                    .getDetailsOrThrow("changeId")
                    .getPayloads(0)
                    .getData()
                    .toStringUtf8()
                    .replace("\"", ""))
        .toList();
  }
}
