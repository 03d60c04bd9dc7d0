package org.umsrollout.starter;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import org.umsrollout.activities.host.HostActivitiesImpl;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.activities.lab.SimulatedUmsHost;
import org.umsrollout.client.ConnectionFlags;
import org.umsrollout.client.TemporalConnection;
import org.umsrollout.workflows.inventory.InventoryParser;
import org.umsrollout.workflows.inventory.RolloutFile;
import org.umsrollout.workflows.rollout.RolloutWorkflowImpl;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * An in-memory Temporal service running the real rollout workflow against the lab, with a host
 * agent per host of the inventory, as the worker wires them. The CLI reaches it through a {@link
 * ClientFactory} that builds its client the way production does, on this service's stubs. The
 * orchestrator worker runs in a worker factory of its own, so that a test can stop it and start it
 * again, as when its process is down for a while ({@link #restartableOrchestrator}).
 */
final class TestRolloutService implements AutoCloseable {
  private final TestWorkflowEnvironment env;
  private final Lab lab;
  private final Path inventory;
  private final Path backups;
  private final boolean restartable;
  private WorkerFactory orchestrator;

  TestRolloutService(String inventoryResource) {
    this(inventoryResource, false);
  }

  /**
   * A service whose orchestrator a test can stop and start again. Its worker asks for no sticky
   * task queue: the in-memory service never moves a workflow task from the sticky queue of a
   * stopped worker back to the normal one (a real service does after a few seconds), so a worker
   * started again would never see the rollout's next task. Without a sticky queue each task replays
   * the history, which this service cannot do for a query to a terminated workflow; so only the
   * tests that stop the orchestrator use this.
   */
  static TestRolloutService restartableOrchestrator(String inventoryResource) {
    return new TestRolloutService(inventoryResource, true);
  }

  private TestRolloutService(String inventoryResource, boolean restartable) {
    this.restartable = restartable;
    this.inventory = resource(inventoryResource);
    RolloutFile file;
    try {
      file = InventoryParser.parse(Files.readString(inventory), inventory.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.lab =
        Lab.createAfresh(
                file.inventory(), "12.04.120", file.installer().path(), file.installer().sha256())
            .installDuration(Duration.ofMillis(20));
    try {
      backups = Files.createTempDirectory("umsrollout-cli-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setNamespace("default")
                        .setDataConverter(DataConverters.rollout())
                        .build())
                .setUseTimeskipping(false)
                .build());
    RolloutSearchAttributes.REGISTRATION.forEach(env::registerSearchAttribute);
    for (String host : lab.hostNames()) {
      env.newWorker(TaskQueues.host(host))
          .registerActivitiesImplementations(
              new HostActivitiesImpl(new SimulatedUmsHost(lab, host)));
    }
    env.start();
    startOrchestrator();
  }

  /** Starts an orchestrator worker: rollout workflows and the central activities. */
  void startOrchestrator() {
    if (orchestrator != null) {
      throw new IllegalStateException("the orchestrator runs already");
    }
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (restartable) {
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    Worker worker = factory.newWorker(TaskQueues.ORCHESTRATOR, options.build());
    worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class);
    worker.registerActivitiesImplementations(new CentralActivitiesImpl(backups));
    factory.start();
    orchestrator = factory;
  }

  /**
   * Stops the orchestrator worker and waits until it polls no more: rollouts then wait in Temporal
   * with nobody to run them, answer a query or accept an Update.
   */
  void stopOrchestrator() {
    if (!restartable) {
      throw new IllegalStateException("use restartableOrchestrator() to stop the orchestrator");
    }
    shutDownOrchestrator();
  }

  private void shutDownOrchestrator() {
    if (orchestrator == null) {
      return;
    }
    orchestrator.shutdownNow();
    orchestrator.awaitTermination(10, TimeUnit.SECONDS);
    orchestrator = null;
  }

  static Path resource(String name) {
    try {
      return Path.of(TestRolloutService.class.getResource("/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no test resource " + name, e);
    }
  }

  Path inventory() {
    return inventory;
  }

  Lab lab() {
    return lab;
  }

  /** Clients the way the CLI builds them, on the in-memory service. */
  ClientFactory clients() {
    return profile ->
        TemporalConnection.client(env.getWorkflowServiceStubs(), profile.getNamespace());
  }

  WorkflowClient client() {
    return clients()
        .connect(TemporalConnection.profile(ConnectionFlags.of("in-memory", "default"), Map.of()));
  }

  CliRun run(String... args) {
    return CliRun.execute(clients(), args);
  }

  @Override
  public void close() {
    shutDownOrchestrator();
    env.close();
    lab.close();
  }
}
