package org.umsrollout.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import org.umsrollout.bench.BareChainWorkflow.Chain;
import org.umsrollout.worker.Workers;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.temporal.RolloutIds;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * The workers of one measurement on one Temporal service: the orchestrator as production wires it
 * ({@link Workers#orchestrator}), with the bare chain registered beside the rollout on the same
 * queue, and host agents for the lab's sites.
 */
final class Workbench implements AutoCloseable {
  final Backend backend;
  final WorkflowClient client;
  final WorkerFactory factory;
  final Worker orchestrator;
  private final boolean closeBackend;
  private int bareRuns;

  Workbench(Backend backend) {
    this(backend, true);
  }

  /** With {@code closeBackend} false, the service goes on after {@link #close}. */
  Workbench(Backend backend, boolean closeBackend) {
    this.backend = backend;
    this.closeBackend = closeBackend;
    this.client = backend.client();
    this.factory = WorkerFactory.newInstance(client);
    Path backups;
    try {
      backups = Files.createTempDirectory("ums-bench-backups");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    orchestrator = Workers.orchestrator(factory, new CentralActivitiesImpl(backups));
    orchestrator.registerWorkflowImplementationTypes(BareChainWorkflowImpl.class);
  }

  /** The site's host agents as production wires them ({@link Workers#labAgents}). */
  Workbench agents(Site site) {
    Workers.labAgents(factory, site.lab);
    return this;
  }

  /**
   * One worker per host name for many sites whose hosts have the same names, each call routed to
   * its site's lab ({@link SiteRouter}).
   */
  Workbench sharedAgents(java.util.Map<String, Site> sites, java.util.List<String> hosts) {
    SiteRouter router = new SiteRouter(sites);
    for (String host : hosts) {
      factory.newWorker(TaskQueues.host(host)).registerActivitiesImplementations(router);
    }
    return this;
  }

  Workbench start() {
    factory.start();
    return this;
  }

  WorkflowExecutionHistory history(RolloutWorkflow rollout) {
    WorkflowStub stub = WorkflowStub.fromTyped(rollout);
    return client.fetchHistory(stub.getExecution().getWorkflowId(), stub.getExecution().getRunId());
  }

  WorkflowExecutionHistory history(Site site) {
    return client.fetchHistory(RolloutIds.workflowId(site.name()));
  }

  /** Starts the bare chain of a site on the orchestrator's queue. */
  WorkflowStub startBare(Site site, Chain chain) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "BenchBareChain",
            WorkflowOptions.newBuilder()
                .setWorkflowId("bench-bare/" + site.name() + "/" + (++bareRuns))
                .setTaskQueue(TaskQueues.ORCHESTRATOR)
                .build());
    stub.start(chain);
    return stub;
  }

  static void awaitBare(WorkflowStub stub, Duration timeout) {
    try {
      stub.getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, Integer.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("bare chain not done within " + timeout, e);
    }
  }

  @Override
  public void close() {
    factory.shutdownNow();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    if (closeBackend) {
      backend.close();
    }
  }
}
