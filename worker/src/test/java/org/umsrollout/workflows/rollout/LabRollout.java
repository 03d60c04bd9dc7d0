package org.umsrollout.workflows.rollout;

import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.activities.lab.SimulatedUmsHost;
import org.umsrollout.worker.Workers;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.RolloutIds;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * A rollout against the lab through the in-memory Temporal service: the orchestrator worker and a
 * host agent per lab host, exactly as wired in production, each agent on a worker factory of its
 * own as in a process of its own.
 */
final class LabRollout implements AutoCloseable {
  static final String INSTALLED = "12.04.120";
  static final String TARGET = "12.05.100";
  static final String INSTALLER_PATH = "/opt/IGEL/setup-igel-ums-linux_12.05.100.bin";
  static final String INSTALLER_SHA =
      "da88685370840ab5d279c26b233b96fc4816e2b85cf06b5a9c74affda236e755";

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final Inventory inventory;
  final Lab lab;
  final Path backups;
  final DatabaseOutage database;
  private final Map<String, WorkerFactory> agents = new ConcurrentHashMap<>();

  /** Three servers, two standalone load balancers, one console, all on 12.04.120. */
  LabRollout() {
    this(
        List.of(
            new ServerSpec("ums-srv-1", null),
            new ServerSpec("ums-srv-2", null),
            new ServerSpec("ums-srv-3", null)),
        List.of(new ComponentSpec("ums-lb-1"), new ComponentSpec("ums-lb-2")),
        List.of(new ComponentSpec("ums-console-1")));
  }

  LabRollout(List<ServerSpec> servers, List<ComponentSpec> lbs, List<ComponentSpec> consoles) {
    this(servers, lbs, consoles, false, true);
  }

  /** The default network with host agents only: the test runs the orchestrator itself. */
  static LabRollout withoutOrchestrator() {
    return new LabRollout(
        List.of(
            new ServerSpec("ums-srv-1", null),
            new ServerSpec("ums-srv-2", null),
            new ServerSpec("ums-srv-3", null)),
        List.of(new ComponentSpec("ums-lb-1")),
        List.of(),
        false,
        false);
  }

  /** The default network whose database is SQL Server with native AD authentication (S4). */
  static LabRollout adNative() {
    return new LabRollout(
        List.of(new ServerSpec("ums-srv-1", null), new ServerSpec("ums-srv-2", null)),
        List.of(),
        List.of(),
        true,
        true);
  }

  /**
   * The default network in which the agent of {@code host} never starts: nothing polls its queue.
   */
  static LabRollout withoutAgentOn(String host) {
    return new LabRollout(
        List.of(
            new ServerSpec("ums-srv-1", null),
            new ServerSpec("ums-srv-2", null),
            new ServerSpec("ums-srv-3", null)),
        List.of(new ComponentSpec("ums-lb-1"), new ComponentSpec("ums-lb-2")),
        List.of(new ComponentSpec("ums-console-1")),
        false,
        true,
        Set.of(host));
  }

  LabRollout(
      List<ServerSpec> servers,
      List<ComponentSpec> lbs,
      List<ComponentSpec> consoles,
      boolean adNative,
      boolean withOrchestrator) {
    this(servers, lbs, consoles, adNative, withOrchestrator, Set.of());
  }

  /**
   * Each host agent runs on a worker factory of its own, as in its own process on its host, so a
   * test can stop one ({@link #stopAgent}) and start it again; the agents of {@code noAgentOn}
   * never start.
   */
  LabRollout(
      List<ServerSpec> servers,
      List<ComponentSpec> lbs,
      List<ComponentSpec> consoles,
      boolean adNative,
      boolean withOrchestrator,
      Set<String> noAgentOn) {
    this(servers, lbs, consoles, adNative, withOrchestrator, noAgentOn, null);
  }

  /** The default network, with the SDK's and the workflow's metrics reported to {@code scope}. */
  static LabRollout withMetrics(com.uber.m3.tally.Scope scope) {
    return new LabRollout(
        List.of(
            new ServerSpec("ums-srv-1", null),
            new ServerSpec("ums-srv-2", null),
            new ServerSpec("ums-srv-3", null)),
        List.of(new ComponentSpec("ums-lb-1"), new ComponentSpec("ums-lb-2")),
        List.of(new ComponentSpec("ums-console-1")),
        false,
        true,
        Set.of(),
        scope);
  }

  private LabRollout(
      List<ServerSpec> servers,
      List<ComponentSpec> lbs,
      List<ComponentSpec> consoles,
      boolean adNative,
      boolean withOrchestrator,
      Set<String> noAgentOn,
      com.uber.m3.tally.Scope metricsScope) {
    String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
    inventory =
        new Inventory(
            site,
            new DatabaseSpec(
                DatabaseKind.EMBEDDED,
                "jdbc:h2:mem:" + site + ";DB_CLOSE_DELAY=-1",
                null,
                null,
                adNative,
                null),
            servers,
            lbs,
            consoles);
    lab =
        Lab.createAfresh(inventory, INSTALLED, INSTALLER_PATH, INSTALLER_SHA)
            .installDuration(Duration.ofMillis(50));
    try {
      backups = Files.createTempDirectory("ums-rollout-test-backups");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder()
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder()
                    .setDataConverter(DataConverters.rollout())
                    .build())
            .setUseTimeskipping(false);
    if (metricsScope != null) {
      options.setMetricsScope(metricsScope);
    }
    env = TestWorkflowEnvironment.newInstance(options.build());
    RolloutSearchAttributes.REGISTRATION.forEach(env::registerSearchAttribute);
    WorkerFactory factory = env.getWorkerFactory();
    database = new DatabaseOutage(backups);
    if (withOrchestrator) {
      Workers.orchestrator(factory, database);
    }
    env.start();
    client = env.getWorkflowClient();
    for (String host : lab.hostNames()) {
      if (!noAgentOn.contains(host)) {
        startAgent(host);
      }
    }
  }

  /** Starts the host agent of {@code host} on a worker factory of its own. */
  void startAgent(String host) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Workers.hostAgent(factory, new SimulatedUmsHost(lab, host));
    factory.start();
    WorkerFactory before = agents.put(host, factory);
    if (before != null) {
      before.shutdownNow();
    }
  }

  /**
   * Stops the host agent of {@code host} at once, as when its process dies: nothing polls its
   * queue.
   */
  void stopAgent(String host) {
    WorkerFactory factory = agents.remove(host);
    if (factory != null) {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The servers the search attribute {@code UmsLocalCopy} names, as the Temporal service keeps it
   * (readable while no orchestrator runs); empty when it is unset.
   */
  List<String> localCopyAttribute(RolloutWorkflow rollout) {
    List<String> servers =
        WorkflowStub.fromTyped(rollout)
            .describe()
            .getTypedSearchAttributes()
            .get(RolloutSearchAttributes.LOCAL_COPY);
    return servers == null ? List.of() : servers;
  }

  /**
   * A request for the lab's network. Lab servers reconnect as soon as the schema is renewed, so
   * those that do not never will: they get 1 s before they are switched back (S5, V3).
   */
  RolloutRequest request(Policy policy) {
    Policy base =
        policy == null ? new Policy(null, null, null, null, null, null, null, null, null) : policy;
    return new RolloutRequest(
        inventory,
        TARGET,
        new Installer(INSTALLER_PATH, INSTALLER_SHA),
        base.withBounds(null, 1, null),
        "platform-team");
  }

  RolloutWorkflow start() {
    return start(request(null));
  }

  RolloutWorkflow start(RolloutRequest request) {
    RolloutWorkflow stub =
        client.newWorkflowStub(
            RolloutWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RolloutIds.workflowId(request.inventory().site()))
                .setTaskQueue(TaskQueues.ORCHESTRATOR)
                .build());
    WorkflowClient.start(stub::run, request);
    return stub;
  }

  RolloutStatus awaitStatus(RolloutWorkflow rollout, Predicate<RolloutStatus> condition) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(rollout::status, condition::test);
  }

  RolloutStatus awaitOpenGate(RolloutWorkflow rollout, String gate) {
    return awaitStatus(
        rollout,
        s ->
            s.gates().stream().anyMatch(g -> g.gate().equals(gate) && g.state() == GateState.OPEN));
  }

  RolloutResult result(RolloutWorkflow rollout) {
    try {
      return WorkflowStub.fromTyped(rollout)
          .getResult(60, java.util.concurrent.TimeUnit.SECONDS, RolloutResult.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no result within 60 s; status: " + rollout.status(), e);
    }
  }

  /** The UMS Network list as the orchestrator reads it from the lab's productive database. */
  List<org.umsrollout.workflows.ports.NetworkEntry> networkList() {
    return new CentralActivitiesImpl(backups)
        .readNetworkList(
            new org.umsrollout.workflows.ports.DatabaseQuery(
                inventory.site(), inventory.database()))
        .entries();
  }

  List<String> networkListHosts() {
    return networkList().stream().map(e -> e.host()).toList();
  }

  /**
   * Writes the rollout's history as JSON into the folder named by the system property {@code
   * ums.recordHistories}, when it is set; the replay tests keep such recordings. An existing file
   * is never overwritten: a recording stands for the code that made it, so record into an empty
   * folder and copy the new files over.
   */
  void recordHistory(RolloutWorkflow rollout, String fileName) {
    String folder = System.getProperty("ums.recordHistories");
    if (folder == null) {
      return;
    }
    String id = WorkflowStub.fromTyped(rollout).getExecution().getWorkflowId();
    try {
      Path dir = Files.createDirectories(Path.of(folder));
      Files.writeString(
          dir.resolve(fileName),
          client.fetchHistory(id).toJson(true),
          java.nio.file.StandardOpenOption.CREATE_NEW);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    agents.values().forEach(WorkerFactory::shutdownNow);
    env.close();
    lab.close();
  }
}
