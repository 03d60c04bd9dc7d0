package org.umsrollout.activities.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.umsrollout.activities.host.InstallFailedException;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.HostRef;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.model.UmsVersion;
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
 */
public final class Lab implements AutoCloseable {
  private final String jdbcUrl;
  private final LabDb db;
  private final String site;

  private Lab(String jdbcUrl, Inventory createFor) {
    this.jdbcUrl = jdbcUrl;
    this.db = new LabDb(jdbcUrl);
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
   * A lab for the inventory's hosts, every component on {@code installed}, the installer with
   * {@code installerSha256} at {@code installerPath} on every host, clocks in sync, the Network
   * list matching the inventory. The productive database is the inventory's JDBC URL; whatever it
   * held before is dropped.
   */
  public static Lab of(
      Inventory inventory, String installed, String installerPath, String installerSha256) {
    Lab lab = new Lab(inventory.database().jdbcUrl(), inventory);
    lab.create(inventory, installed, installerPath, installerSha256);
    return lab;
  }

  /** Opens a lab that {@link #of} created at {@code jdbcUrl}, as it stands; nothing is reset. */
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
    inLock(() -> register(host, type, null));
    return this;
  }

  public Lab clockOffset(String host, Duration offset) {
    return setHost(host, "clock_offset_ms", offset.toMillis());
  }

  public Lab installer(String host, String path, String sha256OrNull) {
    inLock(
        () -> {
          host(host);
          db.sql("DELETE FROM lab_installer WHERE host = ? AND path = ?", host, path);
          if (sha256OrNull != null) {
            db.sql("INSERT INTO lab_installer VALUES (?, ?, ?)", host, path, sha256OrNull);
          }
        });
    return this;
  }

  /** The next {@code times} installs on the host fail; permanently means non-retryable. */
  public Lab failInstalls(String host, int times, boolean permanent) {
    setHost(host, "failures_left", times);
    return setHost(host, "fail_permanently", permanent);
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
    inLock(
        () -> {
          host(host);
          db.sql("UPDATE lab_host SET version = ? WHERE host = ?", version, host);
          updateNetworkEntries(host(host));
        });
    return this;
  }

  // ---- what a host shows ----

  /** The host as its agent would report it. */
  public HostStatus status(String host) {
    return inLock(() -> host(host).status());
  }

  public List<ServiceState> services(String host) {
    return inLock(() -> host(host).services());
  }

  public long clockMillis(String host) {
    return inLock(() -> System.currentTimeMillis() + host(host).clockOffsetMillis);
  }

  public Optional<String> installerSha256(String host, String path) {
    return inLock(
        () -> {
          host(host);
          return Optional.ofNullable(
              db.stringValue(
                  "SELECT sha256 FROM lab_installer WHERE host = ? AND path = ?", host, path));
        });
  }

  public List<String> installRightsProblems(String host) {
    return inLock(
        () -> {
          LabHost h = host(host);
          List<String> problems = new ArrayList<>();
          if (h.role.isServer() && !h.rootWritable) {
            problems.add("/root is not writable for root (P6)");
          }
          return problems;
        });
  }

  public List<String> hostNames() {
    return inLock(
        () ->
            db.rows("SELECT host FROM lab_host ORDER BY ord").stream()
                .map(r -> (String) r.get("HOST"))
                .toList());
  }

  public HostRole role(String host) {
    return inLock(() -> host(host).role);
  }

  /** How often an install found no other server serving devices (S1 says: never). */
  public int momentsWithoutServingServer() {
    return (int)
        (long) inLock(() -> db.longValue("SELECT moments_without_serving FROM lab_settings"));
  }

  /** How often the installer ran to its end on the host. */
  public int installsRun(String host) {
    return inLock(() -> host(host).installsRun);
  }

  /** Whether an installer runs on the host right now. */
  public boolean installing(String host) {
    return inLock(() -> host(host).installing());
  }

  public List<String> events() {
    return eventLog().stream().map(LabEvent::line).toList();
  }

  /** What happened in the lab, with when, oldest first. */
  public List<LabEvent> eventLog() {
    return inLock(
        () ->
            db.rows("SELECT at_millis, line FROM lab_event ORDER BY id").stream()
                .map(r -> new LabEvent((Long) r.get("AT_MILLIS"), (String) r.get("LINE")))
                .toList());
  }

  /** The servers that work on a local copy of the database right now (S1). */
  public List<String> serversOnLocalCopy() {
    return inLock(
        () ->
            db
                .rows(
                    "SELECT host FROM lab_host WHERE datasource = ? ORDER BY ord",
                    Datasource.LOCAL_COPY.name())
                .stream()
                .map(r -> (String) r.get("HOST"))
                .toList());
  }

  // ---- installing ----

  /**
   * Installs {@code version} on a host and waits until the installer is done, calling {@code
   * progress} at least every quarter second. If that installer already runs on the host (started by
   * an agent that has since died), this waits for it instead of starting it again. The effect
   * follows the vendor's description: see the class comment.
   */
  public LabInstall install(String hostName, String version, ProgressSink progress) {
    long started = inLock(() -> startInstall(hostName, version));
    while (true) {
      Optional<LabInstall> done = inLock(() -> installOutcome(hostName, version, started));
      if (done.isPresent()) {
        return done.get();
      }
      long duration = inLock(() -> host(hostName).installDurationMillis);
      long elapsed = System.currentTimeMillis() - started;
      int percent = (int) Math.min(99, duration <= 0 ? 99 : elapsed * 100 / duration);
      progress.report(percent, "installing " + version + " on " + hostName);
      try {
        Thread.sleep(Math.max(5, Math.min(250, Math.min(duration / 5, duration - elapsed))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("waiting for the installer on " + hostName, e);
      }
    }
  }

  /** "End update mode for local UMS Server": back to the productive database (V3). */
  public void endUpdateMode(String hostName) {
    inLock(
        () -> {
          LabHost h = host(hostName);
          if (h.mode != ServerMode.UPDATE) {
            return;
          }
          String schema = UmsVersion.parse(h.version).schemaVersion();
          if (schema.compareTo(productiveSchemaInLock()) > 0) {
            renewSchema(schema, hostName);
          }
          leaveUpdateMode(hostName);
          updateNetworkEntries(host(hostName));
          event(hostName + ": update mode ended, on the productive database");
        });
  }

  /**
   * Sets the start type and logon of the "IGEL RMGUIServer" service again and restarts it, as an
   * AD-native SQL Server installation needs after every install (S4).
   */
  public void reconfigureServerService(String hostName) {
    inLock(
        () -> {
          host(hostName);
          db.sql(
              "UPDATE lab_host SET service_logon_lost = FALSE,"
                  + " service_reconfigurations = service_reconfigurations + 1 WHERE host = ?",
              hostName);
          event(hostName + ": IGELRMGUIServer start type and logon set, service restarted (S4)");
        });
  }

  public int serviceReconfigurations(String host) {
    return inLock(() -> host(host).serviceReconfigurations);
  }

  // ---- configuration changes (S2) ----

  /**
   * A console writes a setting through a server. In update mode it lands on the server's local copy
   * and is lost when the server returns to the productive database (S2).
   */
  public void writeConfig(String viaServer, String key, String value) {
    inLock(
        () -> {
          if (host(viaServer).mode == ServerMode.UPDATE) {
            db.upsert(
                "lab_local_copy",
                "host, config_key, config_value",
                "host, config_key",
                viaServer,
                key,
                value);
            return;
          }
          db.upsert("ums_config", "config_key, config_value", "config_key", key, value);
        });
  }

  /** A setting as the server sees it. */
  public Optional<String> readConfig(String viaServer, String key) {
    return inLock(
        () -> {
          if (host(viaServer).mode == ServerMode.UPDATE) {
            return Optional.ofNullable(
                db.stringValue(
                    "SELECT config_value FROM lab_local_copy WHERE host = ? AND config_key = ?",
                    viaServer,
                    key));
          }
          return Optional.ofNullable(
              db.stringValue("SELECT config_value FROM ums_config WHERE config_key = ?", key));
        });
  }

  public String productiveSchema() {
    return inLock(this::productiveSchemaInLock);
  }

  @Override
  public void close() {
    db.close();
  }

  // ---- the installer ----

  /** Starts the installer unless it runs already; answers when the running one started. */
  private long startInstall(String hostName, String version) {
    LabHost h = host(hostName);
    if (h.installing()) {
      if (!version.equals(h.installVersion)) {
        throw new InstallFailedException(
            hostName + ": the installer of " + h.installVersion + " is still running", false);
      }
      event(hostName + ": installer of " + version + " already running, waiting for it");
      return h.installStartedAt;
    }
    if (h.failuresLeft > 0) {
      db.sql("UPDATE lab_host SET failures_left = failures_left - 1 WHERE host = ?", hostName);
      event(hostName + ": installer failed");
      throw new LabDb.FailedInLock(
          new InstallFailedException(
              hostName + ": the installer of " + version + " exited with code 1 (lab fault)",
              h.failPermanently));
    }
    if (h.role.hasLoadBalancer() && h.stopFailuresLeft > 0) {
      db.sql(
          "UPDATE lab_host SET stop_failures_left = stop_failures_left - 1 WHERE host = ?",
          hostName);
      event(hostName + ": load balancer did not stop");
      throw new LabDb.FailedInLock(
          new InstallFailedException(
              hostName + ": the UMS Load Balancer did not stop for the update (C4)", false));
    }
    if (h.role.isServer() && servingServers() == 0) {
      db.sql("UPDATE lab_settings SET moments_without_serving = moments_without_serving + 1");
    }
    long now = System.currentTimeMillis();
    db.sql(
        "UPDATE lab_host SET install_started_at = ?, install_version = ?,"
            + " install_duration_ms = COALESCE(own_install_duration_ms,"
            + " (SELECT install_duration_ms FROM lab_settings)),"
            + " last_report = NULL WHERE host = ?",
        now,
        version,
        hostName);
    updateNetworkEntries(host(hostName));
    event(hostName + ": installer of " + version + " started");
    return now;
  }

  /** The outcome of the install started at {@code started}, once the installer is done. */
  private Optional<LabInstall> installOutcome(String hostName, String version, long started) {
    LabHost h = host(hostName);
    if (h.installing()) {
      if (h.installStartedAt != started) {
        throw new IllegalStateException(hostName + ": another installer run started meanwhile");
      }
      return Optional.empty();
    }
    if (h.lastReport == null || !version.equals(h.version)) {
      throw new IllegalStateException(hostName + ": the installer of " + version + " vanished");
    }
    return Optional.of(
        new LabInstall(
            h.lastReport, h.lastServersUpdated, h.lastServersTotal, h.lastSchemaRenewed));
  }

  /** Completes every install whose time is up, in the order they end. */
  private void completeDueInstalls() {
    List<Map<String, Object>> due =
        db.rows(
            "SELECT host FROM lab_host WHERE install_started_at IS NOT NULL"
                + " AND install_started_at + install_duration_ms <= ?"
                + " ORDER BY install_started_at + install_duration_ms, ord",
            System.currentTimeMillis());
    for (Map<String, Object> row : due) {
      finishInstall(host((String) row.get("HOST")));
    }
  }

  private void finishInstall(LabHost h) {
    String version = h.installVersion;
    db.sql(
        "UPDATE lab_host SET install_started_at = NULL, install_version = NULL,"
            + " installs_run = installs_run + 1, version = ?, service_logon_lost = ?"
            + " WHERE host = ?",
        version,
        // The installer resets the service's logon; with AD-native SQL Server it cannot start.
        h.serviceLogonLost
            || (h.role.isServer()
                && Boolean.TRUE.equals(
                    db.row("SELECT ad_native FROM lab_settings").get("AD_NATIVE"))),
        h.name);
    if (!h.role.isServer()) {
      updateNetworkEntries(host(h.name));
      event(h.name + ": " + h.role + " updated to " + version);
      recordOutcome(h.name, h.name + " updated to " + version, null, null, false);
      return;
    }
    List<NetworkEntry> registered = networkList(NetworkEntry.SERVER);
    int total = registered.size();
    int updated = (int) registered.stream().filter(e -> version.equals(currentVersion(e))).count();
    String report = updated + " of " + total + " servers updated";
    event(h.name + ": " + report);
    if (updated < total) {
      enterUpdateMode(h.name);
      updateNetworkEntries(host(h.name));
      recordOutcome(h.name, report, updated, total, false);
      return;
    }
    renewSchema(UmsVersion.parse(version).schemaVersion(), h.name);
    leaveUpdateMode(h.name);
    updateNetworkEntries(host(h.name));
    for (LabHost other : allHosts()) {
      if (!other.name.equals(h.name) && other.role.isServer() && other.mode == ServerMode.UPDATE) {
        if (other.reconnects) {
          leaveUpdateMode(other.name);
          event(other.name + ": restarted and reconnected to the productive database");
        } else {
          event(other.name + ": did not reconnect, still on its local copy");
        }
        updateNetworkEntries(host(other.name));
      }
    }
    recordOutcome(h.name, report, updated, total, true);
  }

  private void recordOutcome(
      String host, String report, Integer updated, Integer total, boolean schemaRenewed) {
    db.sql(
        "UPDATE lab_host SET last_report = ?, last_servers_updated = ?, last_servers_total = ?,"
            + " last_schema_renewed = ? WHERE host = ?",
        report,
        updated,
        total,
        schemaRenewed,
        host);
  }

  private void enterUpdateMode(String host) {
    db.sql(
        "UPDATE lab_host SET mode = ?, datasource = ? WHERE host = ?",
        ServerMode.UPDATE.name(),
        Datasource.LOCAL_COPY.name(),
        host);
    db.sql("DELETE FROM lab_local_copy WHERE host = ?", host);
    db.sql(
        "INSERT INTO lab_local_copy"
            + " SELECT CAST(? AS VARCHAR(255)), config_key, config_value FROM ums_config",
        host);
  }

  private void leaveUpdateMode(String host) {
    db.sql(
        "UPDATE lab_host SET mode = ?, datasource = ? WHERE host = ?",
        ServerMode.NORMAL.name(),
        Datasource.PRODUCTIVE.name(),
        host);
    db.sql("DELETE FROM lab_local_copy WHERE host = ?", host);
  }

  // ---- internals ----

  /** Runs {@code work} under the lab's lock, after completing the installs whose time is up. */
  private <T> T inLock(Supplier<T> work) {
    return db.inLock(
        () -> {
          completeDueInstalls();
          return work.get();
        });
  }

  private void inLock(Runnable work) {
    inLock(
        () -> {
          work.run();
          return null;
        });
  }

  private Lab setHost(String host, String column, Object value) {
    inLock(
        () -> {
          host(host);
          db.sql("UPDATE lab_host SET " + column + " = ? WHERE host = ?", value, host);
        });
    return this;
  }

  private LabHost host(String name) {
    Map<String, Object> row = db.row("SELECT * FROM lab_host WHERE host = ?", name);
    if (row == null) {
      throw new IllegalArgumentException("the lab has no host " + name);
    }
    return new LabHost(row);
  }

  private List<LabHost> allHosts() {
    return db.rows("SELECT * FROM lab_host ORDER BY ord").stream().map(LabHost::new).toList();
  }

  private int servingServers() {
    return (int) allHosts().stream().filter(h -> h.role.isServer() && !h.installing()).count();
  }

  private void event(String line) {
    db.sql(
        "INSERT INTO lab_event (at_millis, line) VALUES (?, ?)", System.currentTimeMillis(), line);
  }

  private void create(
      Inventory inventory, String installed, String installerPath, String installerSha256) {
    db.recreateSchema();
    // The rows go in one transaction without the lock: no install can be due yet.
    db.sql(
        "INSERT INTO lab_settings VALUES (1, ?, ?, 200, 0, 1000)",
        site,
        inventory.database().isAdNative());
    db.sql("INSERT INTO ums_schema VALUES (?)", UmsVersion.parse(installed).schemaVersion());
    db.sql("INSERT INTO ums_config VALUES ('network.name', ?)", site);
    int ord = 0;
    for (HostRef ref : inventory.hosts()) {
      boolean server = ref.role().isServer();
      db.sql(
          "INSERT INTO lab_host (host, ord, role, version, mode, datasource)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          ref.host(),
          ord++,
          ref.role().name(),
          installed,
          server ? ServerMode.NORMAL.name() : null,
          server ? Datasource.PRODUCTIVE.name() : null);
      db.sql(
          "INSERT INTO lab_installer VALUES (?, ?, ?)", ref.host(), installerPath, installerSha256);
      if (server) {
        register(ref.host(), NetworkEntry.SERVER, installed);
      }
      if (ref.role().hasLoadBalancer()) {
        register(ref.host(), NetworkEntry.LOAD_BALANCER, installed);
      }
    }
    db.commit();
  }

  private void register(String host, String type, String version) {
    long id = db.longValue("SELECT next_process_id FROM lab_settings") + 1;
    db.sql("UPDATE lab_settings SET next_process_id = ?", id);
    db.sql(
        "INSERT INTO epr_processes VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)",
        String.valueOf(id),
        host,
        type,
        "NORMAL",
        "SERVICE_RUNNING",
        version);
  }

  private void updateNetworkEntries(LabHost h) {
    db.sql(
        "UPDATE epr_processes SET epr_process_version = ?, epr_process_mode = ?,"
            + " epr_service_status = ?, epr_timestamp = CURRENT_TIMESTAMP"
            + " WHERE epr_process_host = ?",
        h.version,
        h.mode == null ? "NORMAL" : h.mode.name(),
        h.installing() ? "SERVICE_STOPPED" : "SERVICE_RUNNING",
        h.name);
  }

  private void renewSchema(String schema, String byHost) {
    db.sql("UPDATE ums_schema SET schema_version = ?", schema);
    event(byHost + ": renewed the productive schema to " + schema);
  }

  private String productiveSchemaInLock() {
    return db.stringValue("SELECT schema_version FROM ums_schema");
  }

  private String currentVersion(NetworkEntry entry) {
    Map<String, Object> host = db.row("SELECT version FROM lab_host WHERE host = ?", entry.host());
    return host == null ? entry.version() : (String) host.get("VERSION");
  }

  private List<NetworkEntry> networkList(String type) {
    return db
        .rows(
            "SELECT epr_process_id, epr_process_host, epr_process_type, epr_process_mode,"
                + " epr_service_status, epr_process_version FROM epr_processes"
                + " WHERE epr_process_type = ? ORDER BY epr_process_id",
            type)
        .stream()
        .map(
            r ->
                new NetworkEntry(
                    (String) r.get("EPR_PROCESS_ID"),
                    (String) r.get("EPR_PROCESS_HOST"),
                    (String) r.get("EPR_PROCESS_TYPE"),
                    (String) r.get("EPR_PROCESS_MODE"),
                    (String) r.get("EPR_SERVICE_STATUS"),
                    (String) r.get("EPR_PROCESS_VERSION")))
        .toList();
  }

  /** Receives install progress. */
  @FunctionalInterface
  public interface ProgressSink {
    void report(int percent, String message);
  }

  /** What the lab's installer reported. */
  public record LabInstall(
      String report, Integer serversUpdated, Integer serversTotal, boolean schemaRenewed) {}

  /** One line of the lab's event log and when it happened (epoch millis). */
  public record LabEvent(long atMillis, String line) {}
}
