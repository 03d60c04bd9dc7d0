package org.umsrollout.activities.lab;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.HostRef;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.model.UmsVersion;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.NetworkEntry;

/**
 * The lab's rows (its hosts, its event log, the Network list, the productive schema and the
 * servers' local copies of the configuration) and what the servers do with them. Callers hold the
 * lab's lock.
 */
final class LabState {
  private final LabDb db;

  LabState(LabDb db) {
    this.db = db;
  }

  LabHost host(String name) {
    Map<String, Object> row = db.row("SELECT * FROM lab_host WHERE host = ?", name);
    if (row == null) {
      throw new IllegalArgumentException("the lab has no host " + name);
    }
    return new LabHost(row);
  }

  List<LabHost> allHosts() {
    return db.rows("SELECT * FROM lab_host ORDER BY ord").stream().map(LabHost::new).toList();
  }

  List<String> hostNames() {
    return db.rows("SELECT host FROM lab_host ORDER BY ord").stream()
        .map(r -> (String) r.get("HOST"))
        .toList();
  }

  List<Lab.LabEvent> eventLog() {
    return db.rows("SELECT at_millis, line FROM lab_event ORDER BY id").stream()
        .map(r -> new Lab.LabEvent((Long) r.get("AT_MILLIS"), (String) r.get("LINE")))
        .toList();
  }

  List<String> serversOnLocalCopy() {
    return db
        .rows(
            "SELECT host FROM lab_host WHERE datasource = ? ORDER BY ord",
            Datasource.LOCAL_COPY.name())
        .stream()
        .map(r -> (String) r.get("HOST"))
        .toList();
  }

  void event(String line) {
    db.sql(
        "INSERT INTO lab_event (at_millis, line) VALUES (?, ?)", System.currentTimeMillis(), line);
  }

  /** Drops everything in the database and fills it for the inventory; no install can be due yet. */
  void create(Inventory inventory, String installed, String installerPath, String installerSha256) {
    String site = inventory.site();
    db.recreateSchema();
    db.sql(
        "INSERT INTO lab_settings (id, site, ad_native, install_duration_ms,"
            + " moments_without_serving, next_process_id) VALUES (1, ?, ?, 200, 0, 1000)",
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

  void register(String host, String type, String version) {
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

  /**
   * Shows the host as it is now in its Network list entries: at once, or, while the list lags (see
   * {@link Lab#networkListLag}), once the lag has passed. A host's changes show in the order they
   * happened, so an earlier one that waits holds back the later ones.
   */
  void updateNetworkEntries(LabHost h) {
    String version = h.version;
    String mode = h.mode == null ? "NORMAL" : h.mode.name();
    String status = h.installing() || h.takenOut ? "SERVICE_STOPPED" : "SERVICE_RUNNING";
    long lag = db.longValue("SELECT network_list_lag_ms FROM lab_settings");
    Map<String, Object> waiting =
        db.row("SELECT MAX(due_at) AS due FROM lab_network_pending WHERE host = ?", h.name);
    Long lastDue = waiting == null ? null : (Long) waiting.get("DUE");
    if (lag <= 0 && lastDue == null) {
      showInNetworkList(h.name, version, mode, status);
      return;
    }
    long due = Math.max(System.currentTimeMillis() + lag, lastDue == null ? 0 : lastDue);
    db.sql(
        "INSERT INTO lab_network_pending (host, version, mode, status, due_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        h.name,
        version,
        mode,
        status,
        due);
  }

  /** Applies the lagging Network list changes whose time has come, oldest first. */
  void showDueNetworkEntries() {
    showNetworkEntriesDueBy(System.currentTimeMillis());
  }

  /** Applies every lagging Network list change, oldest first. */
  void showWaitingNetworkEntries() {
    showNetworkEntriesDueBy(Long.MAX_VALUE);
  }

  private void showNetworkEntriesDueBy(long millis) {
    List<Map<String, Object>> due =
        db.rows(
            "SELECT id, host, version, mode, status FROM lab_network_pending WHERE due_at <= ?"
                + " ORDER BY id",
            millis);
    for (Map<String, Object> row : due) {
      showInNetworkList(
          (String) row.get("HOST"),
          (String) row.get("VERSION"),
          (String) row.get("MODE"),
          (String) row.get("STATUS"));
      db.sql("DELETE FROM lab_network_pending WHERE id = ?", row.get("ID"));
    }
  }

  private void showInNetworkList(String host, String version, String mode, String status) {
    db.sql(
        "UPDATE epr_processes SET epr_process_version = ?, epr_process_mode = ?,"
            + " epr_service_status = ?, epr_timestamp = CURRENT_TIMESTAMP"
            + " WHERE epr_process_host = ?",
        version,
        mode,
        status,
        host);
  }

  /** Renews the schema; false when the lab's fault keeps the renewal from completing. */
  boolean renewSchema(String schema, String byHost) {
    if (Boolean.TRUE.equals(
        db.row("SELECT schema_renewal_stuck FROM lab_settings").get("SCHEMA_RENEWAL_STUCK"))) {
      db.sql("UPDATE lab_settings SET pending_schema = ?", schema);
      event(byHost + ": the renewal of the productive schema to " + schema + " did not complete");
      return false;
    }
    db.sql("UPDATE ums_schema SET schema_version = ?", schema);
    event(byHost + ": renewed the productive schema to " + schema);
    return true;
  }

  /** Sets the stuck-renewal fault; ending it completes a renewal that waits. */
  void schemaRenewalStuck(boolean stuck) {
    db.sql("UPDATE lab_settings SET schema_renewal_stuck = ?", stuck);
    Object pending = db.row("SELECT pending_schema FROM lab_settings").get("PENDING_SCHEMA");
    if (!stuck && pending != null) {
      db.sql("UPDATE lab_settings SET pending_schema = NULL");
      renewSchema((String) pending, "the productive database");
    }
  }

  List<NetworkEntry> networkList(String type) {
    return networkEntries(" WHERE epr_process_type = ?", type);
  }

  /** Every entry of the Network list, of any type. */
  List<NetworkEntry> networkList() {
    return networkEntries("");
  }

  private List<NetworkEntry> networkEntries(String where, Object... args) {
    return db
        .rows(
            "SELECT epr_process_id, epr_process_host, epr_process_type, epr_process_mode,"
                + " epr_service_status, epr_process_version FROM epr_processes"
                + where
                + " ORDER BY epr_process_id",
            args)
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

  String productiveSchema() {
    return db.stringValue("SELECT schema_version FROM ums_schema");
  }

  void enterUpdateMode(String host) {
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

  void leaveUpdateMode(String host) {
    db.sql(
        "UPDATE lab_host SET mode = ?, datasource = ? WHERE host = ?",
        ServerMode.NORMAL.name(),
        Datasource.PRODUCTIVE.name(),
        host);
    db.sql("DELETE FROM lab_local_copy WHERE host = ?", host);
  }

  /** "End update mode for local UMS Server" (V3). */
  void endUpdateMode(String hostName) {
    LabHost h = host(hostName);
    if (h.mode != ServerMode.UPDATE) {
      return;
    }
    String schema = UmsVersion.parse(h.version).schemaVersion();
    if (schema.compareTo(productiveSchema()) > 0) {
      renewSchema(schema, hostName);
    }
    leaveUpdateMode(hostName);
    updateNetworkEntries(host(hostName));
    event(hostName + ": update mode ended, on the productive database");
  }

  /** Sets the server service's start type and logon again and restarts it (S4). */
  void reconfigureServerService(String hostName) {
    host(hostName);
    db.sql(
        "UPDATE lab_host SET service_logon_lost = FALSE,"
            + " service_reconfigurations = service_reconfigurations + 1 WHERE host = ?",
        hostName);
    event(hostName + ": IGELRMGUIServer start type and logon set, service restarted (S4)");
  }

  /** Writes a setting through a server: on its local copy while in update mode (S2). */
  void writeConfig(String viaServer, String key, String value) {
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
  }

  /** A setting as the server sees it. */
  Optional<String> readConfig(String viaServer, String key) {
    if (host(viaServer).mode == ServerMode.UPDATE) {
      return Optional.ofNullable(
          db.stringValue(
              "SELECT config_value FROM lab_local_copy WHERE host = ? AND config_key = ?",
              viaServer,
              key));
    }
    return Optional.ofNullable(
        db.stringValue("SELECT config_value FROM ums_config WHERE config_key = ?", key));
  }

  /** The host as its agent reads it; fails while status reads are set to fail (a restart). */
  HostStatus statusAsRead(String host) {
    LabHost h = host(host);
    Map<String, Object> row =
        db.row("SELECT status_failures_left FROM lab_host WHERE host = ?", host);
    int left = (Integer) row.get("STATUS_FAILURES_LEFT");
    if (left > 0) {
      db.sql(
          "UPDATE lab_host SET status_failures_left = status_failures_left - 1 WHERE host = ?",
          host);
      throw new LabDb.FailedInLock(
          new IllegalStateException(
              host + " does not answer: its UMS Server restarts (lab fault)"));
    }
    return h.statusAsAgentReads();
  }

  /** Stops a server for good; refused while an installer runs, which would start it again. */
  void takeOutOfNetwork(String hostName) {
    if (host(hostName).installing()) {
      throw new IllegalStateException(
          hostName
              + ": an installer still runs; the server can be taken out of the HA network"
              + " once it has ended");
    }
    db.sql("UPDATE lab_host SET taken_out = TRUE WHERE host = ?", hostName);
    updateNetworkEntries(host(hostName));
    event(hostName + ": taken out of the HA network, its services stopped");
  }

  Optional<String> installerSha256(String host, String path) {
    host(host);
    return Optional.ofNullable(
        db.stringValue("SELECT sha256 FROM lab_installer WHERE host = ? AND path = ?", host, path));
  }

  void version(String host, String version) {
    host(host);
    db.sql("UPDATE lab_host SET version = ? WHERE host = ?", version, host);
    updateNetworkEntries(host(host));
  }

  /** Sets one column of a host's row; the column is the lab's own, never a caller's input. */
  void installer(String host, String path, String sha256OrNull) {
    host(host);
    db.sql("DELETE FROM lab_installer WHERE host = ? AND path = ?", host, path);
    if (sha256OrNull != null) {
      db.sql("INSERT INTO lab_installer VALUES (?, ?, ?)", host, path, sha256OrNull);
    }
  }

  void setHost(String host, String column, Object value) {
    host(host);
    db.sql("UPDATE lab_host SET " + column + " = ? WHERE host = ?", value, host);
  }
}
