package org.umsrollout.workflows.rollout;

import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.umsrollout.workflows.messages.AbortRequest;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.HostRef;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.model.UmsVersion;
import org.umsrollout.workflows.ports.DatabaseQuery;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.status.BackupRecord;
import org.umsrollout.workflows.status.Finding;
import org.umsrollout.workflows.status.Finding.Severity;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.status.TimelineEntry;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/**
 * What the rollout knows: hosts, gates, timeline, findings and where it stands. The status query
 * reads it; every part of the rollout writes it on the workflow thread.
 */
final class RolloutState {
  private static final Logger log = Workflow.getLogger(RolloutWorkflowImpl.class);

  final RolloutRequest request;
  final Policy policy;

  /** The target version, or null when the request names none that parses. */
  final UmsVersion target;

  final Map<String, HostView> hosts = new LinkedHashMap<>();
  final Map<Gate, GateView> gates = new EnumMap<>(Gate.class);
  final List<String> orphans = new ArrayList<>();
  private final List<TimelineEntry> timeline = new ArrayList<>();
  private final List<Finding> findings = new ArrayList<>();

  Phase phase = Phase.SUBMITTED;
  String waitingFor;
  boolean paused;
  String pausedBy;
  int serversUpdated;
  String progress;
  Long freezeSinceMillis;
  boolean pointOfNoReturnPassed;
  String productiveSchema;
  BackupRecord backup;
  AbortRequest abort;
  boolean freezeAlert;
  Hold heldAt;
  HoldAnswer holdAnswer;
  String holdDecidedBy;
  private List<String> publishedLocalCopy = List.of();

  /**
   * The {@code safe-past-point-of-no-return} change: past the first server every failure holds, and
   * the local-copy set is kept conservatively. False while replaying rollouts started before it.
   */
  boolean safe;

  /**
   * Version 2 of that change: a verification mismatch no operator chose waits to settle, then
   * holds, rather than ending the rollout.
   */
  boolean verificationHolds;

  /**
   * Servers counted on a local copy (safe rollouts): from the moment their install is scheduled
   * until a reading shows them back on the productive database and no reading says otherwise.
   */
  private final Set<String> localCopy = new LinkedHashSet<>();

  /** Servers taken out of the HA network after a confirmed skip: stopped, serving no device. */
  final Set<String> takenOut = new LinkedHashSet<>();

  /** Per server, whether the agent last read it on a local copy (null: no reading of the mode). */
  private final Map<String, Boolean> agentSaysLocal = new HashMap<>();

  /** Per server, whether the Network list last showed it in update mode (null: no entry). */
  private final Map<String, Boolean> listSaysLocal = new HashMap<>();

  RolloutState(RolloutRequest request) {
    this.request = request;
    this.policy = request.effectivePolicy();
    this.target =
        UmsVersion.isValid(request.targetVersion())
            ? UmsVersion.parse(request.targetVersion())
            : null;
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

  RolloutStatus status() {
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
        heldAt == null ? null : heldAt.label(),
        productiveSchema,
        List.copyOf(hosts.values()),
        List.copyOf(gates.values()),
        List.copyOf(orphans),
        backup,
        List.copyOf(findings),
        List.copyOf(timeline),
        List.copyOf(takenOut));
  }

  /** A reported version is the target: compared parsed in safe rollouts, as text before them. */
  boolean isTarget(String reported) {
    if (!safe) {
      return target.toString().equals(reported);
    }
    return UmsVersion.isValid(reported) && UmsVersion.parse(reported).equals(target);
  }

  void enter(Phase next) {
    phase = next;
    Workflow.upsertTypedSearchAttributes(RolloutSearchAttributes.PHASE.valueSet(next.name()));
    note("phase " + next);
  }

  void note(String message) {
    timeline.add(new TimelineEntry(Workflow.currentTimeMillis(), phase, message));
    log.info("{}: {}", request.inventory().site(), message);
  }

  void finding(Severity severity, String rule, String host, String message) {
    findings.add(new Finding(severity, rule, host, message));
  }

  void gateState(Gate gate, GateState state) {
    gates.put(gate, gates.get(gate).withState(state));
  }

  void hostState(String host, HostState state, String detail) {
    hosts.put(host, hosts.get(host).withState(state, detail));
  }

  /** Takes what a host reported into its view; a null detail keeps the one it had. */
  void apply(HostStatus status, HostState state, String detail) {
    HostView old = hosts.get(status.host());
    if (old.role().isServer()) {
      agentSaysLocal.put(status.host(), readsLocal(status));
      reconsiderLocalCopy(status.host());
    }
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
            status.servicesOfRoleRunning(),
            detail == null ? old.detail() : detail));
  }

  /** A server counts on a local copy from the moment its install is scheduled (S1, S6). */
  void installScheduled(String server) {
    takenOut.remove(server);
    localCopy.add(server);
    agentSaysLocal.remove(server);
    listSaysLocal.remove(server);
  }

  /** The Network list's mode of each server, the second source beside the agents' readings (N2). */
  void applyNetworkList(List<NetworkEntry> entries) {
    for (NetworkEntry entry : entries) {
      HostView view = hosts.get(entry.host());
      if (view != null && view.role().isServer() && NetworkEntry.SERVER.equals(entry.type())) {
        listSaysLocal.put(entry.host(), listReadsLocal(entry));
        reconsiderLocalCopy(entry.host());
      }
    }
  }

  /**
   * Adds a server that any source reads on a local copy. Removes one only when its agent reads it
   * in normal mode on the productive database, or, where the agent cannot read the mode, when the
   * Network list shows it normal; and never while either source says otherwise.
   */
  private void reconsiderLocalCopy(String server) {
    if (!safe) {
      return;
    }
    if (takenOut.contains(server)) {
      localCopy.remove(server);
      return;
    }
    Boolean agent = agentSaysLocal.get(server);
    Boolean list = listSaysLocal.get(server);
    if (Boolean.TRUE.equals(agent) || Boolean.TRUE.equals(list)) {
      localCopy.add(server);
    } else if (Boolean.FALSE.equals(agent) || (agent == null && Boolean.FALSE.equals(list))) {
      localCopy.remove(server);
    }
  }

  /** As {@link #readsLocal} for a Network list entry: a stopped process's NORMAL says nothing. */
  private static Boolean listReadsLocal(NetworkEntry entry) {
    if (entry.mode() == null) {
      return null;
    }
    if (!"NORMAL".equalsIgnoreCase(entry.mode())) {
      return true;
    }
    return "SERVICE_RUNNING".equals(entry.serviceStatus()) ? false : null;
  }

  /**
   * True on a local copy or in update mode; false in normal mode on the productive database with
   * its services running. A server whose services are down may have an installer at work that has
   * not switched it yet, so that reading says nothing.
   */
  private static Boolean readsLocal(HostStatus status) {
    if (status.datasource() == Datasource.LOCAL_COPY || status.mode() == ServerMode.UPDATE) {
      return true;
    }
    if (status.datasource() == Datasource.PRODUCTIVE
        && status.mode() == ServerMode.NORMAL
        && status.allRunning()) {
      return false;
    }
    return null;
  }

  /**
   * Records in the search attribute UmsLocalCopy the servers on a local copy or being installed, so
   * that they can be read from Temporal while no orchestrator runs. Added after the first recorded
   * histories.
   */
  void publishLocalCopy() {
    List<String> now =
        safe
            ? serversOnLocalCopy()
            : hosts.values().stream()
                .filter(
                    h ->
                        h.onLocalCopy()
                            || (h.role().isServer() && h.state() == HostState.INSTALLING))
                .map(HostView::host)
                .toList();
    if (now.equals(publishedLocalCopy)
        || Workflow.getVersion("local-copy-attribute", Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return;
    }
    publishedLocalCopy = now;
    Workflow.getMetricsScope().gauge("ums_servers_on_local_copy").update(now.size());
    Workflow.upsertTypedSearchAttributes(
        now.isEmpty()
            ? RolloutSearchAttributes.LOCAL_COPY.valueUnset()
            : RolloutSearchAttributes.LOCAL_COPY.valueSet(now));
  }

  List<String> serversOnLocalCopy() {
    if (safe) {
      return hosts.keySet().stream().filter(localCopy::contains).toList();
    }
    return hosts.values().stream().filter(HostView::onLocalCopy).map(HostView::host).toList();
  }

  String onLocalCopySentence() {
    List<String> local = serversOnLocalCopy();
    if (local.isEmpty()) {
      return "";
    }
    return ". Still on a local database copy: "
        + String.join(", ", local)
        + ". The network is whole again only when every server is updated and the schema"
        + " renewed, or when the backup is restored into a separate HA network (S6)";
  }

  Set<String> hostsWhere(Predicate<HostRole> role) {
    return hosts.values().stream()
        .filter(h -> role.test(h.role()))
        .map(HostView::host)
        .collect(Collectors.toSet());
  }

  DatabaseQuery databaseQuery() {
    return new DatabaseQuery(request.inventory().site(), request.inventory().database());
  }
}
