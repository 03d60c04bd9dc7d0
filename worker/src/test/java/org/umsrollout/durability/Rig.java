package org.umsrollout.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.client.TemporalConnection;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.temporal.RolloutIds;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * Real processes for one durability test, in its own folder: a Temporal dev server with a
 * persistent database (or, with {@code -Dums.temporal=postgres}, the Temporal server on a throwaway
 * PostgreSQL: {@link PostgresTemporal}), the orchestrator worker and host agents as {@code java}
 * processes of the worker's entry point, and the lab in an H2 file this JVM serves (AUTO_SERVER) to
 * all of them. Every process it starts it also kills, and no other.
 */
final class Rig implements AutoCloseable {
  static final String INSTALLED = "12.04.120";
  static final String TARGET = "12.05.100";
  static final String INSTALLER_PATH = "/opt/IGEL/setup-igel-ums-linux_12.05.100.bin";
  static final String INSTALLER_SHA =
      "da88685370840ab5d279c26b233b96fc4816e2b85cf06b5a9c74affda236e755";
  static final List<String> SERVERS = List.of("ums-srv-1", "ums-srv-2", "ums-srv-3");
  static final String LOAD_BALANCER = "ums-lb-1";
  static final int HEARTBEAT_SECONDS = 3;
  static final Duration STARTUP = Duration.ofSeconds(60);

  final Path dir;

  /** The dev server's CLI; null when Temporal runs on PostgreSQL. */
  final Path cli;

  /** Temporal on PostgreSQL; null for the dev server. */
  private final PostgresTemporal postgres;

  final int port;
  final String address;
  final Inventory inventory;
  final Lab lab;
  private final List<Managed> started = new ArrayList<>();
  private Managed temporal;
  private WorkflowServiceStubs service;
  private WorkflowClient client;

  Rig(Path dir, String site) {
    this.dir = dir;
    this.port = freePort();
    this.postgres = PostgresTemporal.selected() ? PostgresTemporal.require(dir, port) : null;
    this.cli = postgres == null ? TemporalCli.require() : null;
    this.address = "127.0.0.1:" + port;
    String url = "jdbc:h2:file:" + dir.resolve("lab").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    this.inventory =
        new Inventory(
            site,
            new DatabaseSpec(DatabaseKind.EMBEDDED, url, null, null, null, null),
            SERVERS.stream().map(h -> new ServerSpec(h, null)).toList(),
            List.of(new ComponentSpec(LOAD_BALANCER)),
            List.of());
    // This JVM opens the lab first, so it serves the file to the other processes.
    this.lab =
        Lab.createAfresh(inventory, INSTALLED, INSTALLER_PATH, INSTALLER_SHA)
            .installDuration(Duration.ofMillis(500));
  }

  List<String> hosts() {
    return lab.hostNames();
  }

  // ---- processes ----

  /**
   * Starts Temporal on this rig's port and database (the dev server's file, or PostgreSQL), and
   * waits for it.
   */
  Managed startTemporal() {
    Managed server =
        start("temporal", postgres == null ? devServerCommand() : postgresCommand(), null);
    temporal = server;
    awaitTemporal();
    if (postgres != null) {
      postgres.prepareNamespace(service);
    }
    return server;
  }

  private List<String> devServerCommand() {
    List<String> command =
        new ArrayList<>(
            List.of(
                cli.toString(),
                "server",
                "start-dev",
                "--db-filename",
                dir.resolve("temporal.db").toString(),
                "--port",
                String.valueOf(port),
                "--headless",
                "--ip",
                "127.0.0.1",
                "--log-level",
                "warn"));
    for (String flag : RolloutSearchAttributes.devServerFlags()) {
      command.add("--search-attribute");
      command.add(flag);
    }
    return command;
  }

  private List<String> postgresCommand() {
    try {
      return postgres.serverCommand();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Temporal on PostgreSQL", e);
    }
  }

  private void awaitTemporal() {
    if (service == null) {
      // Not connected yet: a dev server on a busy machine can take longer to listen than a
      // connect timeout allows; the wait below is the one bound on its start.
      service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
      client = TemporalConnection.client(service, "default");
    }
    await()
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .failFast("Temporal exited; see " + temporal.log, () -> !temporal.process.isAlive())
        .until(
            () -> {
              service
                  .blockingStub()
                  .withDeadlineAfter(2, TimeUnit.SECONDS)
                  .getSystemInfo(
                      io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance());
              return true;
            });
  }

  Managed temporal() {
    return temporal;
  }

  Managed startOrchestrator() {
    return startOrchestrator("org.umsrollout.worker.Main");
  }

  /** An orchestrator process whose entry point is {@code mainClass} (the test's old code, say). */
  Managed startOrchestrator(String mainClass) {
    return startWorker(
        "orchestrator",
        mainClass,
        List.of(
            "orchestrator",
            "--address",
            address,
            "--backup-dir",
            dir.resolve("backups").toString()),
        "orchestrator polling");
  }

  /** One agent process serving the given lab hosts. */
  Managed startAgents(String name, List<String> hosts) {
    List<String> args =
        new ArrayList<>(List.of("agent", "--address", address, "--lab", lab.jdbcUrl()));
    hosts.forEach(h -> args.addAll(List.of("--host", h)));
    return startWorker(name, "org.umsrollout.worker.Main", args, "polling");
  }

  private Managed startWorker(String name, String mainClass, List<String> args, String readyLine) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx192m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                mainClass));
    command.addAll(args);
    return start(name, command, readyLine);
  }

  private Managed start(String name, List<String> command, String readyLine) {
    Path log = dir.resolve(name + "-" + started.size() + ".log");
    long at = System.currentTimeMillis();
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    Managed managed = new Managed(name, process, log, at);
    started.add(managed);
    if (readyLine != null) {
      await()
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(name + " died: " + Files.readString(log));
                }
                return Files.readString(log).contains(readyLine);
              });
      managed.readyAtMillis = System.currentTimeMillis();
    }
    return managed;
  }

  // ---- the rollout ----

  WorkflowClient client() {
    return client;
  }

  /** Lab servers that do not reconnect at once never do: they get 2 s before V3 (S5). */
  static Policy policy(List<String> approvals) {
    return new Policy(approvals, 600, HEARTBEAT_SECONDS, 30, 5, null, null, null, null)
        .withBounds(null, 2, null);
  }

  String workflowId() {
    return RolloutIds.workflowId(inventory.site());
  }

  RolloutWorkflow newRollout() {
    String site = inventory.site();
    return client.newWorkflowStub(
        RolloutWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId())
            .setTaskQueue(TaskQueues.ORCHESTRATOR)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(RolloutSearchAttributes.SITE, site)
                    .set(RolloutSearchAttributes.TARGET_VERSION, TARGET)
                    .set(RolloutSearchAttributes.PHASE, Phase.SUBMITTED.name())
                    .build())
            .build());
  }

  RolloutWorkflow startRollout(Policy policy) {
    RolloutWorkflow rollout = newRollout();
    WorkflowClient.start(rollout::run, request(policy));
    return rollout;
  }

  RolloutRequest request(Policy policy) {
    return new RolloutRequest(
        inventory, TARGET, new Installer(INSTALLER_PATH, INSTALLER_SHA), policy, "durability-test");
  }

  RolloutResult result(RolloutWorkflow rollout, Duration timeout) throws Exception {
    return WorkflowStub.fromTyped(rollout)
        .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, RolloutResult.class);
  }

  List<HistoryEvent> history() {
    return client.fetchHistory(workflowId()).getEvents();
  }

  /** The first activity the workflow scheduled at or after {@code sinceMillis}, if any. */
  Optional<HistoryEvent> firstActivityScheduledSince(long sinceMillis) {
    return history().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(e -> millis(e) >= sinceMillis)
        .findFirst();
  }

  /**
   * Workflow tasks that timed out since {@code sinceMillis}: after a worker dies, the task waiting
   * on its sticky queue times out (schedule-to-start, 5 s by default) before another worker gets
   * it.
   */
  long workflowTaskTimeoutsSince(long sinceMillis) {
    return history().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)
        .filter(e -> millis(e) >= sinceMillis)
        .count();
  }

  static long millis(HistoryEvent event) {
    return event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000;
  }

  static String activityType(HistoryEvent scheduled) {
    return scheduled.getActivityTaskScheduledEventAttributes().getActivityType().getName();
  }

  /** Prints the measured figure in a line the build log can be searched for. */
  static void report(String killPoint, long restartToNextActivityMs, String detail) {
    System.out.printf(
        "DURABILITY temporal=%s kill-point=%s restart-to-next-activity-ms=%d %s%n",
        PostgresTemporal.selected() ? "postgres" : "dev-server",
        killPoint,
        restartToNextActivityMs,
        detail);
  }

  // ---- the lab's final state ----

  /** Every host on the target, running; every server in normal mode on the productive database. */
  void assertLabDone() {
    for (String host : lab.hostNames()) {
      HostStatus s = lab.status(host);
      assertThat(s.version()).as("version of " + host).isEqualTo(TARGET);
      assertThat(s.stoppedServices()).as("stopped services on " + host).isEmpty();
      assertThat(lab.installsRun(host)).as("installer runs on " + host).isEqualTo(1);
      if (s.role().isServer()) {
        assertThat(s.mode()).as("mode of " + host).isEqualTo(ServerMode.NORMAL);
        assertThat(s.datasource()).as("datasource of " + host).isEqualTo(Datasource.PRODUCTIVE);
      }
    }
    assertThat(lab.productiveSchema()).isEqualTo("12.05");
    assertThat(lab.serversOnLocalCopy()).isEmpty();
    assertThat(lab.momentsWithoutServingServer()).as("S1: a server always serves").isZero();
  }

  @Override
  public void close() {
    for (Managed m : started) {
      m.kill();
    }
    if (service != null) {
      service.shutdownNow();
    }
    try {
      lab.close();
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A process this rig started. */
  static final class Managed {
    final String name;
    final Process process;
    final Path log;
    final long startedAtMillis;
    long readyAtMillis;

    Managed(String name, Process process, Path log, long startedAtMillis) {
      this.name = name;
      this.process = process;
      this.log = log;
      this.startedAtMillis = startedAtMillis;
    }

    /** SIGKILL: no shutdown hook, no goodbye to Temporal or the lab. */
    long kill() {
      long at = System.currentTimeMillis();
      if (process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return at;
    }
  }
}
