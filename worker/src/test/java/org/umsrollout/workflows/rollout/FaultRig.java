package org.umsrollout.workflows.rollout;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.activities.lab.SimulatedUmsHost;
import org.umsrollout.worker.Workers;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.ports.DatabaseQuery;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.NetworkList;
import org.umsrollout.workflows.ports.RemoveEntries;
import org.umsrollout.workflows.ports.SchemaState;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * One in-memory Temporal service that many fault schedules share at once: the central activities on
 * the orchestrator's queue answer every schedule's database; each schedule runs its own rollout
 * worker (on a queue of its own, so it can be killed and restarted alone) and its own host agents.
 */
final class FaultRig implements AutoCloseable {
  final TestWorkflowEnvironment env;

  /** For starts, signals and Updates. */
  final WorkflowClient client;

  /** For status queries and describes: short RPC deadlines, so that no poll hangs long. */
  final WorkflowClient quickClient;

  final SiteOutages central;

  FaultRig() {
    Path backups;
    try {
      backups = Files.createTempDirectory("ums-rollout-fault-backups");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(DataConverters.rollout())
                        .build())
                .setUseTimeskipping(false)
                .build());
    RolloutSearchAttributes.REGISTRATION.forEach(env::registerSearchAttribute);
    central = new SiteOutages(backups);
    Worker worker = env.getWorkerFactory().newWorker(TaskQueues.ORCHESTRATOR);
    worker.registerActivitiesImplementations(central);
    env.start();
    client = env.getWorkflowClient();
    WorkflowServiceStubs quickStubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setChannel(env.getWorkflowServiceStubs().getRawChannel())
                .setRpcTimeout(Duration.ofSeconds(3))
                .setRpcQueryTimeout(Duration.ofSeconds(3))
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder()
                        .setMaximumAttempts(2)
                        .setExpiration(Duration.ofSeconds(4))
                        .build())
                .build());
    quickClient =
        WorkflowClient.newInstance(
            quickStubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(env.getNamespace())
                .setDataConverter(DataConverters.rollout())
                .build());
  }

  /**
   * A rollout worker for one schedule's queue, as the orchestrator process runs it. One that may be
   * killed runs without a sticky queue: the in-memory service never times out a workflow task left
   * on a dead worker's sticky queue (it has no sticky schedule-to-start timeout), so the rollout of
   * a killed sticky worker would wait forever. Without one, every workflow task and query replays
   * the rollout's history from its start.
   */
  WorkerFactory startOrchestrator(String queue, boolean mayBeKilled) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker =
        factory.newWorker(
            queue,
            WorkerOptions.newBuilder()
                .setStickyQueueScheduleToStartTimeout(
                    mayBeKilled ? Duration.ZERO : Duration.ofSeconds(1))
                .build());
    worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class);
    factory.start();
    return factory;
  }

  /** A host agent of the lab, on a worker factory of its own, as in a process of its own. */
  Agent startAgent(Lab lab, String host) {
    KillableHost killable = new KillableHost(new SimulatedUmsHost(lab, host));
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Workers.hostAgent(factory, killable);
    factory.start();
    return new Agent(killable, factory);
  }

  @Override
  public void close() {
    env.close();
  }

  /** A running agent: its host calls and its worker factory. */
  record Agent(KillableHost host, WorkerFactory factory) {
    /**
     * As the process were killed: it polls no more, and what it was doing never answers, so its
     * install stops heartbeating; nothing is reported.
     */
    void kill() {
      host.kill();
      factory.suspendPolling();
    }

    /** Frees the threads a killed agent left blocked; what they report then is stale. */
    void bury() {
      factory.shutdownNow();
      factory.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * A lab host whose agent process can be killed: once it is, every call and every progress report
   * blocks, as a dead process answers nothing, until the test buries the agent.
   */
  static final class KillableHost implements UmsHost {
    private final UmsHost host;
    private volatile boolean dead;

    KillableHost(UmsHost host) {
      this.host = host;
    }

    void kill() {
      dead = true;
    }

    private void blockIfDead() {
      if (!dead) {
        return;
      }
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the agent of " + host.name() + " was killed");
    }

    private <T> T call(java.util.function.Supplier<T> work) {
      blockIfDead();
      T result = work.get();
      blockIfDead();
      return result;
    }

    @Override
    public String name() {
      return host.name();
    }

    @Override
    public HostRole role() {
      return host.role();
    }

    @Override
    public HostStatus status() {
      return call(host::status);
    }

    @Override
    public InstallOutcome install(String version, String installerPath, Progress progress) {
      return call(
          () ->
              host.install(
                  version,
                  installerPath,
                  (percent, message) -> {
                    blockIfDead();
                    progress.report(percent, message);
                  }));
    }

    @Override
    public HostStatus endUpdateMode() {
      return call(host::endUpdateMode);
    }

    @Override
    public HostStatus reconfigureServerService() {
      return call(host::reconfigureServerService);
    }

    @Override
    public HostStatus takeOutOfNetwork() {
      return call(host::takeOutOfNetwork);
    }

    @Override
    public long clockMillis() {
      return call(host::clockMillis);
    }

    @Override
    public Optional<String> installerSha256(String path) {
      return call(() -> host.installerSha256(path));
    }

    @Override
    public List<String> installRightsProblems() {
      return call(host::installRightsProblems);
    }
  }

  /** The central activities, with an outage of one site's productive database at a time. */
  static final class SiteOutages extends CentralActivitiesImpl {
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    SiteOutages(Path backups) {
      super(backups);
    }

    void down(String site, boolean isDown) {
      if (isDown) {
        down.add(site);
      } else {
        down.remove(site);
      }
    }

    @Override
    public NetworkList readNetworkList(DatabaseQuery query) {
      failWhileDown(query.site());
      return super.readNetworkList(query);
    }

    @Override
    public NetworkList removeNetworkEntries(RemoveEntries command) {
      failWhileDown(command.database().site());
      return super.removeNetworkEntries(command);
    }

    @Override
    public SchemaState readSchema(DatabaseQuery query) {
      failWhileDown(query.site());
      return super.readSchema(query);
    }

    private void failWhileDown(String site) {
      if (down.contains(site)) {
        throw new IllegalStateException("the productive database does not answer (outage)");
      }
    }
  }
}
