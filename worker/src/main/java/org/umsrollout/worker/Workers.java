package org.umsrollout.worker;

import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.umsrollout.activities.host.HostActivitiesImpl;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.activities.lab.SimulatedUmsHost;
import org.umsrollout.workflows.ports.CentralActivities;
import org.umsrollout.workflows.rollout.RolloutWorkflowImpl;
import org.umsrollout.workflows.temporal.TaskQueues;

/** Puts the rollout's parts on a worker factory: the orchestrator and the host agents. */
public final class Workers {
  /** How long a stop waits for running activities: within Kubernetes' default grace of 30 s. */
  private static final Duration DRAIN = Duration.ofSeconds(20);

  private static final Duration SHUTDOWN_WAIT = DRAIN.plusSeconds(5);
  private static final Set<CountDownLatch> RUNNING = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean STOP_REQUESTED = new AtomicBoolean();

  private Workers() {}

  /** The orchestrator: rollout workflows and the central activities, on its own queue. */
  public static Worker orchestrator(WorkerFactory factory, CentralActivities central) {
    return orchestrator(factory, central, System::getenv);
  }

  /**
   * The orchestrator, with the environment its webhook notifications read their secret from ({@code
   * UMS_WEBHOOK_SECRET}).
   */
  public static Worker orchestrator(
      WorkerFactory factory,
      CentralActivities central,
      java.util.function.Function<String, String> environment) {
    Worker worker =
        factory.newWorker(
            TaskQueues.ORCHESTRATOR,
            WorkerOptions.newBuilder()
                // After a crash the next workflow task waits this long on the dead worker's
                // sticky queue before any worker may take it; Temporal's default is 5 s.
                .setStickyQueueScheduleToStartTimeout(Duration.ofSeconds(1))
                .build());
    worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        central, new org.umsrollout.activities.notify.WebhookActivitiesImpl(environment));
    return worker;
  }

  /** A host agent: the host activities of one host, on that host's queue. */
  public static Worker hostAgent(WorkerFactory factory, UmsHost host) {
    Worker worker = factory.newWorker(TaskQueues.host(host.name()));
    worker.registerActivitiesImplementations(new HostActivitiesImpl(host));
    return worker;
  }

  /**
   * Starts the factory and blocks until the process is asked to stop (SIGTERM, Ctrl-C, or {@link
   * #requestStop}, the Windows service's stop); then shuts the workers down, lets running
   * activities finish for up to 20 s, and runs {@code andThen}. Stopping never touches processes
   * the workers started: an installer runs on.
   */
  public static void runUntilStopped(WorkerFactory factory, Runnable andThen)
      throws InterruptedException {
    factory.start();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                done.await(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    RUNNING.add(stop);
    if (STOP_REQUESTED.get()) {
      stop.countDown();
    }
    try {
      stop.await();
    } finally {
      RUNNING.remove(stop);
      try {
        factory.shutdown();
        // Running activities may finish (a backup, a status read); one that outlasts the drain
        // times out at Temporal and is retried elsewhere. An installer runs on regardless.
        factory.awaitTermination(DRAIN.toSeconds(), TimeUnit.SECONDS);
        andThen.run();
      } finally {
        done.countDown();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already stopping: the hook above is what let this return.
    }
  }

  /**
   * Asks every {@link #runUntilStopped} of this JVM to stop as SIGTERM does, also one that has not
   * reached its wait yet: for a service host that calls a stop method instead of signalling.
   */
  public static void requestStop() {
    STOP_REQUESTED.set(true);
    RUNNING.forEach(CountDownLatch::countDown);
  }

  /** How many {@link #runUntilStopped} of this JVM are waiting to be stopped. */
  static int waiting() {
    return RUNNING.size();
  }

  /** Forgets an earlier {@link #requestStop}, for a new start in the same JVM. */
  static void clearStopRequest() {
    STOP_REQUESTED.set(false);
  }

  /** One host agent for every host of the lab, each on its own queue, as on a real network. */
  public static void labAgents(WorkerFactory factory, Lab lab) {
    for (String host : lab.hostNames()) {
      hostAgent(factory, new SimulatedUmsHost(lab, host));
    }
  }
}
