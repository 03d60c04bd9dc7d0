package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowStub;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.workflows.messages.GateAnswer;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * Two operators answer at once while no orchestrator runs: both Updates wait at the service, and
 * when an orchestrator comes back only the first changes anything; the other is refused by its
 * validator (or, had both passed it, answered UNCHANGED), naming the decision taken.
 */
class ConcurrentAnswersTest {
  private static final String FIRST = Gate.FIRST_SERVER.id();

  private LabRollout lab;
  private WorkerFactory orchestrator;

  @AfterEach
  void tearDown() {
    if (orchestrator != null) {
      orchestrator.shutdownNow();
    }
    if (lab != null) {
      lab.close();
    }
  }

  /**
   * An orchestrator without a sticky queue: the in-memory service never times out a workflow task
   * left on a stopped worker's sticky queue.
   */
  private void startOrchestrator() {
    orchestrator = WorkerFactory.newInstance(lab.client);
    Worker worker =
        orchestrator.newWorker(
            TaskQueues.ORCHESTRATOR,
            WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
    worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class);
    worker.registerActivitiesImplementations(lab.database);
    orchestrator.start();
  }

  private void stopOrchestrator() {
    orchestrator.shutdownNow();
    orchestrator.awaitTermination(10, TimeUnit.SECONDS);
    orchestrator = null;
  }

  @Test
  @DisplayName(
      "S6: two approvals of one gate sent while no orchestrator runs: one approves, the other"
          + " decides nothing and names who did")
  void secondOfTwoConcurrentApprovalsChangesNothing_S6() throws Exception {
    lab = LabRollout.withoutOrchestrator();
    startOrchestrator();
    RolloutWorkflow rollout = lab.start(lab.request(Policy.approving(List.of(FIRST))));
    lab.awaitOpenGate(rollout, FIRST);
    stopOrchestrator();

    WorkflowStub stub = WorkflowStub.fromTyped(rollout);
    CompletableFuture<GateAnswer> first = approve(stub, "operator-a");
    CompletableFuture<GateAnswer> second = approve(stub, "operator-b");
    // Both Updates reach the service and wait there for a worker.
    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(first).isNotDone();
    startOrchestrator();
    List<String> answers = List.of(outcome(first), outcome(second));
    RolloutResult result = lab.result(rollout);

    assertThat(answers)
        .as("one approval is taken; the other is refused or changes nothing, naming the first")
        .anySatisfy(a -> assertThat(a).isEqualTo("APPROVED"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .matches("(UNCHANGED|refused): .*APPROVED by operator-[ab].*")
                    .doesNotStartWith("APPROVED"));
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().gates())
        .filteredOn(g -> g.gate().equals(FIRST))
        .singleElement()
        .satisfies(g -> assertThat(g.state()).isEqualTo(GateState.APPROVED));
    assertThat(result.status().timeline())
        .filteredOn(t -> t.message().startsWith("gate " + FIRST + " approved"))
        .hasSize(1);
  }

  /** APPROVED, UNCHANGED with its reason, or the validator's refusal. */
  private static String outcome(CompletableFuture<GateAnswer> answer) throws Exception {
    try {
      GateAnswer a = answer.get(60, TimeUnit.SECONDS);
      return a.state().equals("UNCHANGED") ? "UNCHANGED: " + a.message() : a.state();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      return "refused: " + cause.getMessage();
    }
  }

  private static CompletableFuture<GateAnswer> approve(WorkflowStub stub, String by) {
    return CompletableFuture.supplyAsync(
        () -> stub.update("approveGate", GateAnswer.class, new GateDecision(FIRST, by, null)));
  }
}
