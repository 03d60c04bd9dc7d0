package org.umsrollout.workflows.rollout;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.activities.lab.LabObservation;
import org.umsrollout.workflows.messages.AbortRequest;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.HoldReply;
import org.umsrollout.workflows.messages.HostDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.status.Finding;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.status.TimelineEntry;
import org.umsrollout.workflows.temporal.RolloutIds;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/**
 * Runs one {@link FaultSchedule} against a fresh lab on the shared {@link FaultRig}: starts the
 * rollout, sets off the schedule's events, answers gates and holds as its operator would, and after
 * every poll checks the invariants of {@link RandomFaultSchedulesTest} against the lab's own state.
 * Ends every schedule within a bound: past {@link #ABORT_AFTER} it aborts with confirmation, past
 * {@link #GIVE_UP_AFTER} it stops and reports the rollout as stuck.
 */
final class FaultScheduleRun {
  static final Duration ABORT_AFTER = Duration.ofSeconds(40);
  static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 12;
  private static final String OPERATOR = "fault-operator";

  private final FaultRig rig;
  private final FaultSchedule schedule;
  private final String site;
  private final String queue;
  private final List<String> log = new ArrayList<>();
  private final Map<String, String> violations = new LinkedHashMap<>();
  private final Map<String, FaultRig.Agent> agents = new HashMap<>();
  private final List<FaultRig.Agent> deadAgents = new ArrayList<>();
  private final Set<String> agentsDownUntilFixed = new LinkedHashSet<>();
  private final PriorityQueue<Later> later =
      new PriorityQueue<>(Comparator.comparingLong(Later::atMillis));
  private final Map<String, Long> gateSeenAt = new HashMap<>();
  private final Map<Integer, Long> holdSeenAt = new HashMap<>();
  private final List<FaultSchedule.Event> waitingForInstall = new ArrayList<>();

  private Lab lab;
  private Inventory inventory;
  private WorkerFactory orchestrator;
  private RolloutWorkflow rollout;
  private RolloutWorkflow quickRollout;
  private WorkflowStub quickStub;
  private long startedAt;
  private boolean databaseDownUntilFixed;
  private boolean confirmedAbortSent;
  private boolean confirmedRejection;
  private boolean forcedAbort;
  private int nextAnswer;
  private int retriesAfterAnswers;
  private int lastAnsweredHold = -1;
  private int polls;
  private RolloutStatus lastStatus;

  private FaultScheduleRun(FaultRig rig, FaultSchedule schedule) {
    this.rig = rig;
    this.schedule = schedule;
    this.site = schedule.site();
    this.queue = "ums-rollout-faults/" + site;
  }

  /** What came of one schedule. */
  record Verdict(
      FaultSchedule schedule,
      Phase outcome,
      String message,
      long millis,
      List<String> violations,
      String report) {}

  /** One line per invariant broken, with the moment; the first of each kind and place only. */
  private void violation(String key, String what) {
    violations.putIfAbsent(key, "+" + elapsed() + " ms " + what);
  }

  static Verdict run(FaultRig rig, FaultSchedule schedule) {
    FaultScheduleRun run = new FaultScheduleRun(rig, schedule);
    try {
      return run.execute();
    } catch (RuntimeException | AssertionError e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      run.violation("harness", "the run broke: " + trace);
      return run.verdict(null, null);
    } finally {
      run.cleanUp();
    }
  }

  // ---- the run ----

  private Verdict execute() {
    setUp();
    startRollout();
    RolloutResult result = null;
    while (true) {
      long now = elapsed();
      fireDue(now);
      LabObservation before = lab.observe();
      fireOnInstall(before);
      RolloutStatus status = orchestrator == null ? null : queryStatus();
      LabObservation after = lab.observe();
      polls++;
      List<String> attribute = null;
      if (orchestrator == null
          || (status != null && status.heldAt() != null && polls % 4 == 0)
          || polls % 25 == 0) {
        attribute = localCopyAttribute();
      }
      check(before, after, status, attribute);
      if (status != null) {
        lastStatus = status;
        if (status.phase().isFinal()) {
          break;
        }
        answerGates(status);
        answerHold(status);
      } else if (orchestrator == null && closed()) {
        break;
      }
      if (now > ABORT_AFTER.toMillis() && !forcedAbort) {
        forcedAbort = true;
        note("the bound of " + ABORT_AFTER.toSeconds() + " s passed: fix everything, abort");
        fixEverything(null);
        restartOrchestratorNow();
        sendAbort(true);
      }
      if (now > GIVE_UP_AFTER.toMillis()) {
        violation(
            "bound",
            "I5: the rollout did not end within "
                + GIVE_UP_AFTER.toSeconds()
                + " s, holding at "
                + (lastStatus == null
                    ? "?"
                    : lastStatus.heldAt() + ": " + lastStatus.waitingFor()));
        return verdict(null, lastStatus);
      }
      sleep(POLL_MILLIS);
    }
    restartOrchestratorNow();
    try {
      result = WorkflowStub.fromTyped(rollout).getResult(30, TimeUnit.SECONDS, RolloutResult.class);
    } catch (java.util.concurrent.TimeoutException e) {
      violation("result", "no result within 30 s after the rollout closed");
      return verdict(null, lastStatus);
    }
    checkEnd(result);
    return verdict(result, result.status());
  }

  private void setUp() {
    List<ServerSpec> servers =
        schedule.names(FaultSchedule.Role.SERVER).stream()
            .map(h -> new ServerSpec(h, null))
            .toList();
    List<ComponentSpec> lbs =
        schedule.names(FaultSchedule.Role.LOAD_BALANCER).stream().map(ComponentSpec::new).toList();
    List<ComponentSpec> consoles =
        schedule.names(FaultSchedule.Role.CONSOLE).stream().map(ComponentSpec::new).toList();
    Inventory inventory =
        new Inventory(
            site,
            new DatabaseSpec(
                DatabaseKind.EMBEDDED,
                "jdbc:h2:mem:" + site + ";DB_CLOSE_DELAY=-1",
                null,
                null,
                false,
                null),
            servers,
            lbs,
            consoles);
    lab =
        Lab.createAfresh(
            inventory, LabRollout.INSTALLED, LabRollout.INSTALLER_PATH, LabRollout.INSTALLER_SHA);
    for (FaultSchedule.Host host : schedule.hosts()) {
      lab.installDuration(host.name(), Duration.ofMillis(host.installMillis()));
    }
    if (schedule.orphan()) {
      lab.addOrphan(site + "-srv-gone", NetworkEntry.SERVER);
    }
    for (FaultSchedule.Fault fault : schedule.setup()) {
      switch (fault.kind()) {
        case FAIL_INSTALLS -> lab.failInstalls(fault.host(), fault.times(), fault.permanent());
        case FAIL_INSTALLS_IN_UPDATE_MODE ->
            lab.failInstallsInUpdateMode(fault.host(), fault.times(), fault.permanent());
        case DOES_NOT_RECONNECT -> lab.doesNotReconnect(fault.host());
        case LOAD_BALANCER_DOES_NOT_STOP ->
            lab.loadBalancerDoesNotStop(fault.host(), fault.times());
      }
    }
    for (FaultSchedule.Host host : schedule.hosts()) {
      agents.put(host.name(), rig.startAgent(lab, host.name()));
    }
    orchestrator = rig.startOrchestrator(queue, schedule.killsTheOrchestrator());
    for (FaultSchedule.Event event : schedule.events()) {
      if (event.kind() == FaultSchedule.Event.Kind.AGENT_DIES_MID_INSTALL) {
        waitingForInstall.add(event);
      } else {
        later.add(new Later(event.atMillis(), event.toString(), () -> fire(event)));
      }
    }
    this.inventory = inventory;
  }

  private void startRollout() {
    // Lab servers that do not reconnect at once never do: they get 1 s before V3 (S5).
    Policy policy =
        new Policy(schedule.approvals(), null, 2, 1, schedule.maxAttempts(), null, null, null, null)
            .withBounds(1, 1, null);
    RolloutRequest request =
        new RolloutRequest(
            inventory,
            LabRollout.TARGET,
            new Installer(LabRollout.INSTALLER_PATH, LabRollout.INSTALLER_SHA),
            policy,
            "fault-schedule");
    String id = RolloutIds.workflowId(site);
    rollout =
        rig.client.newWorkflowStub(
            RolloutWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(queue)
                // A worker killed mid-task costs this long, not the default 10 s.
                .setWorkflowTaskTimeout(Duration.ofSeconds(2))
                .build());
    startedAt = System.currentTimeMillis();
    WorkflowClient.start(rollout::run, request);
    rollout = rig.client.newWorkflowStub(RolloutWorkflow.class, id);
    quickRollout = rig.quickClient.newWorkflowStub(RolloutWorkflow.class, id);
    quickStub = rig.quickClient.newUntypedWorkflowStub(id);
  }

  // ---- events ----

  private record Later(long atMillis, String what, Runnable action) {}

  private void fireDue(long now) {
    while (!later.isEmpty() && later.peek().atMillis() <= now) {
      Later next = later.poll();
      note(next.what());
      next.action().run();
    }
  }

  /** Agents that die at the first poll that finds their host's installer running. */
  private void fireOnInstall(LabObservation lab) {
    for (FaultSchedule.Event event : waitingForInstall) {
      if (elapsed() >= event.atMillis() && lab.installing().contains(event.host())) {
        waitingForInstall.remove(event);
        note("the installer runs on " + event.host() + ": its agent dies");
        fire(event);
        return;
      }
    }
  }

  private void fire(FaultSchedule.Event event) {
    long at = elapsed();
    switch (event.kind()) {
      case STATUS_READS_FAIL -> lab.failStatusReads(event.host(), event.times());
      case NETWORK_LIST_LAG -> {
        lab.networkListLag(Duration.ofMillis(event.times()));
        later.add(
            new Later(
                at + event.lastsMillis(),
                "the Network list lag ends",
                () -> lab.networkListLag(Duration.ZERO)));
      }
      case AGENT_DIES, AGENT_DIES_MID_INSTALL -> {
        FaultRig.Agent agent = agents.remove(event.host());
        if (agent == null) {
          return;
        }
        agent.kill();
        deadAgents.add(agent);
        if (event.lastsMillis() == 0) {
          agentsDownUntilFixed.add(event.host());
        } else {
          later.add(
              new Later(
                  at + event.lastsMillis(),
                  "the agent of " + event.host() + " is back",
                  () -> restartAgent(event.host())));
        }
      }
      case ORCHESTRATOR_RESTARTS -> {
        if (orchestrator == null) {
          return;
        }
        orchestrator.shutdownNow();
        orchestrator.awaitTermination(5, TimeUnit.SECONDS);
        orchestrator = null;
        later.add(
            new Later(
                at + event.lastsMillis(),
                "the orchestrator worker is back",
                this::restartOrchestratorNow));
      }
      case DATABASE_OUTAGE -> {
        rig.central.down(site, true);
        if (event.lastsMillis() == 0) {
          databaseDownUntilFixed = true;
        } else {
          later.add(
              new Later(
                  at + event.lastsMillis(),
                  "the productive database answers again",
                  () -> rig.central.down(site, false)));
        }
      }
      case PAUSE -> {
        signal(() -> rollout.pause(new OperatorRequest(OPERATOR, "fault schedule")));
        later.add(
            new Later(
                at + event.lastsMillis(),
                "resume",
                () -> signal(() -> rollout.resume(new OperatorRequest(OPERATOR, null)))));
      }
      case UNCONFIRMED_ABORT -> sendAbort(false);
      case CONFIRMED_ABORT -> sendAbort(true);
    }
  }

  private void restartAgent(String host) {
    agentsDownUntilFixed.remove(host);
    if (!agents.containsKey(host)) {
      agents.put(host, rig.startAgent(lab, host));
    }
  }

  private void restartOrchestratorNow() {
    if (orchestrator == null) {
      orchestrator = rig.startOrchestrator(queue, schedule.killsTheOrchestrator());
    }
  }

  private void sendAbort(boolean confirmed) {
    confirmedAbortSent |= confirmed;
    signal(() -> rollout.abort(new AbortRequest(OPERATOR, "fault schedule", confirmed)));
  }

  /** Sends a signal; one that comes after the rollout closed is noted, not an error. */
  private void signal(Runnable send) {
    try {
      send.run();
    } catch (WorkflowNotFoundException closed) {
      note("signal after the rollout closed: " + rootMessage(closed));
    }
  }

  /** The operator fixes what holds the rollout: agents, database, failing reads and installs. */
  private void fixEverything(String heldAt) {
    new ArrayList<>(agentsDownUntilFixed).forEach(this::restartAgent);
    if (databaseDownUntilFixed) {
      databaseDownUntilFixed = false;
    }
    rig.central.down(site, false);
    for (FaultSchedule.Host host : schedule.hosts()) {
      lab.failStatusReads(host.name(), 0);
      if (heldAt == null || heldAt.equals(host.name())) {
        lab.failInstalls(host.name(), 0, false);
        if (host.role() == FaultSchedule.Role.SERVER) {
          lab.failInstallsInUpdateMode(host.name(), 0, false);
        }
        lab.loadBalancerDoesNotStop(host.name(), 0);
      }
    }
  }

  // ---- the operator ----

  private void answerGates(RolloutStatus status) {
    for (GateView gate : status.gates()) {
      if (gate.state() != GateState.OPEN) {
        continue;
      }
      long seen = gateSeenAt.computeIfAbsent(gate.gate(), g -> elapsed());
      if (elapsed() - seen < schedule.gateDelayMillis()) {
        continue;
      }
      try {
        if (schedule.rejections().contains(gate.gate()) && status.pointOfNoReturnPassed()) {
          rejectPastThePoint(gate.gate());
        } else if (schedule.rejections().contains(gate.gate())) {
          rollout.rejectGate(new GateDecision(gate.gate(), OPERATOR, "fault schedule"));
          note("rejected gate " + gate.gate());
        } else {
          rollout.approveGate(new GateDecision(gate.gate(), OPERATOR, null));
          note("approved gate " + gate.gate());
        }
      } catch (RuntimeException e) {
        note("approval of " + gate.gate() + " refused: " + rootMessage(e));
      }
    }
  }

  /**
   * Past the point of no return an unconfirmed rejection must be refused; a confirmed one is taken.
   */
  private void rejectPastThePoint(String gate) {
    try {
      rollout.rejectGate(new GateDecision(gate, OPERATOR, "fault schedule"));
      violation(
          "I5 unconfirmed rejection",
          "I5: an unconfirmed rejection of " + gate + " was taken past the point of no return");
    } catch (RuntimeException refused) {
      note("unconfirmed rejection of " + gate + " refused: " + rootMessage(refused));
    }
    rollout.rejectGate(new GateDecision(gate, OPERATOR, "fault schedule", true));
    confirmedRejection = true;
    note("rejected gate " + gate + ", confirmed");
  }

  private void answerHold(RolloutStatus status) {
    if (status.heldAt() == null) {
      return;
    }
    int hold = lastIndexOf(status.timeline(), "holding at ");
    if (hold <= lastAnsweredHold) {
      return;
    }
    long seen = holdSeenAt.computeIfAbsent(hold, h -> elapsed());
    if (elapsed() - seen < schedule.holdDelayMillis()) {
      return;
    }
    lastAnsweredHold = hold;
    String at = status.heldAt();
    boolean atHost = schedule.hosts().stream().anyMatch(h -> h.name().equals(at));
    FaultSchedule.Answer answer;
    if (nextAnswer < schedule.answers().size()) {
      answer = schedule.answers().get(nextAnswer++);
    } else if (retriesAfterAnswers++ < FaultSchedule.RETRIES_AFTER_ANSWERS) {
      fixEverything(at);
      answer = FaultSchedule.Answer.RETRY;
    } else {
      answer = FaultSchedule.Answer.ABORT;
    }
    if (atHost && status.waitingFor() != null && status.waitingFor().contains("no agent polling")) {
      restartAgent(at);
    }
    note("held at " + at + " (" + shorten(status.waitingFor()) + "): " + answer);
    try {
      switch (answer) {
        case RETRY -> {
          if (atHost) {
            rollout.retryHost(new HostDecision(at, OPERATOR, "fault schedule"));
          } else {
            rollout.retry(new OperatorRequest(OPERATOR, "fault schedule"));
          }
        }
        case RETRY_BY_SIGNAL ->
            signal(
                () ->
                    rollout.answerHold(
                        new HoldReply(
                            HoldReply.RETRY,
                            atHost ? at : null,
                            OPERATOR,
                            "fault schedule",
                            null)));
        case SKIP -> {
          if (!atHost) {
            rollout.retry(new OperatorRequest(OPERATOR, "fault schedule"));
          } else {
            try {
              rollout.skipHost(new HostDecision(at, OPERATOR, "fault schedule", true));
            } catch (RuntimeException refused) {
              note("skip refused (" + rootMessage(refused) + "): retry");
              rollout.retryHost(new HostDecision(at, OPERATOR, "fault schedule"));
            }
          }
        }
        case ABORT -> sendAbort(true);
      }
    } catch (RuntimeException e) {
      note("answer " + answer + " failed: " + rootMessage(e));
    }
  }

  // ---- the invariants ----

  private void check(
      LabObservation before, LabObservation after, RolloutStatus status, List<String> attribute) {
    for (LabObservation o : List.of(before, after)) {
      if (!o.oldServersServingOnNewerSchema().isEmpty()) {
        violation(
            "I1",
            "I1: "
                + o.oldServersServingOnNewerSchema()
                + " serve on the productive database with a Major.Minor older than its schema "
                + o.productiveSchema());
      }
      if (o.servingServers().isEmpty()) {
        violation("I3", "I3 (S1): no server serves");
      }
      for (var e : o.installsRun().entrySet()) {
        if (e.getValue() > 1) {
          violation(
              "I4 runs " + e.getKey(),
              "I4: the installer ran " + e.getValue() + " times to its end on " + e.getKey());
        }
      }
      for (var e : o.installerStarts().entrySet()) {
        int allowed = 1 + schedule.failuresAfterInstallerStart(e.getKey());
        if (e.getValue() > allowed) {
          violation(
              "I4 starts " + e.getKey(),
              "I4: an installer started "
                  + e.getValue()
                  + " times on "
                  + e.getKey()
                  + " (at most "
                  + allowed
                  + " allowed)");
        }
      }
    }
    Set<String> local = new TreeSet<>(before.serversOnLocalCopy());
    local.retainAll(after.serversOnLocalCopy());
    if (status != null) {
      checkTakenOut(status, after);
      Set<String> missing = new TreeSet<>(local);
      missing.removeAll(status.takenOutOfNetwork());
      missing.removeAll(status.serversOnLocalCopy());
      if (!missing.isEmpty()) {
        violation(
            "I2 status " + missing,
            "I2: the lab has "
                + missing
                + " on a local copy, the status's serversOnLocalCopy "
                + status.serversOnLocalCopy()
                + " (phase "
                + status.phase()
                + (status.heldAt() == null ? "" : ", held at " + status.heldAt())
                + ")");
      }
      if (status.phase() == Phase.FAILED && status.pointOfNoReturnPassed()) {
        violation("I5 failed", "I5: FAILED past the point of no return: " + status.waitingFor());
      }
    }
    if (attribute != null) {
      Set<String> missing = new TreeSet<>(local);
      if (status != null) {
        missing.removeAll(status.takenOutOfNetwork());
      } else {
        missing.removeAll(after.takenOut());
      }
      missing.removeAll(attribute);
      if (!missing.isEmpty()) {
        violation(
            "I2 attribute " + missing,
            "I2: the lab has "
                + missing
                + " on a local copy, UmsLocalCopy "
                + attribute
                + (status == null ? " (orchestrator down)" : " (phase " + status.phase() + ")"));
      }
    }
  }

  /** Servers the rollout took out of the network must be stopped in the lab. */
  private void checkTakenOut(RolloutStatus status, LabObservation lab) {
    for (String host : status.takenOutOfNetwork()) {
      if (!lab.takenOut().contains(host) || lab.servingServers().contains(host)) {
        violation(
            "taken out " + host,
            "I2: " + host + " is taken out of the network by the rollout but serves in the lab");
      }
    }
  }

  private void checkEnd(RolloutResult result) {
    RolloutStatus status = result.status();
    LabObservation end = lab.observe();
    check(end, lab.observe(), status, localCopyAttribute());
    if (end.momentsWithoutServingServer() != 0) {
      violation(
          "I3 end",
          "I3 (S1): an install started while no other server served, "
              + end.momentsWithoutServingServer()
              + " times");
    }
    Phase outcome = result.outcome();
    boolean pastPoint = status.pointOfNoReturnPassed();
    switch (outcome) {
      case COMPLETED -> {
        if (!end.serversOnLocalCopy().isEmpty()) {
          violation(
              "I5 completed",
              "I5: COMPLETED with " + end.serversOnLocalCopy() + " on a local copy");
        }
      }
      case REJECTED -> {
        if (pastPoint && !confirmedRejection) {
          violation(
              "I5 rejected",
              "I5: REJECTED past the point of no return, with no confirmation: "
                  + result.message());
        }
      }
      case REFUSED, FAILED -> {
        if (pastPoint) {
          violation(
              "I5 failed", "I5: " + outcome + " past the point of no return: " + result.message());
        }
      }
      case ABORTED -> {
        if (pastPoint && !confirmedAbortSent) {
          violation(
              "I5 aborted", "I5: ABORTED past the point of no return with no confirmed abort");
        }
      }
      case FAILED_VERIFICATION -> checkFailedVerification(result);
      default ->
          violation("I5 outcome", "I5: unexpected outcome " + outcome + ": " + result.message());
    }
  }

  /**
   * FAILED_VERIFICATION is an honest end after a skip: every mismatch is about a skipped host, and
   * each skipped host is named. Any other mismatch (a Network list that lags included) settles or
   * holds at verification, so it never ends the rollout.
   */
  private void checkFailedVerification(RolloutResult result) {
    RolloutStatus status = result.status();
    Set<String> skipped = new HashSet<>(status.takenOutOfNetwork());
    status.findings().stream()
        .filter(f -> f.message() != null && f.message().startsWith("skipped by"))
        .map(Finding::host)
        .forEach(skipped::add);
    for (String host : skipped) {
      if (!result.message().contains(host + ":") && !result.message().contains("entry " + host)) {
        violation(
            "I5 unreported " + host,
            "I5: skipped " + host + " is not reported: " + result.message());
      }
    }
    for (Finding f : status.findings()) {
      if (f.rule() == null || !Set.of("V1", "V2", "V4").contains(f.rule())) {
        continue;
      }
      boolean aboutSkipped = f.host() != null && skipped.contains(f.host());
      if (!aboutSkipped) {
        violation(
            "I5 verification " + f.host(),
            "I5: FAILED_VERIFICATION with a mismatch not explained by a skip: "
                + f.rule()
                + " "
                + f.host()
                + " "
                + f.message());
      }
    }
    if (status.hosts().stream().noneMatch(h -> h.state() == HostState.SKIPPED)
        && skipped.isEmpty()) {
      violation("I5 verification", "I5: FAILED_VERIFICATION without a skip: " + result.message());
    }
    if (result.message().contains("productive schema")) {
      violation("I5 schema", "I5 (S5): the schema was not renewed: " + result.message());
    }
  }

  // ---- reading the rollout ----

  private RolloutStatus queryStatus() {
    try {
      return quickRollout.status();
    } catch (RuntimeException e) {
      if (polls % 50 == 0) {
        note("status query failed: " + rootMessage(e));
      }
      return null;
    }
  }

  private List<String> localCopyAttribute() {
    try {
      List<String> servers =
          quickStub.describe().getTypedSearchAttributes().get(RolloutSearchAttributes.LOCAL_COPY);
      return servers == null ? List.of() : servers;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private boolean closed() {
    try {
      return quickStub.describe().getStatus()
          != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (RuntimeException e) {
      return false;
    }
  }

  // ---- the end ----

  private Verdict verdict(RolloutResult result, RolloutStatus status) {
    StringBuilder report = new StringBuilder();
    report.append(schedule).append('\n');
    report
        .append("  outcome: ")
        .append(result == null ? "none" : result.outcome() + ": " + result.message())
        .append('\n');
    if (!violations.isEmpty()) {
      report.append("  broken:\n");
      violations.values().forEach(v -> report.append("    ").append(v).append('\n'));
    }
    report.append("  driver:\n");
    log.forEach(l -> report.append("    ").append(l).append('\n'));
    if (status != null) {
      report.append("  rollout timeline (last 40):\n");
      List<TimelineEntry> timeline = status.timeline();
      timeline
          .subList(Math.max(0, timeline.size() - 40), timeline.size())
          .forEach(
              t ->
                  report
                      .append("    +")
                      .append(t.atMillis() - startedAt)
                      .append(" ms ")
                      .append(t.message())
                      .append('\n'));
    }
    if (lab != null) {
      List<Lab.LabEvent> events = lab.eventLog();
      report.append("  lab events (last 40):\n");
      events
          .subList(Math.max(0, events.size() - 40), events.size())
          .forEach(
              e ->
                  report
                      .append("    +")
                      .append(e.atMillis() - startedAt)
                      .append(" ms ")
                      .append(e.line())
                      .append('\n'));
    }
    return new Verdict(
        schedule,
        result == null ? null : result.outcome(),
        result == null ? null : result.message(),
        elapsed(),
        List.copyOf(violations.values()),
        report.toString());
  }

  private void cleanUp() {
    try {
      if (rollout != null && !closed()) {
        WorkflowStub.fromTyped(rollout).terminate("fault schedule ended");
      }
    } catch (RuntimeException ignored) {
      // Already closed.
    }
    if (orchestrator != null) {
      orchestrator.shutdownNow();
    }
    agents.values().forEach(FaultRig.Agent::bury);
    deadAgents.forEach(FaultRig.Agent::bury);
    rig.central.down(site, false);
    if (lab != null) {
      lab.close();
    }
  }

  // ---- helpers ----

  private long elapsed() {
    return startedAt == 0 ? 0 : System.currentTimeMillis() - startedAt;
  }

  private void note(String line) {
    log.add("+" + elapsed() + " ms " + line);
  }

  private static int lastIndexOf(List<TimelineEntry> timeline, String prefix) {
    for (int i = timeline.size() - 1; i >= 0; i--) {
      if (timeline.get(i).message().startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private static String shorten(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 140 ? text : text.substring(0, 140) + "...";
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return shorten(cause.getMessage());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
