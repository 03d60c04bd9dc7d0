package org.umsrollout.activities.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.ServiceState;

/** One row of {@code lab_host}, read under the lab's lock. */
final class LabHost {
  final String name;
  final HostRole role;
  final String version;
  final ServerMode mode;
  final Datasource datasource;
  final long clockOffsetMillis;
  final boolean reconnects;
  final boolean rootWritable;
  final boolean failPermanently;
  final int failuresLeft;
  final int updateModeFailuresLeft;
  final boolean updateModeFailPermanently;
  final int stopFailuresLeft;
  final int installsRun;
  final int installerStarts;
  final int installsFailed;
  final boolean serviceLogonLost;
  final int serviceReconfigurations;
  final boolean takenOut;
  final boolean modeUnreadable;
  final Long installStartedAt;
  final String installVersion;
  final long installDurationMillis;
  final boolean installFails;
  final boolean installFailsPermanently;
  final String lastReport;
  final Integer lastServersUpdated;
  final Integer lastServersTotal;
  final boolean lastSchemaRenewed;
  final String lastFailure;
  final boolean lastFailurePermanent;

  LabHost(Map<String, Object> r) {
    name = (String) r.get("HOST");
    role = HostRole.valueOf((String) r.get("ROLE"));
    version = (String) r.get("VERSION");
    mode = r.get("MODE") == null ? null : ServerMode.valueOf((String) r.get("MODE"));
    datasource =
        r.get("DATASOURCE") == null ? null : Datasource.valueOf((String) r.get("DATASOURCE"));
    clockOffsetMillis = (Long) r.get("CLOCK_OFFSET_MS");
    reconnects = (Boolean) r.get("RECONNECTS");
    rootWritable = (Boolean) r.get("ROOT_WRITABLE");
    failPermanently = (Boolean) r.get("FAIL_PERMANENTLY");
    failuresLeft = (Integer) r.get("FAILURES_LEFT");
    updateModeFailuresLeft = (Integer) r.get("UPDATE_MODE_FAILURES_LEFT");
    updateModeFailPermanently = (Boolean) r.get("UPDATE_MODE_FAIL_PERMANENTLY");
    stopFailuresLeft = (Integer) r.get("STOP_FAILURES_LEFT");
    installsRun = (Integer) r.get("INSTALLS_RUN");
    installerStarts = (Integer) r.get("INSTALLER_STARTS");
    installsFailed = (Integer) r.get("INSTALLS_FAILED");
    serviceLogonLost = (Boolean) r.get("SERVICE_LOGON_LOST");
    serviceReconfigurations = (Integer) r.get("SERVICE_RECONFIGURATIONS");
    takenOut = Boolean.TRUE.equals(r.get("TAKEN_OUT"));
    modeUnreadable = Boolean.TRUE.equals(r.get("MODE_UNREADABLE"));
    installStartedAt = (Long) r.get("INSTALL_STARTED_AT");
    installVersion = (String) r.get("INSTALL_VERSION");
    Long duration = (Long) r.get("INSTALL_DURATION_MS");
    installDurationMillis = duration == null ? 0 : duration;
    installFails = (Boolean) r.get("INSTALL_FAILS");
    installFailsPermanently = (Boolean) r.get("INSTALL_FAILS_PERMANENTLY");
    lastReport = (String) r.get("LAST_REPORT");
    lastServersUpdated = (Integer) r.get("LAST_SERVERS_UPDATED");
    lastServersTotal = (Integer) r.get("LAST_SERVERS_TOTAL");
    lastSchemaRenewed = Boolean.TRUE.equals(r.get("LAST_SCHEMA_RENEWED"));
    lastFailure = (String) r.get("LAST_FAILURE");
    lastFailurePermanent = Boolean.TRUE.equals(r.get("LAST_FAILURE_PERMANENT"));
  }

  boolean installing() {
    return installStartedAt != null;
  }

  /** A server that devices reach: its services run and it was not taken out of the network. */
  boolean serving() {
    return role.isServer() && !installing() && !takenOut && !serviceLogonLost;
  }

  List<ServiceState> services() {
    List<ServiceState> services = new ArrayList<>();
    boolean up = !installing() && !takenOut;
    if (role.isServer()) {
      services.add(new ServiceState("igel-ums-server", up && !serviceLogonLost));
    }
    if (role.hasLoadBalancer()) {
      services.add(new ServiceState("igel-ums-broker", up));
    }
    if (role != HostRole.CONSOLE) {
      services.add(new ServiceState("igel-ums-watchdog", true));
    }
    // A console is a desktop application: like a real one, it runs no service at all.
    return services;
  }

  HostStatus status() {
    return new HostStatus(name, role, version, mode, datasource, services());
  }

  /** What the host's agent reports; an agent that cannot read the mode reports neither. */
  HostStatus statusAsAgentReads() {
    if (modeUnreadable) {
      return new HostStatus(name, role, version, null, null, services());
    }
    return status();
  }

  /** What keeps the installer from running with the rights it needs here (P6). */
  List<String> installRightsProblems() {
    List<String> problems = new ArrayList<>();
    if (role.isServer() && !rootWritable) {
      problems.add("/root is not writable for root (P6)");
    }
    return problems;
  }
}
