package org.umsrollout.activities.lab;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.umsrollout.activities.host.InstallFailedException;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.model.UmsVersion;
import org.umsrollout.workflows.ports.NetworkEntry;

/**
 * The lab's installer. It runs apart from any agent, as a real one does: an install records when it
 * started and completes once its duration has passed, whoever reads the lab then.
 */
final class LabInstaller {
  private final LabDb db;
  private final LabState state;

  LabInstaller(LabDb db, LabState state) {
    this.db = db;
    this.state = state;
  }

  /** See {@link Lab#install}: the agent's side, which may join an installer that runs already. */
  UmsHost.InstallOutcome install(String hostName, String version, UmsHost.Progress progress) {
    long started = inLock(() -> startInstall(hostName, version));
    while (true) {
      Optional<UmsHost.InstallOutcome> done =
          inLock(() -> installOutcome(hostName, version, started));
      if (done.isPresent()) {
        return done.get();
      }
      long duration = inLock(() -> state.host(hostName).installDurationMillis);
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

  /**
   * Runs {@code work} under the lab's lock, after completing the installs whose time is up and
   * showing the Network list changes whose lag has passed. Every read of the lab goes through here,
   * so an installer ends on time with no agent waiting for it.
   */
  <T> T inLock(Supplier<T> work) {
    return db.inLock(
        () -> {
          completeDueInstalls();
          state.showDueNetworkEntries();
          return work.get();
        });
  }

  /** Starts the installer unless it runs already; answers when the running one started. */
  private long startInstall(String hostName, String version) {
    LabHost h = state.host(hostName);
    if (h.installing()) {
      if (!version.equals(h.installVersion)) {
        throw new InstallFailedException(
            hostName + ": the installer of " + h.installVersion + " is still running", false);
      }
      state.event(hostName + ": installer of " + version + " already running, waiting for it");
      return h.installStartedAt;
    }
    if (h.failuresLeft > 0) {
      db.sql("UPDATE lab_host SET failures_left = failures_left - 1 WHERE host = ?", hostName);
      state.event(hostName + ": installer failed");
      throw new LabDb.FailedInLock(
          new InstallFailedException(
              hostName + ": the installer of " + version + " exited with code 1 (lab fault)",
              h.failPermanently));
    }
    if (h.role.hasLoadBalancer() && h.stopFailuresLeft > 0) {
      db.sql(
          "UPDATE lab_host SET stop_failures_left = stop_failures_left - 1 WHERE host = ?",
          hostName);
      state.event(hostName + ": load balancer did not stop");
      throw new LabDb.FailedInLock(
          new InstallFailedException(
              hostName + ": the UMS Load Balancer did not stop for the update (C4)", false));
    }
    if (h.role.isServer() && servingServersOtherThan(hostName) == 0) {
      db.sql("UPDATE lab_settings SET moments_without_serving = moments_without_serving + 1");
    }
    boolean fails = h.role.isServer() && h.updateModeFailuresLeft > 0;
    long now = System.currentTimeMillis();
    db.sql(
        "UPDATE lab_host SET install_started_at = ?, install_version = ?,"
            + " install_duration_ms = COALESCE(own_install_duration_ms,"
            + " (SELECT install_duration_ms FROM lab_settings)),"
            + " install_fails = ?, install_fails_permanently = ?,"
            + " update_mode_failures_left = update_mode_failures_left - ?,"
            + " installer_starts = installer_starts + 1, taken_out = FALSE,"
            + " last_report = NULL, last_failure = NULL, last_failure_permanent = NULL"
            + " WHERE host = ?",
        now,
        version,
        fails,
        fails && h.updateModeFailPermanently,
        fails ? 1 : 0,
        hostName);
    state.event(hostName + ": installer of " + version + " started");
    if (fails) {
      // This installer gets as far as switching the server to update mode, as one does when it
      // starts, and fails at its end (failInstallsInUpdateMode).
      state.enterUpdateMode(hostName);
      state.event(hostName + ": switched to update mode on its local copy");
    }
    state.updateNetworkEntries(state.host(hostName));
    return now;
  }

  /** The outcome of the install started at {@code started}, once the installer is done. */
  private Optional<UmsHost.InstallOutcome> installOutcome(
      String hostName, String version, long started) {
    LabHost h = state.host(hostName);
    if (h.installing()) {
      if (h.installStartedAt != started) {
        throw new IllegalStateException(hostName + ": another installer run started meanwhile");
      }
      return Optional.empty();
    }
    if (h.lastFailure != null) {
      throw new LabDb.FailedInLock(
          new InstallFailedException(h.lastFailure, h.lastFailurePermanent));
    }
    if (h.lastReport == null || !version.equals(h.version)) {
      throw new IllegalStateException(hostName + ": the installer of " + version + " vanished");
    }
    return Optional.of(
        new UmsHost.InstallOutcome(
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
      finishInstall(state.host((String) row.get("HOST")));
    }
  }

  private void finishInstall(LabHost h) {
    String version = h.installVersion;
    if (h.installFails) {
      failInstall(h);
      return;
    }
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
      state.updateNetworkEntries(state.host(h.name));
      state.event(h.name + ": " + h.role + " updated to " + version);
      recordOutcome(h.name, h.name + " updated to " + version, null, null, false);
      return;
    }
    List<NetworkEntry> registered = state.networkList(NetworkEntry.SERVER);
    int total = registered.size();
    int updated = (int) registered.stream().filter(e -> version.equals(currentVersion(e))).count();
    String report = updated + " of " + total + " servers updated";
    state.event(h.name + ": " + report);
    if (updated < total) {
      state.enterUpdateMode(h.name);
      state.updateNetworkEntries(state.host(h.name));
      recordOutcome(h.name, report, updated, total, false);
      return;
    }
    if (!state.renewSchema(UmsVersion.parse(version).schemaVersion(), h.name)) {
      // No renewed schema to reconnect to: every server stays on its local copy (V3).
      state.enterUpdateMode(h.name);
      state.updateNetworkEntries(state.host(h.name));
      recordOutcome(h.name, report, updated, total, false);
      return;
    }
    state.leaveUpdateMode(h.name);
    state.updateNetworkEntries(state.host(h.name));
    for (LabHost other : state.allHosts()) {
      if (!other.name.equals(h.name) && other.role.isServer() && other.mode == ServerMode.UPDATE) {
        if (other.reconnects) {
          state.leaveUpdateMode(other.name);
          state.event(other.name + ": restarted and reconnected to the productive database");
        } else {
          state.event(other.name + ": did not reconnect, still on its local copy");
        }
        state.updateNetworkEntries(state.host(other.name));
      }
    }
    recordOutcome(h.name, report, updated, total, true);
  }

  /** The installer fails at its end: the server stays where it was, in update mode. */
  private void failInstall(LabHost h) {
    String failure =
        h.name
            + ": the installer of "
            + h.installVersion
            + " failed after switching the server to update mode; it stays on its local copy"
            + " (lab fault)";
    db.sql(
        "UPDATE lab_host SET install_started_at = NULL, install_version = NULL,"
            + " install_fails = FALSE, install_fails_permanently = FALSE,"
            + " installs_failed = installs_failed + 1, last_failure = ?,"
            + " last_failure_permanent = ? WHERE host = ?",
        failure,
        h.installFailsPermanently,
        h.name);
    state.updateNetworkEntries(state.host(h.name));
    state.event(h.name + ": installer of " + h.installVersion + " failed, still in update mode");
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

  private int servingServersOtherThan(String host) {
    return (int) state.allHosts().stream().filter(h -> h.serving() && !h.name.equals(host)).count();
  }

  private String currentVersion(NetworkEntry entry) {
    Map<String, Object> host = db.row("SELECT version FROM lab_host WHERE host = ?", entry.host());
    return host == null ? entry.version() : (String) host.get("VERSION");
  }
}
