package org.umsrollout.worker;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.worker.WorkerFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator's health as the probes of a container platform ask for it. Live: the worker
 * factory has not been shut down; this never asks Temporal, since an outage of Temporal would
 * otherwise restart every replica at once. Ready: the factory has started and Temporal answered a
 * {@code GetSystemInfo} call recently; a background thread asks every few seconds, so that a probe
 * reads a cached answer and never waits on the network.
 */
public final class Health implements AutoCloseable {
  static final Duration CHECK_EVERY = Duration.ofSeconds(5);
  static final Duration CALL_DEADLINE = Duration.ofSeconds(3);
  static final Duration STALE_AFTER = Duration.ofSeconds(20);

  private final WorkerFactory factory;
  private final Duration deadline;
  private final Duration staleAfter;
  private final Clock clock;
  private final ScheduledExecutorService checker;
  private volatile Instant lastAnswer;
  private volatile String lastError = "not asked yet";

  Health(
      WorkerFactory factory, Duration every, Duration deadline, Duration staleAfter, Clock clock) {
    this.factory = factory;
    this.deadline = deadline;
    this.staleAfter = staleAfter;
    this.clock = clock;
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ums-health-check");
              t.setDaemon(true);
              return t;
            });
    checker.scheduleWithFixedDelay(this::askTemporal, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Watches {@code factory} and its connection with the default intervals. */
  public static Health watch(WorkerFactory factory) {
    return new Health(factory, CHECK_EVERY, CALL_DEADLINE, STALE_AFTER, Clock.systemUTC());
  }

  /** What {@code /healthz} answers: the process runs and its workers have not been shut down. */
  public Status liveness() {
    if (factory.isShutdown() || factory.isTerminated()) {
      return new Status(false, "the worker factory has shut down");
    }
    return new Status(true, factory.isStarted() ? "alive" : "alive, workers starting");
  }

  /** What {@code /readyz} answers: the workers poll and Temporal answered recently. */
  public Status readiness() {
    if (!factory.isStarted() || factory.isShutdown()) {
      return new Status(false, "the workers are not polling");
    }
    Instant answered = lastAnswer;
    if (answered == null || answered.plus(staleAfter).isBefore(clock.instant())) {
      return new Status(
          false,
          "Temporal has not answered since "
              + (answered == null ? "the start" : answered)
              + ": "
              + lastError);
    }
    return new Status(true, "ready, Temporal answered at " + answered);
  }

  private void askTemporal() {
    try {
      factory
          .getWorkflowClient()
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      lastAnswer = clock.instant();
    } catch (RuntimeException e) {
      // Kept for the probe's answer; the next check tries again.
      lastError = e.getMessage();
    }
  }

  @Override
  public void close() {
    checker.shutdownNow();
  }

  /** One probe's answer: 200 when {@code ok}, else 503, with a sentence for a person. */
  public record Status(boolean ok, String message) {}
}
