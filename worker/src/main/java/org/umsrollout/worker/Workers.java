package org.umsrollout.worker;

import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.umsrollout.activities.host.HostActivitiesImpl;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.activities.lab.SimulatedUmsHost;
import org.umsrollout.workflows.ports.CentralActivities;
import org.umsrollout.workflows.rollout.RolloutWorkflowImpl;
import org.umsrollout.workflows.temporal.TaskQueues;

/** Puts the rollout's parts on a worker factory: the orchestrator and the host agents. */
public final class Workers {
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
   * Starts the factory and blocks until the process is asked to stop (SIGTERM, Ctrl-C); then shuts
   * the workers down and runs {@code andThen}.
   */
  public static void runUntilStopped(WorkerFactory factory, Runnable andThen)
      throws InterruptedException {
    factory.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  factory.shutdown();
                  andThen.run();
                  stopped.countDown();
                }));
    stopped.await();
  }

  /** One host agent for every host of the lab, each on its own queue, as on a real network. */
  public static void labAgents(WorkerFactory factory, Lab lab) {
    for (String host : lab.hostNames()) {
      hostAgent(factory, new SimulatedUmsHost(lab, host));
    }
  }
}
