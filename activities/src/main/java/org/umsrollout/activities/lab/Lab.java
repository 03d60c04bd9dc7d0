package org.umsrollout.activities.lab;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.ports.ServiceState;

/**
 * A simulated UMS HA network that behaves as PROCEDURE.md says the real one does. Its productive
 * database is a real SQL database (H2 through JDBC) holding the schema version, the Network list
 * ({@code epr_processes}, N2) and configuration rows. Servers switch to update mode on a local copy
 * of the configuration while they are updated (S1); what is written there is lost (S2); the last
 * server renews the schema and the others reconnect (S5), unless told not to.
 *
 * <p>All of the lab's state lives in that database too (tables {@code lab_*}), so several processes
 * can share one lab: with an H2 file URL and {@code AUTO_SERVER=TRUE} the test, the host agents and
 * the orchestrator each open it. The installer runs apart from any agent, as a real one does: an
 * install records when it started, and it completes once its duration has passed, applied under the
 * lab's lock whenever the lab is read. An agent that dies while the installer runs and comes back
 * finds the installer still running (or done) and waits for it instead of starting it again.
 *
 * <p>Faults make it as harsh as real hosts: installs that fail before they start ({@link
 * #failInstalls}) or after switching a server to update mode ({@link #failInstallsInUpdateMode}),
 * load balancers that do not stop, status reads that fail while a server restarts, servers that do
 * not reconnect after the schema renewal, and a Network list that shows changes late ({@link
 * #networkListLag}).
 */
public final class Lab implements AutoCloseable {
  private final String jdbcUrl;
  private final LabDb db;
  private final LabState state;
  private final LabInstaller installer;
  private final String site;

  private Lab(String jdbcUrl, Inventory createFor) {
    this.jdbcUrl = jdbcUrl;
    this.db = new LabDb(jdbcUrl);
    this.state = new LabState(db);
    this.installer = new LabInstaller(db, state);
    if (createFor != null) {
      this.site = createFor.site();
    } else {
      Map<String, Object> settings = db.row("SELECT site FROM lab_settings WHERE id = 1");
      db.commit();
      if (settings == null) {
        throw new IllegalStateException("no lab at " + jdbcUrl + ": create one first");
      }
      this.site = (String) settings.get("SITE");
    }
  }

  /**
   * Drops everything in the inventory's productive database (its JDBC URL) and creates a lab there
   * afresh: the inventory's hosts, every component on {@code installed}, the installer with {@code
   * installerSha256} at {@code installerPath} on every host, clocks in sync, the Network list
   * matching the inventory. Whatever the database held before, another lab included, is lost.
   */
  public static Lab createAfresh(
      Inventory inventory, String installed, String installerPath, String installerSha256) {
    Lab lab = new Lab(inventory.database().jdbcUrl(), inventory);
    lab.state.create(inventory, installed, installerPath, installerSha256);
    return lab;
  }

  /** Opens the lab that {@link #createAfresh} made at {@code jdbcUrl}; nothing is reset. */
  public static Lab open(String jdbcUrl) {
    return new Lab(jdbcUrl, null);
  }

  public String site() {
    return site;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  // ---- faults and settings ----

  /** How long installs started from now on take. */
  public Lab installDuration(Duration duration) {
    inLock(() -> db.sql("UPDATE lab_settings SET install_duration_ms = ?", duration.toMillis()));
    return this;
  }

  /** How long installs started from now on take on this host, whatever the lab-wide duration. */
  public Lab installDuration(String host, Duration duration) {
    return setHost(host, "own_install_duration_ms", duration.toMillis());
  }

  public Duration installDuration() {
    return Duration.ofMillis(
        inLock(() -> db.longValue("SELECT install_duration_ms FROM lab_settings")));
  }

  /** Adds a Network list entry for a component that does not exist (P2). */
  public Lab addOrphan(String host, String type) {
    inLock(() -> state.register(host, type, null));
    return this;
  }

  public Lab clockOffset(String host, Duration offset) {
    return setHost(host, "clock_offset_ms", offset.toMillis());
  }

  /** Puts an installer file with that checksum at the path on the host; null removes it. */
  public Lab installer(String host, String path, String sha256OrNull) {
    inLock(() -> state.installer(host, path, sha256OrNull));
    return this;
  }

  /** The next {@code times} installs on the host fail; permanently means non-retryable. */
  public Lab failInstalls(String host, int times, boolean permanent) {
    setHost(host, "failures_left", times);
    return setHost(host, "fail_permanently", permanent);
  }

  /**
   * The next {@code times} installs on this server get as far as an installer does when it starts,
   * switching the server to update mode on its local copy, and fail at their end (permanently means
   * non-retryable). The server stays in update mode on its local copy, on its old version, until an
   * install succeeds or its update mode is ended.
   */
  public Lab failInstallsInUpdateMode(String server, int times, boolean permanent) {
    if (!role(server).isServer()) {
      throw new IllegalArgumentException(server + " runs no UMS Server: it has no update mode");
    }
    setHost(server, "update_mode_failures_left", times);
    return setHost(server, "update_mode_fail_permanently", permanent);
  }

  /**
   * The Network list ({@code epr_processes}) shows each change of a host made from now on only
   * after {@code lag}: until then it shows the host's previous mode, service status and version. A
   * host's changes show in the order they happened; a zero lag shows new changes at once once the
   * waiting ones are shown. The changes are applied under the lab's lock, as the installer's
   * completions are, so they show on the first read of the lab after their time.
   */
  public Lab networkListLag(Duration lag) {
    inLock(() -> db.sql("UPDATE lab_settings SET network_list_lag_ms = ?", lag.toMillis()));
    return this;
  }

  /** The Network list shows every change that waits now, whatever the lag. */
  public Lab networkListCatchesUp() {
    inLock(state::showWaitingNetworkEntries);
    return this;
  }

  /** The Network list as the productive database holds it now, every type of entry. */
  public List<NetworkEntry> networkList() {
    return inLock(() -> state.networkList());
  }

  /**
   * A schema renewal (by the last installer, or by a server whose update mode ends) does not
   * complete while {@code stuck}: the schema stays old and the servers on their local copies.
   * Ending the fault completes the renewal that waits.
   */
  public Lab schemaRenewalStuck(boolean stuck) {
    inLock(() -> state.schemaRenewalStuck(stuck));
    return this;
  }

  /** After the schema renewal this server stays in update mode on its local copy (S5, V3). */
  public Lab doesNotReconnect(String host) {
    return setHost(host, "reconnects", false);
  }

  /** This load balancer does not stop when the installer asks it to (C4). */
  public Lab loadBalancerDoesNotStop(String host, int times) {
    return setHost(host, "stop_failures_left", times);
  }

  public Lab rootWritable(String host, boolean writable) {
    return setHost(host, "root_writable", writable);
  }

  public Lab version(String host, String version) {
    inLock(() -> state.version(host, version));
    return this;
  }

  // ---- what a host shows ----

  /** The host as its agent would report it. */
  public HostStatus status(String host) {
    return inLock(() -> state.host(host).status());
  }

  /**
   * The host as its agent reads it, which fails while the host does not answer (see {@link
   * #failStatusReads}).
   */
  public HostStatus statusAsRead(String host) {
    return inLock(() -> state.statusAsRead(host));
  }

  /** Its agent reads neither mode nor datasource, as a local agent without those commands. */
  public Lab modeUnreadable(String host) {
    inLock(() -> state.setHost(host, "mode_unreadable", true));
    return this;
  }

  /** The next {@code times} status reads of the host fail, as while its server restarts. */
  public Lab failStatusReads(String host, int times) {
    inLock(() -> state.setHost(host, "status_failures_left", times));
    return this;
  }

  public List<ServiceState> services(String host) {
    return inLock(() -> state.host(host).services());
  }

  public long clockMillis(String host) {
    return inLock(() -> System.currentTimeMillis() + state.host(host).clockOffsetMillis);
  }

  public Optional<String> installerSha256(String host, String path) {
    return inLock(() -> state.installerSha256(host, path));
  }

  public List<String> installRightsProblems(String host) {
    return inLock(() -> state.host(host).installRightsProblems());
  }

  public List<String> hostNames() {
    return inLock(state::hostNames);
  }

  public HostRole role(String host) {
    return inLock(() -> state.host(host).role);
  }

  /** How often an install found no other server serving devices (S1 says: never). */
  public int momentsWithoutServingServer() {
    return (int)
        (long) inLock(() -> db.longValue("SELECT moments_without_serving FROM lab_settings"));
  }

  /** How often the installer ran to its end on the host. */
  public int installsRun(String host) {
    return inLock(() -> state.host(host).installsRun);
  }

  /**
   * How often an installer started on the host (a retried install that finds one running waits for
   * it and starts none): its successful runs, its failed ones and the one running now.
   */
  public int installerStarts(String host) {
    return inLock(() -> state.host(host).installerStarts);
  }

  /**
   * How often an installer failed at its end on the host (see {@link #failInstallsInUpdateMode}).
   */
  public int installsFailed(String host) {
    return inLock(() -> state.host(host).installsFailed);
  }

  /** Whether an installer runs on the host right now. */
  public boolean installing(String host) {
    return inLock(() -> state.host(host).installing());
  }

  public List<String> events() {
    return eventLog().stream().map(LabEvent::line).toList();
  }

  /** What happened in the lab, with when, oldest first. */
  public List<LabEvent> eventLog() {
    return inLock(state::eventLog);
  }

  /** The servers that work on a local copy of the database right now (S1). */
  public List<String> serversOnLocalCopy() {
    return inLock(state::serversOnLocalCopy);
  }

  // ---- installing ----

  /**
   * Installs {@code version} on a host and waits until the installer is done, calling {@code
   * progress} at least every quarter second. If that installer already runs on the host (started by
   * an agent that has since died), this waits for it instead of starting it again. The effect
   * follows the vendor's description: see the class comment.
   */
  public UmsHost.InstallOutcome install(
      String hostName, String version, UmsHost.Progress progress) {
    return installer.install(hostName, version, progress);
  }

  /** "End update mode for local UMS Server": back to the productive database (V3). */
  public void endUpdateMode(String hostName) {
    inLock(() -> state.endUpdateMode(hostName));
  }

  /**
   * Sets the start type and logon of the "IGEL RMGUIServer" service again and restarts it, as an
   * AD-native SQL Server installation needs after every install (S4).
   */
  public void reconfigureServerService(String hostName) {
    inLock(() -> state.reconfigureServerService(hostName));
  }

  /**
   * Takes a server out of the HA network: its server and load balancer services stop and stay
   * stopped, whatever its version, until an install starts on it again. While an installer runs it
   * cannot: that installer would start the services again when it ends.
   */
  public void takeOutOfNetwork(String hostName) {
    inLock(() -> state.takeOutOfNetwork(hostName));
  }

  public boolean takenOut(String host) {
    return inLock(() -> state.host(host).takenOut);
  }

  /**
   * The servers that serve devices on the productive database with a Major.Minor older than its
   * schema: the state the vendor forbids (an old server on a renewed schema).
   */
  public List<String> oldServersServingOnNewerSchema() {
    return inLock(
        () -> LabObservation.oldServingOnNewer(state.allHosts(), state.productiveSchema()));
  }

  /** The servers that serve devices right now (S1: never none). */
  public List<String> servingServers() {
    return inLock(
        () -> state.allHosts().stream().filter(LabHost::serving).map(h -> h.name).toList());
  }

  /**
   * What the lab's own state says at one moment, read under one lock: for tests that check
   * invariants many times a second against the lab rather than the rollout's word.
   */
  public LabObservation observe() {
    return inLock(() -> LabObservation.of(state, db));
  }

  public int serviceReconfigurations(String host) {
    return inLock(() -> state.host(host).serviceReconfigurations);
  }

  // ---- configuration changes (S2) ----

  /**
   * A console writes a setting through a server. In update mode it lands on the server's local copy
   * and is lost when the server returns to the productive database (S2).
   */
  public void writeConfig(String viaServer, String key, String value) {
    inLock(() -> state.writeConfig(viaServer, key, value));
  }

  /** A setting as the server sees it. */
  public Optional<String> readConfig(String viaServer, String key) {
    return inLock(() -> state.readConfig(viaServer, key));
  }

  public String productiveSchema() {
    return inLock(state::productiveSchema);
  }

  @Override
  public void close() {
    db.close();
  }

  // ---- internals ----

  /** The installer takes the lock: installs whose time is up complete before anything is read. */
  private <T> T inLock(Supplier<T> work) {
    return installer.inLock(work);
  }

  private void inLock(Runnable work) {
    inLock(
        () -> {
          work.run();
          return null;
        });
  }

  private Lab setHost(String host, String column, Object value) {
    inLock(() -> state.setHost(host, column, value));
    return this;
  }

  /** One line of the lab's event log and when it happened (epoch millis). */
  public record LabEvent(long atMillis, String line) {}
}
