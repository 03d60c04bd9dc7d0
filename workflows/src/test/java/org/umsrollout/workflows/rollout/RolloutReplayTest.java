package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.umsrollout.workflows.command.RolloutRequest;
import org.umsrollout.workflows.ports.CentralActivities;
import org.umsrollout.workflows.ports.DatabaseQuery;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * Histories recorded from real rollouts (through the lab) replay on today's workflow code; a change
 * to the workflow's commands without {@code Workflow.getVersion} is caught here.
 */
class RolloutReplayTest {
  private TestWorkflowEnvironment env;

  @BeforeEach
  void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(DataConverters.rollout())
                        .build())
                .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /**
   * The first two were recorded before any {@code getVersion} change; the others (recorded before
   * the workflow was split into its steps' classes) pass through all three change ids and through
   * every operator path: holds answered by retry, skip and recheck, pause and resume, aborts,
   * refused approvers, a database failure, the S2 alert timer and V3.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "rollout-completed.json",
        "rollout-aborted-past-point-of-no-return.json",
        "rollout-completed-v1.json",
        "rollout-aborted-past-point-of-no-return-v1.json",
        "rollout-approvers-refused.json",
        "rollout-failed-database.json",
        "rollout-freeze-alert-paused.json",
        "rollout-held-at-clocks-rechecked.json",
        "rollout-held-at-host-retried.json",
        "rollout-host-skipped.json",
        "rollout-load-balancer-skipped.json",
        "rollout-paused-resumed.json",
        "rollout-server-switched-back.json",
        "rollout-tested-first.json",
        "rollout-untested-version-approved.json"
      })
  void recordedHistoryReplaysOnCurrentCode(String name) throws Exception {
    Worker worker = env.newWorker(TaskQueues.ORCHESTRATOR);
    worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class);

    WorkflowExecutionHistory history = history(name);

    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, worker))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rollout-completed.json", "rollout-completed-v1.json"})
  void changedCommandsWithoutVersioningFailReplay(String name) throws Exception {
    Worker worker = env.newWorker(TaskQueues.ORCHESTRATOR);
    worker.registerWorkflowImplementationTypes(ReadsSchemaFirst.class);

    WorkflowExecutionHistory history = history(name);

    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, worker))
        .hasMessageContaining(NonDeterministicException.class.getName())
        .hasMessageContaining("does not match");
  }

  private static WorkflowExecutionHistory history(String name) throws IOException {
    try (InputStream in = RolloutReplayTest.class.getResourceAsStream("/histories/" + name)) {
      if (in == null) {
        throw new IOException("no recorded history " + name);
      }
      return WorkflowExecutionHistory.fromJson(
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The rollout with one more activity up front, as a careless change would add it. */
  public static class ReadsSchemaFirst extends RolloutWorkflowImpl {
    private final RolloutRequest request;

    @WorkflowInit
    public ReadsSchemaFirst(RolloutRequest request) {
      super(request);
      this.request = request;
    }

    @Override
    public RolloutResult run(RolloutRequest ignored) {
      Workflow.newActivityStub(
              CentralActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build())
          .readSchema(
              new DatabaseQuery(request.inventory().site(), request.inventory().database()));
      return super.run(ignored);
    }
  }
}
