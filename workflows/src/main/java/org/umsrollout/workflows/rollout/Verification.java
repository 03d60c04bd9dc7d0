package org.umsrollout.workflows.rollout;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.Phase;

/**
 * V1-V4: every host on the target with its services, every server in normal mode on the productive
 * database, the schema renewed. Past the point of no return a mismatch that no operator chose (a
 * skipped host) is first given time to settle (a server restarting, a Network list that lags), then
 * holds for an operator: it never ends the rollout on its own.
 */
final class Verification {
  /** How often the hosts are read again while mismatches may still settle. */
  private static final Duration SETTLE_POLL = Duration.ofSeconds(10);

  private final RolloutState state;
  private final ActivityStubs stubs;
  private final OperatorControls controls;

  Verification(RolloutState state, ActivityStubs stubs, OperatorControls controls) {
    this.state = state;
    this.stubs = stubs;
    this.controls = controls;
  }

  /** One thing found wrong, and whether an operator's skip explains it. */
  private record Mismatch(String line, boolean skipped) {}

  /** A rule a host breaks, recorded as a finding once the verification ends or holds. */
  private record Broken(String rule, String host, String message) {}

  /** What one reading found. */
  private record Reading(List<Mismatch> mismatches, List<Broken> broken) {}

  Outcome verify() {
    state.enter(Phase.VERIFYING);
    boolean holds = state.verificationHolds;
    Set<String> skipped = new LinkedHashSet<>(state.takenOut);
    state.hosts.values().stream()
        .filter(h -> h.state() == HostState.SKIPPED)
        .forEach(h -> skipped.add(h.host()));
    long settleUntil = Workflow.currentTimeMillis() + state.policy.reconnectWait().toMillis();
    while (true) {
      Reading reading = readAndCompare(skipped);
      List<Mismatch> found = reading.mismatches();
      boolean onlySkipped = found.stream().allMatch(Mismatch::skipped);
      long left = settleUntil - Workflow.currentTimeMillis();
      if (holds && !onlySkipped && left > 0) {
        state.waitingFor =
            "V1-V4: up to "
                + (left + 999) / 1000
                + " s for the hosts to settle: "
                + String.join("; ", found.stream().map(Mismatch::line).toList());
        Workflow.sleep(Duration.ofMillis(Math.min(left, SETTLE_POLL.toMillis())));
        state.waitingFor = null;
        continue;
      }
      reading.broken().forEach(b -> state.finding(Severity.ERROR, b.rule(), b.host(), b.message()));
      if (found.isEmpty()) {
        return new Outcome(
            Phase.COMPLETED,
            "every host runs "
                + state.target
                + " with all services, every server in normal mode on the productive database,"
                + " schema "
                + state.productiveSchema);
      }
      String summary =
          "verification found "
              + found.size()
              + " mismatches: "
              + String.join("; ", found.stream().map(Mismatch::line).toList());
      if (!holds || onlySkipped) {
        return new Outcome(Phase.FAILED_VERIFICATION, summary);
      }
      controls.holdFor(
          Hold.step("verification"),
          summary
              + ". Put them right and retry to verify again (umsrollout retry), or abort with"
              + " confirmation"
              + state.onLocalCopySentence());
      state.note("verifying again");
      settleUntil = Workflow.currentTimeMillis();
    }
  }

  /** Reads every host, the Network list and the schema, and compares them with the target. */
  private Reading readAndCompare(Set<String> skipped) {
    String target = state.target.toString();
    Map<String, HostStatus> now = stubs.readHosts(List.copyOf(state.hosts.values()));
    List<NetworkEntry> entries = stubs.networkList();
    state.applyNetworkList(entries);
    List<Mismatch> found = new ArrayList<>();
    List<Broken> broken = new ArrayList<>();
    for (HostStatus status : now.values()) {
      String host = status.host();
      List<String> wrong = new ArrayList<>();
      if (state.takenOut.contains(host)) {
        wrong.add(
            "taken out of the HA network (S6). Way back: install "
                + target
                + " on it, then start its services");
      }
      if (!state.isTarget(status.version())) {
        wrong.add("runs " + status.version() + ", not " + target);
        broken.add(new Broken("V4", host, "runs " + status.version()));
      }
      if (state.safe ? !status.servicesOfRoleRunning() : !status.allRunning()) {
        wrong.add("services not running: " + status.stoppedServices());
        broken.add(new Broken("V1", host, "stopped: " + status.stoppedServices()));
      }
      if (status.role().isServer() && !onProductiveInNormalMode(status, entries)) {
        wrong.add("works in " + status.mode() + " mode on " + status.datasource());
        broken.add(
            new Broken("V2", host, "in " + status.mode() + " mode on " + status.datasource()));
      }
      state.apply(
          status,
          wrong.isEmpty() ? HostState.VERIFIED : HostState.FAILED,
          wrong.isEmpty() ? "verified" : String.join("; ", wrong));
      if (!wrong.isEmpty()) {
        found.add(new Mismatch(host + ": " + String.join("; ", wrong), skipped.contains(host)));
      }
    }
    for (NetworkEntry entry : entries) {
      boolean ok =
          state.isTarget(entry.version())
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
        found.add(new Mismatch(line, skipped.contains(entry.host())));
        broken.add(new Broken("V4", entry.host(), line));
      }
    }
    state.productiveSchema = stubs.productiveSchema();
    if (!state.target.schemaVersion().equals(state.productiveSchema)) {
      found.add(new Mismatch("productive schema " + state.productiveSchema, false));
    }
    return new Reading(found, broken);
  }

  /**
   * V2: the agent's reading of mode and datasource; where the agent cannot read them (safe
   * rollouts), the server's own Network list entry, which only a server in normal mode on the
   * productive database shows as NORMAL and running (N2).
   */
  private boolean onProductiveInNormalMode(HostStatus status, List<NetworkEntry> entries) {
    if ((status.datasource() != null && status.mode() != null) || !state.safe) {
      return status.datasource() == Datasource.PRODUCTIVE && status.mode() == ServerMode.NORMAL;
    }
    return entries.stream()
        .anyMatch(
            e ->
                e.host().equals(status.host())
                    && NetworkEntry.SERVER.equals(e.type())
                    && "NORMAL".equalsIgnoreCase(e.mode())
                    && "SERVICE_RUNNING".equals(e.serviceStatus()));
  }
}
