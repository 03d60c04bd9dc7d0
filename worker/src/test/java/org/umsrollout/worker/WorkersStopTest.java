package org.umsrollout.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stop (SIGTERM, or the Windows service's stop method) lets an activity that is running finish
 * before the process ends, so that a backup or a status read in flight is not cut short.
 */
class WorkersStopTest {
  private static final String QUEUE = "stop-test";
  private static final CountDownLatch started = new CountDownLatch(1);
  private static final CountDownLatch release = new CountDownLatch(1);
  private static final AtomicBoolean finished = new AtomicBoolean();

  @ActivityInterface
  public interface Slow {
    String work();
  }

  public static final class SlowImpl implements Slow {
    @Override
    public String work() {
      started.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      finished.set(true);
      return "done";
    }
  }

  @WorkflowInterface
  public interface Once {
    @WorkflowMethod
    String run();
  }

  public static final class OnceImpl implements Once {
    @Override
    public String run() {
      return Workflow.newActivityStub(
              Slow.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build())
          .work();
    }
  }

  @AfterEach
  void forgetStop() {
    Workers.clearStopRequest();
  }

  @Test
  void aStopWaitsForTheRunningActivityThenCleansUp() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      var worker = env.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(OnceImpl.class);
      worker.registerActivitiesImplementations(new SlowImpl());
      AtomicBoolean finishedBeforeCleanup = new AtomicBoolean();
      CompletableFuture<Void> run =
          CompletableFuture.runAsync(
              () -> {
                try {
                  Workers.runUntilStopped(
                      env.getWorkerFactory(), () -> finishedBeforeCleanup.set(finished.get()));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      Once once =
          env.getWorkflowClient()
              .newWorkflowStub(
                  Once.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
      WorkflowClient.start(once::run);
      assertThat(started.await(30, TimeUnit.SECONDS)).as("activity started").isTrue();

      Workers.requestStop();

      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !run.isDone());
      release.countDown();
      run.get(30, TimeUnit.SECONDS);
      assertThat(finished).isTrue();
      assertThat(finishedBeforeCleanup).as("the activity ended before the cleanup ran").isTrue();
    }
  }
}
