package org.umsrollout.workflows.rollout;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.umsrollout.workflows.command.AbortRequest;
import org.umsrollout.workflows.command.GateAnswer;
import org.umsrollout.workflows.command.GateDecision;
import org.umsrollout.workflows.command.HostDecision;
import org.umsrollout.workflows.command.OperatorCommand;
import org.umsrollout.workflows.command.RolloutRequest;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.HostRef;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.model.UmsVersion;
import org.umsrollout.workflows.ports.CentralActivities;
import org.umsrollout.workflows.ports.ChecksumQuery;
import org.umsrollout.workflows.ports.ChecksumReading;
import org.umsrollout.workflows.ports.ClockReading;
import org.umsrollout.workflows.ports.DatabaseQuery;
import org.umsrollout.workflows.ports.HostActivities;
import org.umsrollout.workflows.ports.HostQuery;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.InstallCommand;
import org.umsrollout.workflows.ports.InstallResult;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.ports.NetworkList;
import org.umsrollout.workflows.ports.RemoveEntries;
import org.umsrollout.workflows.ports.TestEvidence;
import org.umsrollout.workflows.ports.TestedQuery;
import org.umsrollout.workflows.rules.ClockRule;
import org.umsrollout.workflows.rules.VersionRule;
import org.umsrollout.workflows.status.BackupRecord;
import org.umsrollout.workflows.status.Finding;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.status.TimelineEntry;
import org.umsrollout.workflows.temporal.FailureTypes;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;
import org.umsrollout.workflows.temporal.TaskQueues;

/** Performs PROCEDURE.md on one HA network. Deterministic: all I/O happens in activities. */
public class RolloutWorkflowImpl implements RolloutWorkflow {
  private static final Logger log = Workflow.getLogger(RolloutWorkflowImpl.class);

  private final RolloutRequest request;
  private final Policy policy;
  private final UmsVersion target;
  private final CentralActivities central;
  private final Map<String, HostActivities> hostCalls = new HashMap<>();
  private final Map<String, HostActivities> installCalls = new HashMap<>();

  private final Map<String, HostView> hosts = new LinkedHashMap<>();
  private final Map<Gate, GateView> gates = new EnumMap<>(Gate.class);
  private final List<TimelineEntry> timeline = new ArrayList<>();
  private final List<Finding> findings = new ArrayList<>();
  private final List<String> orphans = new ArrayList<>();

  private Phase phase = Phase.SUBMITTED;
  private String waitingFor;
  private boolean paused;
  private String pausedBy;
  private int serversUpdated;
  private String progress;
  private Long freezeSinceMillis;
  private boolean pointOfNoReturnPassed;
  private String productiveSchema;
  private BackupRecord backup;
  private AbortRequest abort;
  private boolean freezeAlert;
  private String heldAt;
  private String holdAnswer;
  private String holdDecidedBy;
  private List<String> publishedLocalCopy = List.of();

  @WorkflowInit
  public RolloutWorkflowImpl(RolloutRequest request) {
    this.request = request;
    this.policy = request.effectivePolicy();
    this.target =
        UmsVersion.isValid(request.targetVersion())
            ? UmsVersion.parse(request.targetVersion())
            : null;
    this.central =
        Workflow.newActivityStub(
            CentralActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.ORCHESTRATOR)
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(retry())
                .build(),
            Map.of(
                "BackupDatabase",
                ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.ORCHESTRATOR)
                    .setStartToCloseTimeout(Duration.ofHours(4))
                    .setHeartbeatTimeout(policy.heartbeatTimeout())
                    .setRetryOptions(retry())
                    .build()));
    for (HostRef ref : request.inventory().hosts()) {
      hosts.put(
          ref.host(),
          new HostView(ref.host(), ref.role(), HostState.PENDING, null, null, null, null, null));
    }
    for (Gate gate : Gate.values()) {
      gates.put(
          gate,
          new GateView(
              gate.id(),
              gate.description(),
              policy.needsApproval(gate)
                  || (gate == Gate.UNTESTED_VERSION
                      && Inventory.PRODUCTION.equals(request.inventory().stage())),
              GateState.NOT_REACHED,
              null,
              null,
              null));
    }
    progress = "0 of " + request.inventory().servers().size() + " servers updated";
  }

  @Override
  public RolloutResult run(RolloutRequest ignored) {
    if (target == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "'" + request.targetVersion() + "' is not a UMS version (Major.Minor.Build)",
          FailureTypes.REFUSED_INPUT.type());
    }
    Workflow.upsertTypedSearchAttributes(
        RolloutSearchAttributes.SITE.valueSet(request.inventory().site()),
        RolloutSearchAttributes.TARGET_VERSION.valueSet(target.toString()));
    note(
        "rollout of "
            + request.inventory().site()
            + " to "
            + target
            + " submitted by "
            + orUnknown(request.requestedBy()));
    try {
      prepare();
      passGate(Gate.FIRST_SERVER);
      updateServers();
      finalizeSchema();
      flagOlderComponents();
      updateOtherComponents();
      return verify();
    } catch (RolloutStopped stop) {
      return finish(stop.outcome, stop.getMessage());
    } catch (ActivityFailure e) {
      // A database activity that kept failing past its retries: end in a final phase that
      // says what failed and what is left on a local copy, rather than failing the workflow.
      finding(Severity.ERROR, null, null, "activity failed: " + rootMessage(e));
      return finish(
          Phase.FAILED,
          "stopped in phase "
              + phase
              + ": "
              + rootMessage(e)
              + (pointOfNoReturnPassed ? onLocalCopySentence() : "; nothing was installed"));
    }
  }

  // ---- prepare (P1-P5) ----

  private void prepare() {
    enter(Phase.PREPARING);
    checkInstallers();
    readAllHosts(HostState.CHECKED);
    checkVersions();
    checkTestedFirst();
    checkClocks();
    removeOrphans();
    takeBackup();
  }

  private void checkInstallers() {
    Map<String, Promise<ChecksumReading>> readings = new LinkedHashMap<>();
    for (String host : hosts.keySet()) {
      ChecksumQuery query = new ChecksumQuery(host, request.installer().path());
      readings.put(host, Async.function(hostCall(host)::installerChecksum, query));
    }
    List<String> problems = new ArrayList<>();
    readings.forEach(
        (host, promise) -> {
          String problem;
          try {
            ChecksumReading reading = promise.get();
            if (!reading.present()) {
              problem = "installer " + request.installer().path() + " missing";
            } else if (!reading.sha256().equalsIgnoreCase(request.installer().sha256())) {
              problem = "installer checksum " + reading.sha256() + " differs";
            } else {
              problem = null;
            }
          } catch (ActivityFailure e) {
            problem = "host agent did not answer: " + rootMessage(e);
          }
          if (problem != null) {
            problems.add(host + ": " + problem);
            finding(Severity.ERROR, "P1", host, problem);
          }
        });
    if (!problems.isEmpty()) {
      throw new RolloutStopped(
          Phase.REFUSED,
          "P1: the installer of "
              + target
              + " (SHA-256 "
              + request.installer().sha256()
              + ") must be on every host; nothing was touched. "
              + String.join("; ", problems));
    }
    note("P1: installer present with the expected checksum on all " + hosts.size() + " hosts");
  }

  private void checkVersions() {
    List<String> refusals = new ArrayList<>();
    for (HostView view : List.copyOf(hosts.values())) {
      if (view.version() != null && !UmsVersion.isValid(view.version())) {
        String why =
            view.host() + " reports version '" + view.version() + "', not Major.Minor.Build";
        refusals.add(why);
        finding(Severity.ERROR, "P4", view.host(), why);
        continue;
      }
      VersionRule.Verdict verdict = VersionRule.judge(view.version(), target);
      switch (verdict) {
        case REFUSED -> {
          String why = VersionRule.refusal(view.host(), view.version(), target);
          refusals.add(why);
          finding(Severity.ERROR, "P4", view.host(), why);
        }
        case ALREADY_ON_TARGET -> {
          hosts.put(view.host(), view.withState(HostState.SKIPPED, "already on " + target));
          note(view.host() + " already runs " + target + ": skipped");
        }
        case DOWNGRADE_WITHIN_SCHEMA ->
            finding(
                Severity.INFO,
                "P4",
                view.host(),
                "goes back from "
                    + view.version()
                    + " to "
                    + target
                    + " within schema "
                    + target.schemaVersion());
        case UPGRADE -> {}
      }
    }
    if (!refusals.isEmpty()) {
      throw new RolloutStopped(Phase.REFUSED, String.join("; ", refusals));
    }
  }

  /**
   * T1: a production network gets only versions that completed on its test installation first;
   * otherwise an operator must approve going on. Added after the first recorded histories.
   */
  private void checkTestedFirst() {
    if (Workflow.getVersion("t1-tested-first", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return;
    }
    String stage = request.inventory().stage();
    String testSite = request.inventory().testSite();
    if (Inventory.TEST.equals(stage)) {
      gates.put(
          Gate.UNTESTED_VERSION, gates.get(Gate.UNTESTED_VERSION).withState(GateState.NOT_NEEDED));
      note(
          "T1: "
              + request.inventory().site()
              + " is a test installation: try "
              + target
              + " here first");
      return;
    }
    String why;
    if (testSite == null) {
      why = "no test installation is named (inventory field testSite)";
    } else {
      TestEvidence evidence = central.testedFirst(new TestedQuery(testSite, target.toString()));
      if (evidence.verified(target.toString())) {
        gates.put(
            Gate.UNTESTED_VERSION,
            gates.get(Gate.UNTESTED_VERSION).withState(GateState.NOT_NEEDED));
        note(
            "T1: "
                + target
                + " completed on the test installation "
                + testSite
                + (evidence.closedAt() == null ? "" : " at " + evidence.closedAt()));
        return;
      }
      why =
          evidence.found()
              ? "the latest rollout of test installation "
                  + testSite
                  + " is "
                  + evidence.phase()
                  + " to "
                  + evidence.version()
                  + ", not COMPLETED to "
                  + target
              : "test installation " + testSite + " has had no rollout";
    }
    finding(
        Severity.WARNING,
        "T1",
        null,
        target + " was not tried on a test installation first: " + why);
    passGate(Gate.UNTESTED_VERSION);
  }

  private void checkClocks() {
    while (true) {
      Map<String, Promise<ClockReading>> readings = new LinkedHashMap<>();
      for (HostView view : hosts.values()) {
        if (view.role().isServer()) {
          HostQuery query = new HostQuery(view.host(), view.role());
          readings.put(view.host(), Async.function(hostCall(view.host())::clock, query));
        }
      }
      List<ClockReading> read = new ArrayList<>();
      readings.forEach((host, promise) -> read.add(answerOf(host, promise, "P5")));
      ClockRule.Verdict verdict =
          ClockRule.judge(read, Duration.ofSeconds(policy.maxClockSkewSeconds()).toMillis());
      if (verdict.inSync()) {
        note("P5: server clocks within " + verdict.spreadMillis() + " ms of each other");
        return;
      }
      String offsets =
          verdict.outliers().stream()
              .map(o -> o.host() + " " + formatOffset(o.offsetMillis()))
              .collect(Collectors.joining(", "));
      verdict
          .outliers()
          .forEach(
              o ->
                  finding(
                      Severity.ERROR,
                      "P5",
                      o.host(),
                      "clock " + formatOffset(o.offsetMillis()) + " from the other servers"));
      String why =
          "P5: server clocks differ by "
              + formatSeconds(verdict.spreadMillis())
              + " (at most "
              + policy.maxClockSkewSeconds()
              + " s allowed): "
              + offsets
              + ". Set the clocks, restart the HA services on those servers, then recheck.";
      holdFor("clocks", why);
      note("P5: rechecking the server clocks");
    }
  }

  private void removeOrphans() {
    NetworkList list = central.readNetworkList(databaseQuery());
    Set<String> servers = hostsWhere(HostRole::isServer);
    Set<String> loadBalancers = hostsWhere(HostRole::hasLoadBalancer);
    List<NetworkEntry> orphaned = new ArrayList<>();
    for (NetworkEntry entry : list.entries()) {
      boolean known =
          NetworkEntry.SERVER.equals(entry.type())
              ? servers.contains(entry.host())
              : loadBalancers.contains(entry.host());
      if (!known) {
        orphaned.add(entry);
      }
    }
    if (orphaned.isEmpty()) {
      gates.put(
          Gate.REMOVE_ORPHANS, gates.get(Gate.REMOVE_ORPHANS).withState(GateState.NOT_NEEDED));
      note("P2: the Network list matches the inventory (" + list.entries().size() + " entries)");
      return;
    }
    orphaned.forEach(
        e -> {
          String line = e.host() + " (" + e.type() + ", id " + e.processId() + ")";
          orphans.add(line);
          finding(Severity.WARNING, "P2", e.host(), "orphaned Network list entry " + line);
        });
    passGate(Gate.REMOVE_ORPHANS);
    List<String> ids = orphaned.stream().map(NetworkEntry::processId).toList();
    NetworkList after = central.removeNetworkEntries(new RemoveEntries(databaseQuery(), ids));
    note(
        "P2: removed "
            + ids.size()
            + " orphaned Network list entries; "
            + after.entries().size()
            + " remain");
  }

  private void takeBackup() {
    String label = request.inventory().site() + "-" + Workflow.getInfo().getRunId();
    try {
      backup =
          central.backup(new org.umsrollout.workflows.ports.BackupCommand(databaseQuery(), label));
    } catch (ActivityFailure e) {
      finding(Severity.ERROR, "P3", null, "backup failed: " + rootMessage(e));
      throw new RolloutStopped(
          Phase.FAILED, "P3: no verified backup, so no server was touched: " + rootMessage(e));
    }
    if (!backup.verified()) {
      finding(Severity.ERROR, "P3", null, "backup not readable: " + backup.verification());
      throw new RolloutStopped(
          Phase.FAILED, "P3: the backup at " + backup.location() + " does not read back");
    }
    note(
        "P3: backup "
            + backup.location()
            + " ("
            + backup.sizeBytes()
            + " bytes, SHA-256 "
            + backup.sha256()
            + ") verified: "
            + backup.verification());
  }

  // ---- servers (S1-S5) ----

  private void updateServers() {
    enter(Phase.UPDATING_SERVERS);
    for (HostView view : List.copyOf(hosts.values())) {
      if (!view.role().isServer() || view.state() == HostState.SKIPPED) {
        continue;
      }
      checkpoint();
      install(view);
    }
  }

  private void install(HostView view) {
    String host = view.host();
    if (view.role().isServer()) {
      pointOfNoReturnPassed = true;
      if (freezeSinceMillis == null) {
        startFreeze();
      }
    }
    InstallResult result = null;
    while (result == null) {
      hosts.put(host, hosts.get(host).withState(HostState.INSTALLING, "installing " + target));
      publishLocalCopy();
      note("installing " + target + " on " + host);
      try {
        result =
            installCall(host)
                .install(
                    new InstallCommand(
                        host,
                        view.role(),
                        target.toString(),
                        request.installer().path(),
                        request.installer().sha256()));
      } catch (ActivityFailure e) {
        String why = rootMessage(e);
        hosts.put(host, hosts.get(host).withState(HostState.FAILED, why));
        publishLocalCopy();
        finding(Severity.ERROR, failureRule(view, e), host, "install failed: " + why);
        String answer =
            holdFor(
                host,
                "install of "
                    + target
                    + " on "
                    + host
                    + " failed: "
                    + why
                    + ". Retry the host, skip it, or abort"
                    + onLocalCopySentence());
        if (answer.equals("skip")) {
          hosts.put(host, hosts.get(host).withState(HostState.SKIPPED, "skipped by " + holdBy()));
          return;
        }
      }
    }
    String report = result.alreadyInstalled() ? "was already installed" : result.installerReport();
    apply(result.after(), HostState.UPDATED, report);
    publishLocalCopy();
    if (result.serversUpdated() != null) {
      serversUpdated = result.serversUpdated();
      progress = result.installerReport();
    }
    note(host + ": " + result.installerReport());
    if (result.attempt() != null && result.attempt() > 1) {
      finding(
          Severity.WARNING,
          view.role() == HostRole.LOAD_BALANCER ? "C4" : null,
          host,
          "install needed "
              + result.attempt()
              + " attempts"
              + (view.role().hasLoadBalancer() ? " (a load balancer that does not stop, C4)" : ""));
    }
    if (result.schemaRenewed()) {
      productiveSchema = target.schemaVersion();
      note("S5: " + host + " renewed the productive schema to " + productiveSchema);
    }
    if (view.role().isServer() && request.inventory().database().isAdNative()) {
      HostStatus after = hostCall(host).reconfigureServerService(new HostQuery(host, view.role()));
      apply(after, HostState.UPDATED, null);
      note("S4: IGEL RMGUIServer start type and logon set again and restarted on " + host);
    }
  }

  private static String failureRule(HostView view, ActivityFailure e) {
    String type = e.getCause() instanceof ApplicationFailure app ? app.getType() : "";
    if (FailureTypes.INSTALL_RIGHTS.type().equals(type)) {
      return "P6";
    }
    if (FailureTypes.INSTALLER_MISMATCH.type().equals(type)) {
      return "P1";
    }
    return view.role() == HostRole.LOAD_BALANCER ? "C4" : null;
  }

  private void startFreeze() {
    freezeSinceMillis = Workflow.currentTimeMillis();
    note(
        "S2: change freeze in force: changes made now are lost after the update; alert after "
            + policy.freezeAlertSeconds()
            + " s");
    if (freezeAlertVersion() >= 1) {
      long since = freezeSinceMillis;
      Workflow.newTimer(Duration.ofSeconds(policy.freezeAlertSeconds()))
          .thenApply(
              fired -> {
                if (freezeSinceMillis != null && freezeSinceMillis == since) {
                  raiseFreezeAlert();
                }
                return fired;
              });
    }
  }

  /**
   * The freeze alert timer came after the first histories were recorded: rollouts started before it
   * replay without the timer. Version 1: a timer raises the S2 alert.
   */
  protected int freezeAlertVersion() {
    return Workflow.getVersion("freeze-alert", Workflow.DEFAULT_VERSION, 1);
  }

  private void raiseFreezeAlert() {
    freezeAlert = true;
    String servers = String.join(", ", serversOnLocalCopy());
    String message =
        "S2: the change freeze has lasted over "
            + policy.freezeAlertSeconds()
            + " s; on a local database copy: "
            + (servers.isEmpty() ? "none yet" : servers)
            + ". The rollout goes on: finish the servers promptly.";
    finding(Severity.WARNING, "S2", null, message);
    note(message);
    log.warn("{}: {}", request.inventory().site(), message);
    Workflow.getMetricsScope().counter("ums_rollout_freeze_alerts").inc(1);
  }

  private void finalizeSchema() {
    enter(Phase.FINALIZING_SCHEMA);
    List<HostView> servers = hosts.values().stream().filter(h -> h.role().isServer()).toList();
    Map<String, HostStatus> now = readHosts(servers);
    now.forEach((host, status) -> apply(status, hosts.get(host).state(), null));
    List<HostStatus> stuck =
        now.values().stream()
            .filter(
                st -> st.datasource() == Datasource.LOCAL_COPY || st.mode() == ServerMode.UPDATE)
            .toList();
    if (stuck.isEmpty()) {
      gates.put(
          Gate.END_UPDATE_MODE, gates.get(Gate.END_UPDATE_MODE).withState(GateState.NOT_NEEDED));
    } else {
      stuck.forEach(
          st ->
              finding(
                  Severity.WARNING,
                  "S5",
                  st.host(),
                  "did not reconnect to the productive database after the schema renewal"));
      passGate(Gate.END_UPDATE_MODE);
    }
    for (HostStatus status : stuck) {
      {
        checkpoint();
        finding(
            Severity.WARNING,
            "V3",
            status.host(),
            "did not reconnect to the productive database: ending its update mode");
        HostStatus after =
            hostCall(status.host()).endUpdateMode(new HostQuery(status.host(), status.role()));
        apply(after, hosts.get(status.host()).state(), "update mode ended (V3)");
        note("V3: ended update mode on " + status.host());
      }
    }
    publishLocalCopy();
    productiveSchema = central.readSchema(databaseQuery()).version();
    if (serversOnLocalCopy().isEmpty() && freezeSinceMillis != null) {
      note("S2: change freeze over: every server works on the productive database");
      freezeSinceMillis = null;
    }
    if (!target.schemaVersion().equals(productiveSchema)) {
      finding(
          Severity.ERROR,
          "S5",
          null,
          "productive schema is " + productiveSchema + ", expected " + target.schemaVersion());
    } else {
      note("S5: productive schema at " + productiveSchema);
    }
  }

  // ---- load balancers and consoles (C1-C4) ----

  /** After the servers: consoles older than them cannot connect (C2), load balancers lag (C3). */
  private void flagOlderComponents() {
    for (HostView view : List.copyOf(hosts.values())) {
      if (view.version() == null || !UmsVersion.isValid(view.version())) {
        continue;
      }
      boolean older = UmsVersion.parse(view.version()).isOlderThan(target);
      if (view.role() == HostRole.CONSOLE && older) {
        String why =
            "console on "
                + view.version()
                + " cannot connect to servers on "
                + target
                + " until it is updated";
        finding(Severity.WARNING, "C2", view.host(), why);
        hosts.put(view.host(), view.withState(view.state(), why));
      } else if (view.role() == HostRole.LOAD_BALANCER
          && !target.toString().equals(view.version())) {
        String why =
            "load balancer on "
                + view.version()
                + " works with servers on "
                + target
                + " but should run the same version";
        finding(Severity.WARNING, "C3", view.host(), why);
        hosts.put(view.host(), view.withState(view.state(), why));
      }
    }
  }

  private void updateOtherComponents() {
    List<HostView> loadBalancers =
        hosts.values().stream().filter(h -> h.role() == HostRole.LOAD_BALANCER).toList();
    List<HostView> consoles =
        hosts.values().stream().filter(h -> h.role() == HostRole.CONSOLE).toList();
    boolean work =
        hosts.values().stream()
            .anyMatch(h -> !h.role().isServer() && h.state() != HostState.SKIPPED);
    if (!work) {
      gates.put(
          Gate.LOAD_BALANCERS, gates.get(Gate.LOAD_BALANCERS).withState(GateState.NOT_NEEDED));
      return;
    }
    passGate(Gate.LOAD_BALANCERS);
    enter(Phase.UPDATING_LOAD_BALANCERS);
    installAll(loadBalancers);
    enter(Phase.UPDATING_CONSOLES);
    installAll(consoles);
  }

  private void installAll(List<HostView> views) {
    for (HostView view : views) {
      if (hosts.get(view.host()).state() == HostState.SKIPPED) {
        continue;
      }
      checkpoint();
      install(hosts.get(view.host()));
    }
  }

  // ---- verify (V1-V4) ----

  private RolloutResult verify() {
    enter(Phase.VERIFYING);
    Map<String, HostStatus> now = readHosts(List.copyOf(hosts.values()));
    List<String> mismatches = new ArrayList<>();
    for (HostStatus status : now.values()) {
      List<String> wrong = new ArrayList<>();
      if (!target.toString().equals(status.version())) {
        wrong.add("runs " + status.version() + ", not " + target);
        finding(Severity.ERROR, "V4", status.host(), "runs " + status.version());
      }
      if (!status.allRunning()) {
        wrong.add("services not running: " + status.stoppedServices());
        finding(Severity.ERROR, "V1", status.host(), "stopped: " + status.stoppedServices());
      }
      if (status.role().isServer()
          && (status.datasource() != Datasource.PRODUCTIVE || status.mode() != ServerMode.NORMAL)) {
        wrong.add("works in " + status.mode() + " mode on " + status.datasource());
        finding(
            Severity.ERROR,
            "V2",
            status.host(),
            "in " + status.mode() + " mode on " + status.datasource());
      }
      apply(
          status,
          wrong.isEmpty() ? HostState.VERIFIED : HostState.FAILED,
          wrong.isEmpty() ? "verified" : String.join("; ", wrong));
      if (!wrong.isEmpty()) {
        mismatches.add(status.host() + ": " + String.join("; ", wrong));
      }
    }
    for (NetworkEntry entry : central.readNetworkList(databaseQuery()).entries()) {
      boolean ok =
          target.toString().equals(entry.version())
              && "SERVICE_RUNNING".equals(entry.serviceStatus())
              && "NORMAL".equalsIgnoreCase(entry.mode());
      if (!ok) {
        String line =
            "Network list entry "
                + entry.host()
                + " ("
                + entry.type()
                + "): "
                + entry.version()
                + ", "
                + entry.serviceStatus()
                + ", mode "
                + entry.mode();
        mismatches.add(line);
        finding(Severity.ERROR, "V4", entry.host(), line);
      }
    }
    productiveSchema = central.readSchema(databaseQuery()).version();
    if (!target.schemaVersion().equals(productiveSchema)) {
      mismatches.add("productive schema " + productiveSchema);
    }
    if (!mismatches.isEmpty()) {
      return finish(
          Phase.FAILED_VERIFICATION,
          "verification found "
              + mismatches.size()
              + " mismatches: "
              + String.join("; ", mismatches));
    }
    return finish(
        Phase.COMPLETED,
        "every host runs "
            + target
            + " with all services, every server in normal mode on the productive database,"
            + " schema "
            + productiveSchema);
  }

  // ---- gates, pause, abort ----

  private void passGate(Gate gate) {
    if (!gates.get(gate).needsApproval()) {
      gates.put(gate, gates.get(gate).withState(GateState.PASSED));
      note("gate " + gate.id() + " passed: the policy needs no approval");
      return;
    }
    gates.put(gate, gates.get(gate).withState(GateState.OPEN));
    waitingFor = "approval of gate " + gate.id() + ": " + gate.description();
    note("waiting for approval of gate " + gate.id());
    Workflow.await(() -> gates.get(gate).state() != GateState.OPEN || abort != null);
    waitingFor = null;
    checkAbort();
    GateView decided = gates.get(gate);
    if (decided.state() == GateState.REJECTED) {
      throw new RolloutStopped(
          Phase.REJECTED,
          "gate "
              + gate.id()
              + " rejected by "
              + decided.decidedBy()
              + (decided.comment() == null ? "" : ": " + decided.comment())
              + onLocalCopySentence());
    }
  }

  private void checkpoint() {
    if (paused && abort == null) {
      waitingFor = "resume (paused by " + pausedBy + ")";
      Workflow.await(() -> !paused || abort != null);
      waitingFor = null;
    }
    checkAbort();
  }

  private void checkAbort() {
    if (abort != null) {
      throw new RolloutStopped(
          Phase.ABORTED,
          "aborted by "
              + orUnknown(abort.by())
              + (abort.reason() == null ? "" : ": " + abort.reason())
              + onLocalCopySentence());
    }
  }

  @Override
  public void approve(GateDecision decision) {
    decideBySignal(decision, GateState.APPROVED, "approval");
  }

  @Override
  public void reject(GateDecision decision) {
    decideBySignal(decision, GateState.REJECTED, "rejection");
  }

  /** A signal cannot be refused: what does not fit is noted in the timeline and ignored. */
  private void decideBySignal(GateDecision decision, GateState state, String what) {
    String refusal = refusalFor(decision);
    if (refusal == null) {
      refusal = approverRefusal(decision);
    }
    if (refusal != null) {
      note("ignored " + what + " signal from " + orUnknown(decision.by()) + ": " + refusal);
      return;
    }
    decide(decision, state);
  }

  @Override
  public GateAnswer approveGate(GateDecision decision) {
    return decideByUpdate(decision, GateState.APPROVED);
  }

  @Override
  public void validateApproveGate(GateDecision decision) {
    refuseIfInvalid(decision);
  }

  @Override
  public GateAnswer rejectGate(GateDecision decision) {
    return decideByUpdate(decision, GateState.REJECTED);
  }

  private GateAnswer decideByUpdate(GateDecision decision, GateState state) {
    String refusal = approverRefusal(decision);
    if (refusal != null) {
      return refuseDecision(decision, refusal);
    }
    return decide(decision, state);
  }

  /** Why the approver policy does not let this person decide, or null when it does. */
  private String approverRefusal(GateDecision decision) {
    return policy.approverRefusal(decision.by(), request.requestedBy());
  }

  /**
   * Keeps a refused decision on record: the Update is accepted and answers with the refusal, so the
   * history holds who tried (a validator's refusal would leave no trace).
   */
  private GateAnswer refuseDecision(GateDecision decision, String refusal) {
    note("refused decision on gate " + decision.gate() + ": " + refusal);
    finding(
        Severity.WARNING,
        null,
        null,
        "refused decision on gate " + decision.gate() + ": " + refusal);
    return new GateAnswer(decision.gate(), "REFUSED", refusal);
  }

  @Override
  public String retryHost(HostDecision decision) {
    return answerHold("retry", decision.by(), decision.comment());
  }

  @Override
  public void validateRetryHost(HostDecision decision) {
    refuseUnlessHeldAt(decision.host());
  }

  @Override
  public String skipHost(HostDecision decision) {
    finding(
        Severity.WARNING,
        null,
        decision.host(),
        "skipped by "
            + orUnknown(decision.by())
            + (decision.comment() == null ? "" : ": " + decision.comment()));
    return answerHold("skip", decision.by(), decision.comment());
  }

  @Override
  public void validateSkipHost(HostDecision decision) {
    refuseUnlessHeldAt(decision.host());
  }

  @Override
  public String recheckClocks(OperatorCommand command) {
    return answerHold("recheck", command.by(), command.reason());
  }

  @Override
  public void validateRecheckClocks(OperatorCommand command) {
    refuseUnlessHeldAt("clocks");
  }

  private void refuseUnlessHeldAt(String what) {
    if (heldAt == null || holdAnswer != null) {
      throw new IllegalArgumentException("the rollout holds at nothing now (phase " + phase + ")");
    }
    if (!heldAt.equals(what)) {
      throw new IllegalArgumentException(
          "the rollout holds at " + heldAt + ", not at " + what + ": " + waitingFor);
    }
  }

  private String answerHold(String answer, String by, String comment) {
    holdAnswer = answer;
    holdDecidedBy = orUnknown(by);
    note(
        answer
            + " at "
            + heldAt
            + " by "
            + holdDecidedBy
            + (comment == null ? "" : ": " + comment));
    return answer + " " + heldAt;
  }

  @Override
  public void validateRejectGate(GateDecision decision) {
    refuseIfInvalid(decision);
  }

  private void refuseIfInvalid(GateDecision decision) {
    String refusal = refusalFor(decision);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
  }

  /** Why a decision cannot be taken now, or null when it can. */
  private String refusalFor(GateDecision decision) {
    if (decision == null || decision.gate() == null) {
      return "no gate named; gates of a rollout: " + Gate.knownIds();
    }
    var gate = Gate.byId(decision.gate());
    if (gate.isEmpty()) {
      return "unknown gate '" + decision.gate() + "'; gates of a rollout: " + Gate.knownIds();
    }
    GateView view = gates.get(gate.get());
    if (view.state() != GateState.OPEN) {
      String open =
          gates.values().stream()
              .filter(g -> g.state() == GateState.OPEN)
              .map(GateView::gate)
              .collect(Collectors.joining(", "));
      return "gate '"
          + decision.gate()
          + "' is not open (it is "
          + view.state()
          + (view.decidedBy() == null ? "" : " by " + view.decidedBy())
          + "); open now: "
          + (open.isEmpty() ? "none" : open);
    }
    return null;
  }

  private GateAnswer decide(GateDecision decision, GateState state) {
    Gate gate = Gate.byId(decision.gate()).orElseThrow();
    gates.put(
        gate,
        gates
            .get(gate)
            .decided(
                state, orUnknown(decision.by()), decision.comment(), Workflow.currentTimeMillis()));
    note(
        "gate "
            + gate.id()
            + " "
            + state.name().toLowerCase()
            + " by "
            + orUnknown(decision.by())
            + (decision.comment() == null ? "" : ": " + decision.comment()));
    return new GateAnswer(gate.id(), state.name(), "gate " + gate.id() + " " + state.name());
  }

  @Override
  public void pause(OperatorCommand command) {
    if (paused || phase.isFinal()) {
      return;
    }
    paused = true;
    pausedBy = orUnknown(command.by());
    note("paused by " + pausedBy + (command.reason() == null ? "" : ": " + command.reason()));
  }

  @Override
  public void resume(OperatorCommand command) {
    if (!paused) {
      return;
    }
    paused = false;
    pausedBy = null;
    note("resumed by " + orUnknown(command.by()));
  }

  @Override
  public void abort(AbortRequest request) {
    if (abort != null || phase.isFinal()) {
      return;
    }
    if (pointOfNoReturnPassed && !request.isConfirmed()) {
      note(
          "abort by "
              + orUnknown(request.by())
              + " not taken: past the point of no return (S6) it must be confirmed."
              + onLocalCopySentence());
      return;
    }
    abort = request;
    note("abort requested by " + orUnknown(request.by()));
  }

  @Override
  public RolloutStatus status() {
    int serverCount = request.inventory().servers().size();
    return new RolloutStatus(
        Workflow.getInfo().getWorkflowId(),
        request.inventory().site(),
        request.targetVersion(),
        phase,
        waitingFor,
        paused,
        pausedBy,
        serversUpdated,
        serverCount,
        progress,
        serversOnLocalCopy(),
        freezeSinceMillis,
        pointOfNoReturnPassed,
        freezeAlert,
        heldAt,
        productiveSchema,
        List.copyOf(hosts.values()),
        List.copyOf(gates.values()),
        List.copyOf(orphans),
        backup,
        List.copyOf(findings),
        List.copyOf(timeline));
  }

  // ---- helpers ----

  private RolloutResult finish(Phase outcome, String message) {
    publishLocalCopy();
    enter(outcome);
    waitingFor = null;
    note(message);
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new RolloutResult(outcome, message, status());
  }

  private void enter(Phase next) {
    phase = next;
    Workflow.upsertTypedSearchAttributes(RolloutSearchAttributes.PHASE.valueSet(next.name()));
    note("phase " + next);
  }

  private void note(String message) {
    timeline.add(new TimelineEntry(Workflow.currentTimeMillis(), phase, message));
    log.info("{}: {}", request.inventory().site(), message);
  }

  private void finding(Severity severity, String rule, String host, String message) {
    findings.add(new Finding(severity, rule, host, message));
  }

  private void readAllHosts(HostState state) {
    readHosts(List.copyOf(hosts.values())).forEach((host, status) -> apply(status, state, null));
  }

  private Map<String, HostStatus> readHosts(List<HostView> views) {
    Map<String, Promise<HostStatus>> pending = new LinkedHashMap<>();
    for (HostView view : views) {
      HostQuery query = new HostQuery(view.host(), view.role());
      pending.put(view.host(), Async.function(hostCall(view.host())::status, query));
    }
    Map<String, HostStatus> result = new LinkedHashMap<>();
    pending.forEach((host, promise) -> result.put(host, answerOf(host, promise, null)));
    return result;
  }

  /** A host call's answer; a host whose agent does not answer stops the rollout, said plainly. */
  private <T> T answerOf(String host, Promise<T> promise, String rule) {
    try {
      return promise.get();
    } catch (ActivityFailure e) {
      String why = "host agent did not answer: " + rootMessage(e);
      finding(Severity.ERROR, rule, host, why);
      throw new RolloutStopped(
          phase == Phase.PREPARING ? Phase.REFUSED : Phase.FAILED,
          host
              + ": "
              + why
              + (phase == Phase.PREPARING ? "; nothing was touched" : onLocalCopySentence()));
    }
  }

  /**
   * Holds the rollout until an operator answers (retry, skip, recheck) or aborts; returns the
   * answer. The reason is in the status meanwhile.
   */
  private String holdFor(String what, String reason) {
    heldAt = what;
    holdAnswer = null;
    waitingFor = reason;
    note("holding at " + what + ": " + reason);
    Workflow.await(() -> holdAnswer != null || abort != null);
    heldAt = null;
    waitingFor = null;
    checkAbort();
    return holdAnswer;
  }

  private String holdBy() {
    return holdDecidedBy == null ? "unknown" : holdDecidedBy;
  }

  /** Takes what a host reported into its view; a null detail keeps the one it had. */
  private void apply(HostStatus status, HostState state, String detail) {
    HostView old = hosts.get(status.host());
    HostState keep =
        old.state() == HostState.SKIPPED && state == HostState.CHECKED ? old.state() : state;
    hosts.put(
        status.host(),
        new HostView(
            status.host(),
            old.role(),
            keep,
            status.version(),
            status.mode(),
            status.datasource(),
            status.allRunning(),
            detail == null ? old.detail() : detail));
  }

  /**
   * Records in the search attribute UmsLocalCopy the servers on a local copy or being installed, so
   * that they can be read from Temporal while no orchestrator runs. Added after the first recorded
   * histories.
   */
  private void publishLocalCopy() {
    List<String> now =
        hosts.values().stream()
            .filter(
                h -> h.onLocalCopy() || (h.role().isServer() && h.state() == HostState.INSTALLING))
            .map(HostView::host)
            .toList();
    if (now.equals(publishedLocalCopy)
        || Workflow.getVersion("local-copy-attribute", Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return;
    }
    publishedLocalCopy = now;
    Workflow.upsertTypedSearchAttributes(
        now.isEmpty()
            ? RolloutSearchAttributes.LOCAL_COPY.valueUnset()
            : RolloutSearchAttributes.LOCAL_COPY.valueSet(now));
  }

  private List<String> serversOnLocalCopy() {
    return hosts.values().stream().filter(HostView::onLocalCopy).map(HostView::host).toList();
  }

  private String onLocalCopySentence() {
    List<String> local = serversOnLocalCopy();
    if (local.isEmpty()) {
      return "";
    }
    return ". Still on a local database copy: "
        + String.join(", ", local)
        + ". The network is whole again only when every server is updated and the schema"
        + " renewed, or when the backup is restored into a separate HA network (S6)";
  }

  private Set<String> hostsWhere(java.util.function.Predicate<HostRole> role) {
    return hosts.values().stream()
        .filter(h -> role.test(h.role()))
        .map(HostView::host)
        .collect(Collectors.toSet());
  }

  private DatabaseQuery databaseQuery() {
    return new DatabaseQuery(request.inventory().site(), request.inventory().database());
  }

  private HostActivities hostCall(String host) {
    return hostCalls.computeIfAbsent(
        host,
        h ->
            Workflow.newActivityStub(
                HostActivities.class,
                ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.host(h))
                    .setStartToCloseTimeout(policy.hostCallTimeout())
                    .setScheduleToCloseTimeout(
                        policy.hostCallTimeout().multipliedBy(policy.maxAttempts()))
                    .setRetryOptions(retry(FailureTypes.WRONG_HOST.type()))
                    .build()));
  }

  private HostActivities installCall(String host) {
    return installCalls.computeIfAbsent(
        host,
        h ->
            Workflow.newActivityStub(
                HostActivities.class,
                ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.host(h))
                    .setStartToCloseTimeout(policy.installTimeout())
                    .setHeartbeatTimeout(policy.heartbeatTimeout())
                    .setRetryOptions(
                        retry(
                            FailureTypes.INSTALL_RIGHTS.type(),
                            FailureTypes.INSTALLER_MISMATCH.type(),
                            FailureTypes.WRONG_HOST.type()))
                    .build()));
  }

  private RetryOptions retry(String... nonRetryable) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(Duration.ofMinutes(1))
        .setMaximumAttempts(policy.maxAttempts())
        .setDoNotRetry(nonRetryable)
        .build();
  }

  /**
   * The activity's own words: the outermost application failure's message (it carries the causes it
   * wrapped), else the deepest cause's, such as a timeout.
   */
  private static String rootMessage(TemporalFailure failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
      if (cause instanceof ApplicationFailure app) {
        return app.getOriginalMessage();
      }
    }
    if (cause instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return cause.getMessage();
  }

  private static String formatSeconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }

  private static String formatOffset(long millis) {
    return (millis >= 0 ? "+" : "-") + Math.round(Math.abs(millis) / 1000.0) + " s";
  }

  private static String orUnknown(String who) {
    return who == null || who.isBlank() ? "unknown" : who;
  }

  /** Ends the rollout early with an outcome; thrown inside the workflow, caught in run. */
  private static final class RolloutStopped extends RuntimeException {
    private final Phase outcome;

    RolloutStopped(Phase outcome, String message) {
      super(message, null, false, false);
      this.outcome = outcome;
    }
  }
}
