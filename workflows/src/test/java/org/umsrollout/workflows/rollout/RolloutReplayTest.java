package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.umsrollout.workflows.messages.RolloutRequest;
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
   * Every recording in {@code src/test/resources/histories/}: the first two from before any {@code
   * getVersion} change; {@code rollout-*} from before {@code safe-past-point-of-no-return}, through
   * the three older change ids and every operator path (holds answered by retry, skip and recheck,
   * pause and resume, aborts, refused approvers, a database failure, the S2 alert timer, V3, T1);
   * {@code safe-*} from today's code, through its holds, take-outs, S1 check, reconnect wait and
   * re-check after a long gate. A new recording joins by being put there.
   */
  static Stream<String> recordings() throws Exception {
    Path folder = Path.of(RolloutReplayTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void everyKindOfRecordingIsThere() throws Exception {
    assertThat(recordings().toList())
        .hasSizeGreaterThanOrEqualTo(35)
        .contains("rollout-completed.json", "rollout-completed-v1.json", "safe-completed.json");
  }

  @ParameterizedTest
  @MethodSource("recordings")
  void recordedHistoryReplaysOnCurrentCode(String name) throws Exception {
    Worker worker = env.newWorker(TaskQueues.ORCHESTRATOR);
    worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class);

    WorkflowExecutionHistory history = history(name);

    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, worker))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"rollout-completed.json", "rollout-completed-v1.json", "safe-completed.json"})
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
