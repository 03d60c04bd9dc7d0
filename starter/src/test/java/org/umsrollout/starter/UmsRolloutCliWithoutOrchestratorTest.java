package org.umsrollout.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.umsrollout.client.rollouts.RolloutView;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.RolloutIds;

/**
 * No operator command hangs while no orchestrator worker runs: an answer that no orchestrator
 * accepts in time goes as a signal, which Temporal keeps until the rollout runs again.
 */
class UmsRolloutCliWithoutOrchestratorTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Well under the minute an Update used to hang; the default --wait is 10 s. */
  private static final Duration BOUND = Duration.ofSeconds(20);

  private static final String SITE = "site-a";

  private TestRolloutService service;

  @BeforeEach
  void startService() {
    service = TestRolloutService.restartableOrchestrator("site-a.yaml");
  }

  @AfterEach
  void stopService() {
    service.close();
  }

  @Test
  void approveWithoutOrchestratorSendsTheSignalWithinTheBoundAndTheGateOpensWhenOneRuns()
      throws Exception {
    assertThat(start().exitCode()).isEqualTo(ExitCodes.OK);
    awaitGate("first-server", GateState.OPEN);
    service.stopOrchestrator();

    long started = System.nanoTime();
    CliRun approve =
        within(
            BOUND,
            "approve",
            "--site",
            SITE,
            "--gate",
            "first-server",
            "--by",
            "alice",
            "--comment",
            "window 7");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf(
        "approve without an orchestrator returned after %d ms (default --wait %s)%n",
        took.toMillis(), WaitOption.DEFAULT);

    assertThat(approve.exitCode()).as(approve.err()).isEqualTo(ExitCodes.NO_ORCHESTRATOR);
    assertThat(took).isLessThan(BOUND);
    assertThat(approve.out())
        .contains("The orchestrator did not answer within 10s")
        .contains("The approval of gate first-server was sent to rollout/site-a as a signal")
        .contains("the rollout checks it when it runs again")
        .contains("umsrollout status --site site-a")
        .contains("\"ignored ...\"");
    assertThat(signalsInHistory()).contains("approve");

    service.startOrchestrator();
    awaitGate("first-server", GateState.APPROVED);
    assertThat(gate(query(), "first-server").decidedBy()).isEqualTo("alice");
    awaitGate("load-balancers", GateState.OPEN);
  }

  @Test
  void statusAndWatchWithoutOrchestratorShowWhatVisibilityRecordsAndExitFour() throws Exception {
    assertThat(start().exitCode()).isEqualTo(ExitCodes.OK);
    awaitGate("first-server", GateState.OPEN);
    service.stopOrchestrator();

    CliRun status = within(BOUND, "status", "--site", SITE);
    CliRun json = within(BOUND, "status", "--site", SITE, "--json");
    CliRun watch = within(BOUND, "watch", "--site", SITE);

    assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCodes.NO_ORCHESTRATOR);
    assertThat(status.err()).isEmpty();
    assertThat(status.out())
        .startsWith("No orchestrator answered the status query of rollout/site-a within 5s")
        .contains("showing what Temporal's visibility records")
        .doesNotContain("cannot reach Temporal")
        .containsPattern("Workflow:\\s+RUNNING")
        .containsPattern("Phase:\\s+PREPARING")
        .containsPattern("Target version:\\s+12.05.100")
        .containsPattern("On local DB copy:\\s+none recorded");
    assertThat(json.exitCode()).isEqualTo(ExitCodes.NO_ORCHESTRATOR);
    RolloutView view = DataConverters.objectMapper().readValue(json.out(), RolloutView.class);
    assertThat(view.source()).isEqualTo(RolloutView.FROM_VISIBILITY);
    assertThat(view.phase()).isEqualTo("PREPARING");
    assertThat(view.status()).isNull();
    assertThat(watch.exitCode()).as(watch.err()).isEqualTo(ExitCodes.NO_ORCHESTRATOR);
    assertThat(watch.out())
        .contains("No orchestrator answered the status query of rollout/site-a")
        .containsPattern("Phase:\\s+PREPARING");
  }

  @Test
  void retryHostWithoutOrchestratorGoesAsAnswerHoldAndIsTakenWhenOneRuns() throws Exception {
    holdAtTheSecondServer();
    service.stopOrchestrator();
    service.lab().rootWritable("ums-srv-2", true);

    CliRun retry =
        within(BOUND, "retry-host", "--site", SITE, "--host", "ums-srv-2", "--wait", "1s");

    assertThat(retry.exitCode()).as(retry.err()).isEqualTo(ExitCodes.NO_ORCHESTRATOR);
    assertThat(retry.out())
        .contains("did not answer within 1s")
        .contains("The answer retry-host ums-srv-2 was sent to rollout/site-a as a signal");
    assertThat(signalsInHistory()).contains("answerHold");

    service.startOrchestrator();
    awaitGate("load-balancers", GateState.OPEN);
    assertThat(service.lab().installsRun("ums-srv-2")).isEqualTo(1);
  }

  @Test
  void skipHostWithoutOrchestratorIsCheckedWhenOneRunsAndOnlyAConfirmedSkipIsTaken()
      throws Exception {
    holdAtTheSecondServer();
    service.stopOrchestrator();

    CliRun unconfirmed =
        within(
            BOUND,
            "skip-host",
            "--site",
            SITE,
            "--host",
            "ums-srv-2",
            "--by",
            "bob",
            "--wait",
            "1s");
    CliRun confirmed =
        within(
            BOUND,
            "skip-host",
            "--site",
            SITE,
            "--host",
            "ums-srv-2",
            "--by",
            "carol",
            "--confirm",
            "--wait",
            "1s");

    assertThat(unconfirmed.exitCode()).as(unconfirmed.err()).isEqualTo(ExitCodes.NO_ORCHESTRATOR);
    assertThat(confirmed.exitCode()).as(confirmed.err()).isEqualTo(ExitCodes.NO_ORCHESTRATOR);
    assertThat(confirmed.out()).contains("The answer skip-host ums-srv-2 was sent");
    assertThat(signalsInHistory()).containsSubsequence("answerHold", "answerHold");

    service.startOrchestrator();
    await().atMost(PATIENCE).ignoreExceptions().until(() -> !"ums-srv-2".equals(query().heldAt()));
    List<String> timeline = query().timeline().stream().map(e -> e.message()).toList();
    assertThat(timeline)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("ignored skip signal from bob")
                    .contains("past the point of no return"))
        .anySatisfy(m -> assertThat(m).contains("ums-srv-2 by carol"));
    assertThat(service.lab().installsRun("ums-srv-2")).isZero();
  }

  @Test
  void abortWithoutOrchestratorIsSentAndOnlyTheConfirmedOneIsTakenPastThePointOfNoReturn()
      throws Exception {
    assertThat(start().exitCode()).isEqualTo(ExitCodes.OK);
    awaitGate("first-server", GateState.OPEN);
    service.run("approve", "--site", SITE, "--gate", "first-server");
    awaitGate("load-balancers", GateState.OPEN);
    service.stopOrchestrator();

    CliRun unconfirmed =
        within(BOUND, "abort", "--site", SITE, "--by", "dan", "--reason", "lb", "--wait", "1s");
    CliRun confirmed =
        within(
            BOUND,
            "abort",
            "--site",
            SITE,
            "--by",
            "fay",
            "--reason",
            "lb broken",
            "--confirm",
            "--wait",
            "1s");

    assertThat(unconfirmed.exitCode()).as(unconfirmed.err()).isEqualTo(ExitCodes.NO_ORCHESTRATOR);
    assertThat(unconfirmed.out())
        .contains("did not answer within 1s")
        .contains("state of the rollout of site site-a is unknown")
        .contains("without confirmation")
        .contains("--confirm is required");
    assertThat(confirmed.exitCode()).as(confirmed.err()).isEqualTo(ExitCodes.NO_ORCHESTRATOR);
    assertThat(confirmed.out())
        .contains("state of the rollout of site site-a is unknown")
        .contains("The confirmed abort was sent to rollout/site-a as a signal");
    assertThat(signalsInHistory()).containsSubsequence("abort", "abort");

    service.startOrchestrator();
    await().atMost(PATIENCE).ignoreExceptions().until(() -> query().phase() == Phase.ABORTED);
    assertThat(query().timeline())
        .anySatisfy(e -> assertThat(e.message()).contains("abort by dan not taken"))
        .anySatisfy(e -> assertThat(e.message()).contains("aborted by fay: lb broken"));
  }

  /** Runs the CLI, failing the test when it does not return within {@code bound}. */
  private CliRun within(Duration bound, String... args) throws Exception {
    return CompletableFuture.supplyAsync(() -> service.run(args))
        .get(bound.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The rollout holds at ums-srv-2, past the point of no return: its install failed. */
  private void holdAtTheSecondServer() {
    assertThat(start().exitCode()).isEqualTo(ExitCodes.OK);
    awaitGate("first-server", GateState.OPEN);
    // Rights lost after prepare checked them (P6) make the install itself fail.
    service.lab().rootWritable("ums-srv-2", false);
    service.run("approve", "--site", SITE, "--gate", "first-server");
    await().atMost(PATIENCE).ignoreExceptions().until(() -> "ums-srv-2".equals(query().heldAt()));
  }

  private List<String> signalsInHistory() {
    return service.client().fetchHistory(RolloutIds.workflowId(SITE)).getEvents().stream()
        .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
        .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
        .toList();
  }

  private CliRun start() {
    return service.run("start", "--inventory", service.inventory().toString());
  }

  private RolloutStatus query() {
    return service
        .client()
        .newWorkflowStub(RolloutWorkflow.class, RolloutIds.workflowId(SITE))
        .status();
  }

  private void awaitGate(String gate, GateState state) {
    await().atMost(PATIENCE).ignoreExceptions().until(() -> gate(query(), gate).state() == state);
  }

  private static GateView gate(RolloutStatus status, String id) {
    return status.gates().stream().filter(g -> g.gate().equals(id)).findFirst().orElseThrow();
  }
}
