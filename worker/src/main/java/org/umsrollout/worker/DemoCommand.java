package org.umsrollout.worker;

import ch.qos.logback.classic.Level;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.client.TemporalConnection;
import org.umsrollout.worker.http.Dashboard;
import org.umsrollout.worker.http.Identity;
import org.umsrollout.workflows.inventory.InventoryParser;
import org.umsrollout.workflows.inventory.RolloutFile;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.model.UmsVersion;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.status.TimelineEntry;
import org.umsrollout.workflows.temporal.RolloutIds;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;
import org.umsrollout.workflows.temporal.TaskQueues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One process with everything: the in-memory Temporal server listening on a local port, the
 * orchestrator worker, the lab with a host agent per host, and a sample rollout from 12.04.120 to
 * 12.05.100, shown until it is verified. The CLI in another terminal can watch and steer it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Runs a sample rollout on an embedded Temporal server and a simulated network.")
final class DemoCommand implements Callable<Integer> {
  private static final String INVENTORY = "demo/site-demo.yaml";
  private static final String INSTALLED = "12.04.120";

  @Option(names = "--port", defaultValue = "7233", description = "port of the embedded Temporal")
  int port;

  @Option(names = "--auto-approve", description = "approve every gate without asking")
  boolean autoApprove;

  @Option(names = "--install-millis", defaultValue = "600", description = "one install's time")
  long installMillis;

  @Option(names = "--no-orphan", description = "leave out the orphaned Network list entry")
  boolean noOrphan;

  @Option(names = "--wait", description = "do not start a rollout: serve until stopped")
  boolean serveOnly;

  @Option(
      names = "--http-port",
      description = "also serve the dashboard on 127.0.0.1:PORT (0: any free port), as you")
  Integer httpPort;

  private final PrintStream out = System.out;
  private final long started = System.currentTimeMillis();

  @Override
  public Integer call() throws Exception {
    quietLogs();
    boolean terminal = System.console() != null;
    if (!autoApprove && !serveOnly && !terminal) {
      System.err.println(
          "No terminal to ask for approvals on: pass --auto-approve to approve every gate.");
      return 2;
    }
    RolloutFile file = InventoryParser.parse(resource(INVENTORY), INVENTORY);
    String address = "localhost:" + port;
    TestServer.PortBoundTestServer server;
    try {
      server = TestServer.createPortBoundServer(port);
    } catch (RuntimeException e) {
      System.err.println(
          "Cannot start the embedded Temporal server on port "
              + port
              + " ("
              + e.getMessage()
              + "): pass --port with a free port.");
      return 1;
    }
    Path backups = Files.createTempDirectory("ums-rollout-backups");
    Lab lab = LabSetup.create(file, INSTALLED, installMillis, noOrphan ? null : "ums-srv-old");
    WorkflowServiceStubs service = TemporalConnection.connect(address);
    WorkerFactory factory = null;
    Dashboard dashboard = null;
    try {
      TemporalConnection.registerSearchAttributes(service, "default");
      WorkflowClient client = TemporalConnection.client(service, "default");
      factory = WorkerFactory.newInstance(client);
      Workers.orchestrator(factory, new CentralActivitiesImpl(backups));
      Workers.labAgents(factory, lab);
      factory.start();
      say("embedded Temporal server on " + address + " (namespace default)");
      if (httpPort != null) {
        dashboard =
            Dashboard.start(client, Identity.configured(null, null, true), "127.0.0.1", httpPort);
        say("dashboard at http://127.0.0.1:" + dashboard.port() + "/");
      }
      say(
          "lab '"
              + lab.site()
              + "': "
              + String.join(", ", lab.hostNames())
              + " on "
              + INSTALLED
              + ", schema "
              + lab.productiveSchema()
              + (noOrphan ? "" : ", one orphaned Network list entry (ums-srv-old)"));
      if (serveOnly) {
        say("serving; start a rollout with the umsrollout CLI against " + address);
        Thread.currentThread().join();
        return 0;
      }
      return rollout(client, file, lab);
    } finally {
      if (dashboard != null) {
        dashboard.close();
      }
      if (factory != null) {
        factory.shutdown();
        factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      }
      service.shutdownNow();
      server.close();
      lab.close();
    }
  }

  private int rollout(WorkflowClient client, RolloutFile file, Lab lab) throws Exception {
    String site = file.site();
    RolloutRequest request =
        new RolloutRequest(
            file.inventory(),
            file.targetVersion(),
            file.installer(),
            file.policy(),
            System.getProperty("user.name"));
    RolloutWorkflow rollout =
        client.newWorkflowStub(
            RolloutWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RolloutIds.workflowId(site))
                .setTaskQueue(TaskQueues.ORCHESTRATOR)
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(RolloutSearchAttributes.SITE, site)
                        .set(RolloutSearchAttributes.TARGET_VERSION, file.targetVersion())
                        .set(RolloutSearchAttributes.PHASE, Phase.SUBMITTED.name())
                        .build())
                .build());
    WorkflowClient.start(rollout::run, request);
    say(
        "rollout "
            + RolloutIds.workflowId(site)
            + " started: "
            + INSTALLED
            + " -> "
            + file.targetVersion());
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Set<String> asked = new HashSet<>();
    int shown = 0;
    String lastProgress = null;
    RolloutStatus status;
    do {
      Thread.sleep(150);
      status = rollout.status();
      List<TimelineEntry> timeline = status.timeline();
      for (; shown < timeline.size(); shown++) {
        say(timeline.get(shown).message());
      }
      if (!status.progress().equals(lastProgress) && status.serversUpdated() > 0) {
        lastProgress = status.progress();
        say(
            "progress: "
                + lastProgress
                + "; on a local DB copy: "
                + (status.serversOnLocalCopy().isEmpty()
                    ? "none"
                    : String.join(", ", status.serversOnLocalCopy())));
      }
      for (GateView gate : status.openGates()) {
        if (asked.add(gate.gate())) {
          decide(rollout, gate, stdin);
        }
      }
    } while (!status.phase().isFinal());
    RolloutResult result = WorkflowStub.fromTyped(rollout).getResult(RolloutResult.class);
    printHosts(result.status());
    List<String> labProblems = checkLab(lab, UmsVersion.parse(file.targetVersion()));
    labProblems.forEach(p -> say("lab check: " + p));
    boolean ok = result.outcome() == Phase.COMPLETED && labProblems.isEmpty();
    say(
        (ok ? "DONE: " : "NOT DONE: ")
            + result.outcome()
            + ": "
            + result.message()
            + "; lab: productive schema "
            + lab.productiveSchema());
    return ok ? 0 : 1;
  }

  private void decide(RolloutWorkflow rollout, GateView gate, BufferedReader stdin)
      throws IOException {
    if (autoApprove) {
      rollout.approveGate(new GateDecision(gate.gate(), "demo --auto-approve", "demo run"));
      return;
    }
    out.printf("%nGate '%s': %s%nApprove? [y/N] ", gate.gate(), gate.description());
    out.flush();
    String answer = stdin.readLine();
    String by = System.getProperty("user.name");
    if (answer != null && answer.trim().toLowerCase().startsWith("y")) {
      rollout.approveGate(new GateDecision(gate.gate(), by, "approved at the demo terminal"));
    } else {
      rollout.rejectGate(new GateDecision(gate.gate(), by, "rejected at the demo terminal"));
    }
  }

  private void printHosts(RolloutStatus status) {
    out.printf(
        "%n%-14s %-24s %-9s %-10s %-7s %-11s %s%n",
        "HOST", "ROLE", "STATE", "VERSION", "MODE", "DATASOURCE", "RUNNING");
    for (HostView h : status.hosts()) {
      out.printf(
          "%-14s %-24s %-9s %-10s %-7s %-11s %s%n",
          h.host(),
          h.role(),
          h.state(),
          h.version(),
          h.mode() == null ? "-" : h.mode(),
          h.datasource() == null ? "-" : h.datasource(),
          h.running());
    }
    out.println();
  }

  /** Reads the lab itself, not the workflow's view of it: the demo must end in the right state. */
  private static List<String> checkLab(Lab lab, UmsVersion target) {
    List<String> problems = new java.util.ArrayList<>();
    for (String host : lab.hostNames()) {
      HostStatus s = lab.status(host);
      if (!target.toString().equals(s.version())) {
        problems.add(host + " runs " + s.version());
      }
      if (!s.servicesOfRoleRunning()) {
        problems.add(host + " has stopped services " + s.stoppedServices());
      }
      if (s.role().isServer()
          && (s.mode() != ServerMode.NORMAL || s.datasource() != Datasource.PRODUCTIVE)) {
        problems.add(host + " in " + s.mode() + " mode on " + s.datasource());
      }
    }
    if (!target.schemaVersion().equals(lab.productiveSchema())) {
      problems.add("productive schema is " + lab.productiveSchema());
    }
    return problems;
  }

  private void say(String line) {
    long s = (System.currentTimeMillis() - started) / 100;
    out.printf("[%3d.%ds] %s%n", s / 10, s % 10, line);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("resource " + name + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void quietLogs() {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.umsrollout"))
        .setLevel(Level.WARN);
  }
}
