package org.umsrollout.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which failures of a call to the rollout say that no orchestrator answered. */
class BoundedTest {
  private static final WorkflowExecution ROLLOUT =
      WorkflowExecution.newBuilder().setWorkflowId("rollout/site-a").build();

  @Test
  void theBoundRunningOutAndAServiceThatSeesNoPollerMeanNoAnswer() {
    assertThat(Bounded.unanswered(failure(Status.DEADLINE_EXCEEDED))).isTrue();
    assertThat(
            Bounded.unanswered(
                new WorkflowUpdateTimeoutOrCancelledException(
                    ROLLOUT, "id", "approveGate", Status.DEADLINE_EXCEEDED.asRuntimeException())))
        .isTrue();
    // What a real Temporal service answers a query at once when no worker polled for a while.
    assertThat(
            Bounded.unanswered(
                failure(
                    Status.FAILED_PRECONDITION.withDescription(
                        "no poller seen for task queue recently, worker may be down"))))
        .isTrue();
  }

  @Test
  void aServiceOutOfReachOrAnyOtherFailureIsNotTakenForNoAnswer() {
    assertThat(Bounded.unanswered(failure(Status.UNAVAILABLE))).isFalse();
    assertThat(Bounded.unanswered(failure(Status.INVALID_ARGUMENT))).isFalse();
    assertThat(Bounded.unanswered(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void boundsAreNamedAsTyped() {
    assertThat(Bounded.describe(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(Bounded.describe(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Bounded.describe(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Bounded.describe(Duration.ZERO)).isEqualTo("0s");
  }

  private static WorkflowServiceException failure(Status status) {
    return new WorkflowServiceException(ROLLOUT, "UmsRollout", status.asRuntimeException());
  }
}
