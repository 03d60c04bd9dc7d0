package org.umsrollout.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;

/**
 * Two orchestrator replicas on the same task queue of the Temporal dev server, as a platform team
 * runs them: the one running the rollout is killed with SIGKILL mid-install, and the other carries
 * it on with no restart of anything, every host installed once.
 */
@Tag("real-process")
class OrchestratorReplicasTest {
  private static final Duration ROLLOUT = Duration.ofSeconds(120);
  private static final Duration STEP = Duration.ofSeconds(60);

  @TempDir Path dir;
  private Rig rig;

  @AfterEach
  void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  @DisplayName(
      "S1/S6: the orchestrator replica running the rollout is killed mid-install; the other"
          + " replica carries it on, nothing repeated")
  void otherReplicaCarriesTheRolloutOn() throws Exception {
    rig = new Rig(dir, "dur-replicas");
    rig.startTemporal();
    Lab lab = rig.lab;
    lab.installDuration(Duration.ofMillis(800)).installDuration("ums-srv-2", Duration.ofSeconds(4));
    rig.startAgents("agents", rig.hosts());
    Rig.Managed first = rig.startOrchestrator();
    Rig.Managed second = rig.startOrchestrator();
    Map<Long, Rig.Managed> byPid = Map.of(first.process.pid(), first, second.process.pid(), second);
    RolloutWorkflow rollout = rig.startRollout(Rig.policy(List.of()));

    await()
        .atMost(STEP)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> lab.installing("ums-srv-2"));
    long runningPid = pidOf(lastWorkflowTaskIdentity());
    Rig.Managed running = byPid.get(runningPid);
    Rig.Managed other = running == first ? second : first;
    assertThat(running).as("the replica that ran the last workflow task").isNotNull();
    long killedAt = running.kill();

    RolloutResult result = rig.result(rollout, ROLLOUT);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    rig.assertLabDone();
    assertThat(other.process.isAlive()).as("the other replica was never restarted").isTrue();
    List<String> after =
        rig.history().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
            .filter(e -> Rig.millis(e) > killedAt)
            .map(e -> e.getWorkflowTaskCompletedEventAttributes().getIdentity())
            .distinct()
            .toList();
    assertThat(after)
        .as("workflow tasks after the kill")
        .isNotEmpty()
        .allSatisfy(identity -> assertThat(pidOf(identity)).isEqualTo(other.process.pid()));
    List<HistoryEvent> history = rig.history();
    long installDone =
        history.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
            .filter(e -> Rig.millis(e) > killedAt)
            .mapToLong(Rig::millis)
            .findFirst()
            .orElseThrow();
    long takenOver =
        history.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
            .filter(e -> Rig.millis(e) >= installDone)
            .mapToLong(Rig::millis)
            .findFirst()
            .orElseThrow();
    Rig.report(
        "orchestrator-replica-while-server-2-installs",
        takenOver - installDone,
        "(from the install's end to the other replica's first workflow task)"
            + " workflow-task-timeouts-since-kill="
            + rig.workflowTaskTimeoutsSince(killedAt));
  }

  private String lastWorkflowTaskIdentity() {
    List<HistoryEvent> started =
        rig.history().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
            .toList();
    return started.get(started.size() - 1).getWorkflowTaskStartedEventAttributes().getIdentity();
  }

  /** A worker's identity is pid@host unless set otherwise. */
  private static long pidOf(String identity) {
    return Long.parseLong(identity.substring(0, identity.indexOf('@')));
  }
}
