package org.umsrollout.activities.lab;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
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
 */
public final class Lab implements AutoCloseable {
  private final String site;
  private final String jdbcUrl;
  private final Connection db;
  private final Map<String, LabHost> hosts = new LinkedHashMap<>();
  private final List<String> events = new ArrayList<>();
  private final AtomicInteger processIds = new AtomicInteger(1000);
  private volatile Duration installDuration = Duration.ofMillis(200);
  private final boolean adNative;
  private int momentsWithoutServingServer;

  private Lab(String site, String jdbcUrl, boolean adNative) {
    this.site = site;
    this.jdbcUrl = jdbcUrl;
    this.adNative = adNative;
    try {
      this.db = DriverManager.getConnection(jdbcUrl, "sa", "");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the lab database " + jdbcUrl, e);
    }
  }

  /**
   * A lab for the inventory's hosts, every component on {@code installed}, the installer with
   * {@code installerSha256} at {@code installerPath} on every host, clocks in sync, the Network
   * list matching the inventory. The productive database is the inventory's JDBC URL.
   */
  public static Lab of(
      Inventory inventory, String installed, String installerPath, String installerSha256) {
    Lab lab =
        new Lab(
            inventory.site(), inventory.database().jdbcUrl(), inventory.database().isAdNative());
    lab.createSchema(UmsVersion.parse(installed).schemaVersion());
    for (HostRef ref : inventory.hosts()) {
      LabHost host = new LabHost(ref.host(), ref.role(), installed);
      host.installers.put(installerPath, installerSha256);
      lab.hosts.put(ref.host(), host);
      if (ref.role().isServer()) {
        lab.register(ref.host(), NetworkEntry.SERVER, installed);
      }
      if (ref.role().hasLoadBalancer()) {
        lab.register(ref.host(), NetworkEntry.LOAD_BALANCER, installed);
      }
    }
    return lab;
  }

  public String site() {
    return site;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  // ---- faults and settings ----

  public Lab installDuration(Duration duration) {
    this.installDuration = duration;
    return this;
  }

  public Duration installDuration() {
    return installDuration;
  }

  /** Adds a Network list entry for a component that does not exist (P2). */
  public synchronized Lab addOrphan(String host, String type) {
    register(host, type, null);
    return this;
  }

  public synchronized Lab clockOffset(String host, Duration offset) {
    host(host).clockOffsetMillis = offset.toMillis();
    return this;
  }

  public synchronized Lab installer(String host, String path, String sha256OrNull) {
    if (sha256OrNull == null) {
      host(host).installers.remove(path);
    } else {
      host(host).installers.put(path, sha256OrNull);
    }
    return this;
  }

  /** The next {@code times} installs on the host fail; permanently means non-retryable. */
  public synchronized Lab failInstalls(String host, int times, boolean permanent) {
    host(host).failuresLeft = times;
    host(host).failPermanently = permanent;
    return this;
  }

  /** After the schema renewal this server stays in update mode on its local copy (S5, V3). */
  public synchronized Lab doesNotReconnect(String host) {
    host(host).reconnects = false;
    return this;
  }

  /** This load balancer does not stop when the installer asks it to (C4). */
  public synchronized Lab loadBalancerDoesNotStop(String host, int times) {
    host(host).stopFailuresLeft = times;
    return this;
  }

  public synchronized Lab rootWritable(String host, boolean writable) {
    host(host).rootWritable = writable;
    return this;
  }

  public synchronized Lab version(String host, String version) {
    LabHost h = host(host);
    h.version = version;
    updateNetworkEntries(h);
    return this;
  }

  // ---- what a host shows ----

  /** The host as its agent would report it. */
  public synchronized HostStatus status(String host) {
    return host(host).status();
  }

  public synchronized List<ServiceState> services(String host) {
    return host(host).services();
  }

  public synchronized long clockMillis(String host) {
    return System.currentTimeMillis() + host(host).clockOffsetMillis;
  }

  public synchronized Optional<String> installerSha256(String host, String path) {
    return Optional.ofNullable(host(host).installers.get(path));
  }

  public synchronized List<String> installRightsProblems(String host) {
    LabHost h = host(host);
    List<String> problems = new ArrayList<>();
    if (h.role.isServer() && !h.rootWritable) {
      problems.add("/root is not writable for root (P6)");
    }
    return problems;
  }

  public synchronized List<String> hostNames() {
    return List.copyOf(hosts.keySet());
  }

  public synchronized HostRole role(String host) {
    return host(host).role;
  }

  /** How often an install found no other server serving devices (S1 says: never). */
  public synchronized int momentsWithoutServingServer() {
    return momentsWithoutServingServer;
  }

  public synchronized int installsRun(String host) {
    return host(host).installsRun;
  }

  public synchronized List<String> events() {
    return List.copyOf(events);
  }

  // ---- installing ----

  /**
   * Runs the installer on a host: progress in steps over the install duration, then the effect. The
   * effect follows the vendor's description: see the class comment.
   */
  public LabInstall install(String hostName, String version, ProgressSink progress) {
    LabHost h;
    synchronized (this) {
      h = host(hostName);
      if (h.failuresLeft > 0) {
        h.failuresLeft--;
        event(hostName + ": installer failed");
        throw new InstallFailedException(
            hostName + ": the installer of " + version + " exited with code 1 (lab fault)",
            h.failPermanently);
      }
      if (h.role.hasLoadBalancer() && h.stopFailuresLeft > 0) {
        h.stopFailuresLeft--;
        event(hostName + ": load balancer did not stop");
        throw new InstallFailedException(
            hostName + ": the UMS Load Balancer did not stop for the update (C4)", false);
      }
      h.installing = true;
      if (h.role.isServer() && servingServers() == 0) {
        momentsWithoutServingServer++;
      }
    }
    try {
      int steps = 5;
      long stepMillis = Math.max(1, installDuration.toMillis() / steps);
      for (int i = 1; i <= steps; i++) {
        Thread.sleep(stepMillis);
        progress.report(i * 100 / steps, "installing " + version + " on " + hostName);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronized (this) {
        h.installing = false;
      }
      throw new IllegalStateException("install on " + hostName + " interrupted", e);
    }
    synchronized (this) {
      h.installing = false;
      h.installsRun++;
      h.version = version;
      if (adNative && h.role.isServer()) {
        // The installer resets the service's logon; with AD-native SQL Server it cannot start.
        h.serviceLogonLost = true;
      }
      if (!h.role.isServer()) {
        updateNetworkEntries(h);
        event(hostName + ": " + h.role + " updated to " + version);
        return new LabInstall(hostName + " updated to " + version, null, null, false);
      }
      List<NetworkEntry> registered = networkList(NetworkEntry.SERVER);
      int total = registered.size();
      int updated =
          (int) registered.stream().filter(e -> version.equals(currentVersion(e))).count();
      String report = updated + " of " + total + " servers updated";
      event(hostName + ": " + report);
      if (updated < total) {
        h.enterUpdateMode(productiveConfig());
        updateNetworkEntries(h);
        return new LabInstall(report, updated, total, false);
      }
      renewSchema(UmsVersion.parse(version).schemaVersion(), hostName);
      h.leaveUpdateMode();
      updateNetworkEntries(h);
      for (LabHost other : hosts.values()) {
        if (other != h && other.role.isServer() && other.mode == ServerMode.UPDATE) {
          if (other.reconnects) {
            other.leaveUpdateMode();
            event(other.name + ": restarted and reconnected to the productive database");
          } else {
            event(other.name + ": did not reconnect, still on its local copy");
          }
          updateNetworkEntries(other);
        }
      }
      return new LabInstall(report, updated, total, true);
    }
  }

  /** "End update mode for local UMS Server": back to the productive database (V3). */
  public synchronized void endUpdateMode(String hostName) {
    LabHost h = host(hostName);
    if (h.mode != ServerMode.UPDATE) {
      return;
    }
    String schema = UmsVersion.parse(h.version).schemaVersion();
    if (schema.compareTo(productiveSchema()) > 0) {
      renewSchema(schema, hostName);
    }
    h.leaveUpdateMode();
    updateNetworkEntries(h);
    event(hostName + ": update mode ended, on the productive database");
  }

  /**
   * Sets the start type and logon of the "IGEL RMGUIServer" service again and restarts it, as an
   * AD-native SQL Server installation needs after every install (S4).
   */
  public synchronized void reconfigureServerService(String hostName) {
    LabHost h = host(hostName);
    h.serviceLogonLost = false;
    h.serviceReconfigurations++;
    event(hostName + ": IGELRMGUIServer start type and logon set, service restarted (S4)");
  }

  public synchronized int serviceReconfigurations(String host) {
    return host(host).serviceReconfigurations;
  }

  // ---- configuration changes (S2) ----

  /**
   * A console writes a setting through a server. In update mode it lands on the server's local copy
   * and is lost when the server returns to the productive database (S2).
   */
  public synchronized void writeConfig(String viaServer, String key, String value) {
    LabHost h = host(viaServer);
    if (h.mode == ServerMode.UPDATE) {
      h.localCopy.put(key, value);
      return;
    }
    sql(
        "MERGE INTO ums_config (config_key, config_value) KEY (config_key) VALUES (?, ?)",
        key,
        value);
  }

  /** A setting as the server sees it. */
  public synchronized Optional<String> readConfig(String viaServer, String key) {
    LabHost h = host(viaServer);
    if (h.mode == ServerMode.UPDATE) {
      return Optional.ofNullable(h.localCopy.get(key));
    }
    return Optional.ofNullable(productiveConfig().get(key));
  }

  public synchronized String productiveSchema() {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT schema_version FROM ums_schema")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- internals ----

  private LabHost host(String name) {
    LabHost h = hosts.get(name);
    if (h == null) {
      throw new IllegalArgumentException("the lab has no host " + name);
    }
    return h;
  }

  private int servingServers() {
    return (int) hosts.values().stream().filter(h -> h.role.isServer() && !h.installing).count();
  }

  private void event(String line) {
    events.add(line);
  }

  private void createSchema(String schema) {
    sql("DROP ALL OBJECTS");
    sql("CREATE TABLE ums_schema (schema_version VARCHAR(16) NOT NULL)");
    sql("INSERT INTO ums_schema VALUES (?)", schema);
    sql(
        "CREATE TABLE epr_processes (epr_process_id VARCHAR(64) PRIMARY KEY,"
            + " epr_process_host VARCHAR(255) NOT NULL, epr_process_type VARCHAR(64) NOT NULL,"
            + " epr_process_mode VARCHAR(32), epr_service_status VARCHAR(32),"
            + " epr_process_version VARCHAR(32), epr_timestamp TIMESTAMP)");
    sql(
        "CREATE TABLE ums_config (config_key VARCHAR(255) PRIMARY KEY,"
            + " config_value VARCHAR(4000))");
    sql("INSERT INTO ums_config VALUES ('network.name', ?)", site);
  }

  private void register(String host, String type, String version) {
    sql(
        "INSERT INTO epr_processes VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)",
        String.valueOf(processIds.incrementAndGet()),
        host,
        type,
        "NORMAL",
        "SERVICE_RUNNING",
        version);
  }

  private void updateNetworkEntries(LabHost h) {
    sql(
        "UPDATE epr_processes SET epr_process_version = ?, epr_process_mode = ?,"
            + " epr_service_status = ?, epr_timestamp = CURRENT_TIMESTAMP"
            + " WHERE epr_process_host = ?",
        h.version,
        h.mode == null ? "NORMAL" : h.mode.name(),
        h.installing ? "SERVICE_STOPPED" : "SERVICE_RUNNING",
        h.name);
  }

  private void renewSchema(String schema, String byHost) {
    sql("UPDATE ums_schema SET schema_version = ?", schema);
    event(byHost + ": renewed the productive schema to " + schema);
  }

  private String currentVersion(NetworkEntry entry) {
    LabHost h = hosts.get(entry.host());
    return h == null ? entry.version() : h.version;
  }

  private List<NetworkEntry> networkList(String type) {
    List<NetworkEntry> entries = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT epr_process_id, epr_process_host, epr_process_type, epr_process_mode,"
                + " epr_service_status, epr_process_version FROM epr_processes"
                + " WHERE epr_process_type = ? ORDER BY epr_process_id")) {
      ps.setString(1, type);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new NetworkEntry(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return entries;
  }

  private Map<String, String> productiveConfig() {
    Map<String, String> config = new HashMap<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT config_key, config_value FROM ums_config")) {
      while (rs.next()) {
        config.put(rs.getString(1), rs.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return config;
  }

  private void sql(String statement, Object... args) {
    try (PreparedStatement ps = db.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("lab database: " + e.getMessage(), e);
    }
  }

  /** Receives install progress. */
  @FunctionalInterface
  public interface ProgressSink {
    void report(int percent, String message);
  }

  /** What the lab's installer reported. */
  public record LabInstall(
      String report, Integer serversUpdated, Integer serversTotal, boolean schemaRenewed) {}

  /** The mutable state of one lab host; guarded by the lab's lock. */
  static final class LabHost {
    final String name;
    final HostRole role;
    final Map<String, String> installers = new HashMap<>();
    final Map<String, String> localCopy = new HashMap<>();
    String version;
    ServerMode mode;
    Datasource datasource;
    long clockOffsetMillis;
    boolean installing;
    boolean reconnects = true;
    boolean rootWritable = true;
    boolean failPermanently;
    int failuresLeft;
    int stopFailuresLeft;
    int installsRun;
    boolean serviceLogonLost;
    int serviceReconfigurations;

    LabHost(String name, HostRole role, String version) {
      this.name = name;
      this.role = role;
      this.version = version;
      if (role.isServer()) {
        mode = ServerMode.NORMAL;
        datasource = Datasource.PRODUCTIVE;
      }
    }

    void enterUpdateMode(Map<String, String> productive) {
      mode = ServerMode.UPDATE;
      datasource = Datasource.LOCAL_COPY;
      localCopy.clear();
      localCopy.putAll(productive);
    }

    void leaveUpdateMode() {
      mode = ServerMode.NORMAL;
      datasource = Datasource.PRODUCTIVE;
      localCopy.clear();
    }

    List<ServiceState> services() {
      List<ServiceState> services = new ArrayList<>();
      boolean up = !installing;
      if (role.isServer()) {
        services.add(new ServiceState("igel-ums-server", up && !serviceLogonLost));
      }
      if (role.hasLoadBalancer()) {
        services.add(new ServiceState("igel-ums-broker", up));
      }
      if (role != HostRole.CONSOLE) {
        services.add(new ServiceState("igel-ums-watchdog", true));
      } else {
        services.add(new ServiceState("ums-console", up));
      }
      return services;
    }

    HostStatus status() {
      return new HostStatus(name, role, version, mode, datasource, services());
    }
  }
}
