package org.umsrollout.workflows.rollout;

import static org.umsrollout.workflows.rollout.Wording.formatOffset;
import static org.umsrollout.workflows.rollout.Wording.formatSeconds;
import static org.umsrollout.workflows.rollout.Wording.rootMessage;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.UmsVersion;
import org.umsrollout.workflows.ports.BackupRequest;
import org.umsrollout.workflows.ports.ChecksumQuery;
import org.umsrollout.workflows.ports.ChecksumReading;
import org.umsrollout.workflows.ports.ClockReading;
import org.umsrollout.workflows.ports.HostQuery;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.ports.NetworkList;
import org.umsrollout.workflows.ports.RemoveEntries;
import org.umsrollout.workflows.ports.RightsReading;
import org.umsrollout.workflows.ports.TestEvidence;
import org.umsrollout.workflows.ports.TestedQuery;
import org.umsrollout.workflows.rules.ClockRule;
import org.umsrollout.workflows.rules.VersionRule;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.Phase;

/**
 * Prepare, before any component is touched (P1-P5, T1): a refusal here leaves the network as it
 * was.
 */
final class Preparation {
  private final RolloutState state;
  private final ActivityStubs stubs;
  private final OperatorControls controls;

  Preparation(RolloutState state, ActivityStubs stubs, OperatorControls controls) {
    this.state = state;
    this.stubs = stubs;
    this.controls = controls;
  }

  void prepare() {
    state.enter(Phase.PREPARING);
    if (state.safe) {
      refuseSingleServer();
    }
    checkInstallers();
    readAllHosts();
    checkVersions();
    if (state.safe) {
      checkInstallRights();
    }
    checkTestedFirst();
    checkClocks();
    if (state.safe) {
      takeBackup("");
      removeOrphans();
    } else {
      removeOrphans();
      takeBackup("");
    }
  }

  /**
   * When the first-server gate waited longer than the policy allows, the network may have changed:
   * the backup is taken again and P1, P4 and P5 checked again, all before the point of no return.
   */
  void recheckIfStale(long gateWaitMillis) {
    if (gateWaitMillis <= state.policy.recheckAfter().toMillis()) {
      return;
    }
    state.note(
        "the first-server gate waited "
            + gateWaitMillis / 1000
            + " s, longer than "
            + state.policy.recheckAfter().toSeconds()
            + " s: checking again and taking a fresh backup (P1, P3, P4, P5)");
    checkInstallers();
    readAllHosts();
    checkVersions();
    checkClocks();
    takeBackup("-recheck");
  }

  /** S1: a network of one server cannot be updated without downtime. */
  private void refuseSingleServer() {
    int servers = state.request.inventory().servers().size();
    if (servers < 2) {
      throw new RolloutStopped(
          Phase.REFUSED,
          "S1: an HA network has two or more servers, so one serves while another is updated;"
              + " this inventory has "
              + servers
              + ". Nothing was touched");
    }
  }

  /** P1: the installer of the target version is on every host, with the same checksum. */
  private void checkInstallers() {
    String path = state.request.installer().path();
    String sha256 = state.request.installer().sha256();
    Map<String, Promise<ChecksumReading>> readings = new LinkedHashMap<>();
    for (String host : state.hosts.keySet()) {
      ChecksumQuery query = new ChecksumQuery(host, path);
      readings.put(host, Async.function(stubs.host(host)::installerChecksum, query));
    }
    List<String> problems = new ArrayList<>();
    readings.forEach(
        (host, promise) -> {
          String problem;
          try {
            ChecksumReading reading = promise.get();
            if (!reading.present()) {
              problem = "installer " + path + " missing";
            } else if (!reading.sha256().equalsIgnoreCase(sha256)) {
              problem = "installer checksum " + reading.sha256() + " differs";
            } else {
              problem = null;
            }
          } catch (ActivityFailure e) {
            problem = Wording.installerUnread(host, e);
          }
          if (problem != null) {
            problems.add(host + ": " + problem);
            state.finding(Severity.ERROR, "P1", host, problem);
          }
        });
    if (!problems.isEmpty()) {
      throw new RolloutStopped(
          Phase.REFUSED,
          "P1: the installer of "
              + state.target
              + " (SHA-256 "
              + sha256
              + ") must be on every host; nothing was touched. "
              + String.join("; ", problems));
    }
    state.note(
        "P1: installer present with the expected checksum on all " + state.hosts.size() + " hosts");
  }

  /** P6: every server can be installed with the rights the installer needs, checked up front. */
  private void checkInstallRights() {
    Map<String, Promise<RightsReading>> readings = new LinkedHashMap<>();
    for (HostView view : state.hosts.values()) {
      if (view.role().isServer() && view.state() != HostState.SKIPPED) {
        HostQuery query = new HostQuery(view.host(), view.role());
        readings.put(view.host(), Async.function(stubs.host(view.host())::installRights, query));
      }
    }
    List<String> problems = new ArrayList<>();
    readings.forEach(
        (host, promise) -> {
          RightsReading reading = stubs.answerOf(host, promise, "P6");
          for (String problem : reading.problems()) {
            problems.add(host + ": " + problem);
            state.finding(Severity.ERROR, "P6", host, problem);
          }
        });
    if (!problems.isEmpty()) {
      throw new RolloutStopped(
          Phase.REFUSED,
          "P6: the installer needs administrator rights on every server; nothing was touched. "
              + String.join("; ", problems));
    }
    state.note("P6: install rights in place on every server");
  }

  private void readAllHosts() {
    stubs
        .readHosts(List.copyOf(state.hosts.values()))
        .forEach((host, status) -> state.apply(status, HostState.CHECKED, null));
  }

  /** P4: no downgrade across Major.Minor; hosts already on the target are skipped. */
  private void checkVersions() {
    UmsVersion target = state.target;
    List<String> refusals = new ArrayList<>();
    for (HostView view : List.copyOf(state.hosts.values())) {
      if (view.version() != null && !UmsVersion.isValid(view.version())) {
        String why =
            view.host() + " reports version '" + view.version() + "', not Major.Minor.Build";
        refusals.add(why);
        state.finding(Severity.ERROR, "P4", view.host(), why);
        continue;
      }
      VersionRule.Verdict verdict = VersionRule.judge(view.version(), target);
      switch (verdict) {
        case REFUSED -> {
          String why = VersionRule.refusal(view.host(), view.version(), target);
          refusals.add(why);
          state.finding(Severity.ERROR, "P4", view.host(), why);
        }
        case ALREADY_ON_TARGET -> {
          state.hosts.put(view.host(), view.withState(HostState.SKIPPED, "already on " + target));
          state.note(view.host() + " already runs " + target + ": skipped");
        }
        case DOWNGRADE_WITHIN_SCHEMA ->
            state.finding(
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
    UmsVersion target = state.target;
    Inventory inventory = state.request.inventory();
    String testSite = inventory.testSite();
    if (Inventory.TEST.equals(inventory.stage())) {
      state.gateState(Gate.UNTESTED_VERSION, GateState.NOT_NEEDED);
      state.note(
          "T1: " + inventory.site() + " is a test installation: try " + target + " here first");
      return;
    }
    String why;
    if (testSite == null) {
      why = "no test installation is named (inventory field testSite)";
    } else {
      TestEvidence evidence =
          stubs.central().testedFirst(new TestedQuery(testSite, target.toString()));
      if (evidence.verified(target.toString())) {
        state.gateState(Gate.UNTESTED_VERSION, GateState.NOT_NEEDED);
        state.note(
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
    state.finding(
        Severity.WARNING,
        "T1",
        null,
        target + " was not tried on a test installation first: " + why);
    controls.passGate(Gate.UNTESTED_VERSION);
  }

  /** P5: server clocks within the policy's skew; otherwise hold until an operator rechecks. */
  private void checkClocks() {
    long maxSkewSeconds = state.policy.maxClockSkewSeconds();
    while (true) {
      Map<String, Promise<ClockReading>> readings = new LinkedHashMap<>();
      for (HostView view : state.hosts.values()) {
        if (view.role().isServer()) {
          HostQuery query = new HostQuery(view.host(), view.role());
          readings.put(view.host(), Async.function(stubs.host(view.host())::clock, query));
        }
      }
      List<ClockReading> read = new ArrayList<>();
      readings.forEach((host, promise) -> read.add(stubs.answerOf(host, promise, "P5")));
      ClockRule.Verdict verdict =
          ClockRule.judge(read, Duration.ofSeconds(maxSkewSeconds).toMillis());
      if (verdict.inSync()) {
        state.note("P5: server clocks within " + verdict.spreadMillis() + " ms of each other");
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
                  state.finding(
                      Severity.ERROR,
                      "P5",
                      o.host(),
                      "clock " + formatOffset(o.offsetMillis()) + " from the other servers"));
      String why =
          "P5: server clocks differ by "
              + formatSeconds(verdict.spreadMillis())
              + " (at most "
              + maxSkewSeconds
              + " s allowed): "
              + offsets
              + ". Set the clocks, restart the HA services on those servers, then recheck.";
      controls.holdFor(Hold.clocks(), why);
      state.note("P5: rechecking the server clocks");
    }
  }

  /** P2: Network list entries with no component in the inventory go, after an operator approves. */
  private void removeOrphans() {
    NetworkList list = stubs.central().readNetworkList(state.databaseQuery());
    Set<String> servers = state.hostsWhere(HostRole::isServer);
    Set<String> loadBalancers = state.hostsWhere(HostRole::hasLoadBalancer);
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
      state.gateState(Gate.REMOVE_ORPHANS, GateState.NOT_NEEDED);
      state.note(
          "P2: the Network list matches the inventory (" + list.entries().size() + " entries)");
      return;
    }
    orphaned.forEach(
        e -> {
          String line = e.host() + " (" + e.type() + ", id " + e.processId() + ")";
          state.orphans.add(line);
          state.finding(Severity.WARNING, "P2", e.host(), "orphaned Network list entry " + line);
        });
    controls.passGate(Gate.REMOVE_ORPHANS);
    List<String> ids = orphaned.stream().map(NetworkEntry::processId).toList();
    NetworkList after =
        stubs.central().removeNetworkEntries(new RemoveEntries(state.databaseQuery(), ids));
    state.note(
        "P2: removed "
            + ids.size()
            + " orphaned Network list entries; "
            + after.entries().size()
            + " remain");
  }

  /** P3: a backup by the database vendor's own method, recorded and verified readable. */
  private void takeBackup(String suffix) {
    String label = state.request.inventory().site() + "-" + Workflow.getInfo().getRunId() + suffix;
    try {
      state.backup = stubs.central().backup(new BackupRequest(state.databaseQuery(), label));
    } catch (ActivityFailure e) {
      state.finding(Severity.ERROR, "P3", null, "backup failed: " + rootMessage(e));
      throw new RolloutStopped(
          Phase.FAILED, "P3: no verified backup, so no server was touched: " + rootMessage(e));
    }
    if (!state.backup.verified()) {
      state.finding(
          Severity.ERROR, "P3", null, "backup not readable: " + state.backup.verification());
      throw new RolloutStopped(
          Phase.FAILED, "P3: the backup at " + state.backup.location() + " does not read back");
    }
    state.note(
        "P3: backup "
            + state.backup.location()
            + " ("
            + state.backup.sizeBytes()
            + " bytes, SHA-256 "
            + state.backup.sha256()
            + ") verified: "
            + state.backup.verification());
  }
}
