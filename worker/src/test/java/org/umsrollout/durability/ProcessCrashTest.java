package org.umsrollout.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/**
 * The product's central promise, proven with real processes: the Temporal dev server, the
 * orchestrator worker and host agents are killed with SIGKILL at defined points and restarted; the
 * rollout completes, no installer runs twice, and the status while a part is down and after its
 * restart names the servers on a local database copy.
 */
@Tag("real-process")
class ProcessCrashTest {
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

  private <T> T awaitValue(Callable<T> value, java.util.function.Predicate<T> condition) {
    return await()
        .atMost(STEP)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(value, condition);
  }

  private void awaitLab(Callable<Boolean> condition) {
    await().atMost(STEP).pollInterval(Duration.ofMillis(50)).until(condition);
  }

  private RolloutStatus awaitStatus(
      RolloutWorkflow rollout, java.util.function.Predicate<RolloutStatus> condition) {
    return awaitValue(rollout::status, condition);
  }

  private Rig rig(String site) {
    rig = new Rig(dir, site);
    rig.startTemporal();
    return rig;
  }

  private long restartToNextActivity(long restartAt) {
    HistoryEvent next =
        awaitValue(() -> rig.firstActivityScheduledSince(restartAt).orElse(null), e -> e != null);
    return Rig.millis(next) - restartAt;
  }

  /** What came after the orchestrator's restart, and why it took as long as it did. */
  private String orchestratorDetail(long restartAt, long killedAt, Rig.Managed restarted) {
    return "next-activity="
        + activityAfter(restartAt)
        + " jvm-ready-ms="
        + (restarted.readyAtMillis - restartAt)
        + " workflow-task-timeouts-since-kill="
        + rig.workflowTaskTimeoutsSince(killedAt);
  }

  private String activityAfter(long restartAt) {
    return rig.firstActivityScheduledSince(restartAt).map(Rig::activityType).orElse("none");
  }

  @Test
  @DisplayName(
      "S1/S6: orchestrator killed while server 2 installs: resumes, each host installed once")
  void orchestratorKilledWhileServer2Installs() throws Exception {
    rig("dur-orch-install");
    Lab lab = rig.lab;
    lab.installDuration(Duration.ofMillis(800))
        .installDuration("ums-srv-2", Duration.ofSeconds(4))
        .installDuration("ums-srv-3", Duration.ofSeconds(4));
    rig.startAgents("agents", rig.hosts());
    Rig.Managed orchestrator = rig.startOrchestrator();
    RolloutWorkflow rollout = rig.startRollout(Rig.policy(List.of()));

    awaitLab(() -> lab.installing("ums-srv-2"));
    long killedAt = orchestrator.kill();

    assertThat(lab.serversOnLocalCopy())
        .as("lab while the orchestrator is down")
        .containsExactly("ums-srv-1");
    assertThat(
            rig.client()
                .newUntypedWorkflowStub(rig.workflowId())
                .describe()
                .getTypedSearchAttributes()
                .get(RolloutSearchAttributes.LOCAL_COPY))
        .as("what Temporal tells while no orchestrator answers queries")
        .containsExactly("ums-srv-1", "ums-srv-2");
    awaitLab(() -> Rig.TARGET.equals(lab.status("ums-srv-2").version()));
    assertThat(lab.serversOnLocalCopy()).containsExactly("ums-srv-1", "ums-srv-2");
    assertThat(lab.installsRun("ums-srv-3")).isZero();

    long restartAt = System.currentTimeMillis();
    Rig.Managed restarted = rig.startOrchestrator();
    RolloutStatus afterRestart =
        awaitStatus(
            rollout, s -> s.serversOnLocalCopy().containsAll(List.of("ums-srv-1", "ums-srv-2")));
    assertThat(afterRestart.serversOnLocalCopy()).doesNotContain("ums-srv-3");
    long toNext = restartToNextActivity(restartAt);

    RolloutResult result = rig.result(rollout, ROLLOUT);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    rig.assertLabDone();
    Rig.report(
        "orchestrator-while-server-2-installs",
        toNext,
        orchestratorDetail(restartAt, killedAt, restarted));
  }

  @Test
  @DisplayName(
      "an approval sent while the orchestrator is down is not lost; a second rollout is refused")
  void approvalDuringOrchestratorOutageIsNotLost() throws Exception {
    rig("dur-orch-gate");
    Lab lab = rig.lab;
    rig.startAgents("agents", rig.hosts());
    Rig.Managed orchestrator = rig.startOrchestrator();
    RolloutWorkflow rollout = rig.startRollout(Rig.policy(List.of(Gate.FIRST_SERVER.id())));
    awaitStatus(
        rollout,
        s -> s.openGates().stream().anyMatch(g -> g.gate().equals(Gate.FIRST_SERVER.id())));

    RolloutWorkflow second = rig.newRollout();
    assertThatThrownBy(() -> WorkflowClient.start(second::run, rig.request(Rig.policy(List.of()))))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);

    long killedAt = orchestrator.kill();
    rollout.approve(
        new GateDecision(Gate.FIRST_SERVER.id(), "operator-1", "approved in the outage"));
    assertThat(rig.history())
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assertThat(lab.hostNames()).allSatisfy(h -> assertThat(lab.installsRun(h)).isZero());

    long restartAt = System.currentTimeMillis();
    Rig.Managed restarted = rig.startOrchestrator();
    long toNext = restartToNextActivity(restartAt);

    RolloutResult result = rig.result(rollout, ROLLOUT);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    GateView gate =
        result.status().gates().stream()
            .filter(g -> g.gate().equals(Gate.FIRST_SERVER.id()))
            .findFirst()
            .orElseThrow();
    assertThat(gate.state()).isEqualTo(GateState.APPROVED);
    assertThat(gate.decidedBy()).isEqualTo("operator-1");
    rig.assertLabDone();
    Rig.report("orchestrator-at-gate", toNext, orchestratorDetail(restartAt, killedAt, restarted));
  }

  @Test
  @DisplayName(
      "a host agent killed mid-install is noticed within the heartbeat timeout; installed once")
  void hostAgentKilledMidInstall() throws Exception {
    rig("dur-agent");
    Lab lab = rig.lab;
    lab.installDuration(Duration.ofMillis(500)).installDuration("ums-srv-2", Duration.ofSeconds(9));
    rig.startAgents("agents", rig.hosts().stream().filter(h -> !h.equals("ums-srv-2")).toList());
    Rig.Managed agent = rig.startAgents("agent-srv-2", List.of("ums-srv-2"));
    rig.startOrchestrator();
    RolloutWorkflow rollout = rig.startRollout(Rig.policy(List.of()));

    awaitLab(() -> lab.installing("ums-srv-2"));
    long killedAt = agent.kill();
    assertThat(lab.installing("ums-srv-2")).as("the installer runs on without its agent").isTrue();
    long restartAt = System.currentTimeMillis();
    rig.startAgents("agent-srv-2", List.of("ums-srv-2"));
    String attached = "ums-srv-2: installer of " + Rig.TARGET + " already running, waiting for it";
    Lab.LabEvent retry =
        awaitValue(
            () ->
                lab.eventLog().stream()
                    .filter(e -> e.line().equals(attached))
                    .findFirst()
                    .orElse(null),
            e -> e != null);

    RolloutResult result = rig.result(rollout, ROLLOUT);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    long noticedMs = retry.atMillis() - killedAt;
    assertThat(noticedMs)
        .as("retried within heartbeat timeout + first retry interval + slack")
        .isLessThan((Rig.HEARTBEAT_SECONDS + 1 + 3) * 1000L);
    assertThat(lab.installsRun("ums-srv-2")).isEqualTo(1);
    assertThat(rig.history())
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .anyMatch(e -> e.getActivityTaskStartedEventAttributes().getAttempt() == 2);
    rig.assertLabDone();
    Rig.report(
        "host-agent-mid-install", retry.atMillis() - restartAt, "kill-to-retry-ms=" + noticedMs);
  }

  @Test
  @DisplayName(
      "S5/V3: orchestrator killed while the last server renews the schema; finalize resumes")
  void orchestratorKilledDuringSchemaRenewal() throws Exception {
    rig("dur-orch-schema");
    Lab lab = rig.lab;
    lab.installDuration(Duration.ofMillis(500))
        .installDuration("ums-srv-3", Duration.ofSeconds(3))
        .doesNotReconnect("ums-srv-1");
    rig.startAgents("agents", rig.hosts());
    Rig.Managed orchestrator = rig.startOrchestrator();
    RolloutWorkflow rollout = rig.startRollout(Rig.policy(List.of()));

    awaitLab(() -> lab.installing("ums-srv-3"));
    long killedAt = orchestrator.kill();
    awaitLab(() -> "12.05".equals(lab.productiveSchema()));
    assertThat(lab.serversOnLocalCopy())
        .as("lab while the orchestrator is down: the server that did not reconnect")
        .containsExactly("ums-srv-1");

    long restartAt = System.currentTimeMillis();
    Rig.Managed restarted = rig.startOrchestrator();
    long toNext = restartToNextActivity(restartAt);

    RolloutResult result = rig.result(rollout, ROLLOUT);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().findings())
        .anyMatch(f -> "V3".equals(f.rule()) && "ums-srv-1".equals(f.host()));
    assertThat(lab.events()).contains("ums-srv-1: update mode ended, on the productive database");
    rig.assertLabDone();
    Rig.report(
        "orchestrator-during-schema-renewal",
        toNext,
        orchestratorDetail(restartAt, killedAt, restarted));
  }

  @Test
  @DisplayName(
      "the Temporal server killed mid-rollout and restarted on its database: the rollout completes")
  void temporalServerKilledMidRollout() throws Exception {
    rig("dur-temporal");
    Lab lab = rig.lab;
    lab.installDuration(Duration.ofMillis(500)).installDuration("ums-srv-2", Duration.ofSeconds(3));
    rig.startAgents("agents", rig.hosts());
    rig.startOrchestrator();
    RolloutWorkflow rollout = rig.startRollout(Rig.policy(List.of()));

    awaitLab(() -> lab.installing("ums-srv-2"));
    long killedAt = rig.temporal().kill();
    awaitLab(() -> Rig.TARGET.equals(lab.status("ums-srv-2").version()));
    assertThat(lab.serversOnLocalCopy()).containsExactly("ums-srv-1", "ums-srv-2");

    long restartAt = System.currentTimeMillis();
    rig.startTemporal();
    long toNext = restartToNextActivity(restartAt);

    RolloutResult result = rig.result(rollout, ROLLOUT);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    rig.assertLabDone();
    Rig.report(
        "temporal-server-mid-install",
        toNext,
        "next-activity="
            + activityAfter(restartAt)
            + " workflow-task-timeouts-since-kill="
            + rig.workflowTaskTimeoutsSince(killedAt));
  }
}
