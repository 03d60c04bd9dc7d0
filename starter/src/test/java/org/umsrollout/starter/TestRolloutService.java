package org.umsrollout.starter;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import org.umsrollout.activities.host.HostActivitiesImpl;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.activities.lab.SimulatedUmsHost;
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
 * ClientFactory} that builds its client the way production does, on this service's stubs.
 */
final class TestRolloutService implements AutoCloseable {
  private final TestWorkflowEnvironment env;
  private final Lab lab;
  private final Path inventory;

  TestRolloutService(String inventoryResource) {
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
    Path backups;
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
    Worker orchestrator = env.newWorker(TaskQueues.ORCHESTRATOR);
    orchestrator.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class);
    orchestrator.registerActivitiesImplementations(new CentralActivitiesImpl(backups));
    for (String host : lab.hostNames()) {
      env.newWorker(TaskQueues.host(host))
          .registerActivitiesImplementations(
              new HostActivitiesImpl(new SimulatedUmsHost(lab, host)));
    }
    env.start();
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
    return (address, namespace) ->
        TemporalConnection.client(env.getWorkflowServiceStubs(), namespace);
  }

  WorkflowClient client() {
    return clients().connect("in-memory", "default");
  }

  CliRun run(String... args) {
    return CliRun.execute(clients(), args);
  }

  @Override
  public void close() {
    env.close();
    lab.close();
  }
}
