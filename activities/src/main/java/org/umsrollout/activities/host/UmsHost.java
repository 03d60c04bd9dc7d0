package org.umsrollout.activities.host;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.ports.HostStatus;

/**
 * One UMS host as a host agent sees it: the machine it runs on ({@code local}) or a host of the lab
 * ({@code simulated}). Implementations act on the host; the activities decide whether to.
 */
public interface UmsHost {

  String name();

  HostRole role();

  HostStatus status();

  /**
   * Runs the installer of {@code version}. Calls {@code progress} as the install goes on, so the
   * activity can heartbeat; returns what the installer reported.
   */
  InstallOutcome install(String version, String installerPath, Progress progress);

  /**
   * Like {@link #install(String, String, Progress)}, waiting at most {@code waitBound} for the
   * installer ({@code null}: until it ends). A backend whose installer runs apart from the agent
   * leaves it running when the wait ends early (bound passed, {@code progress} threw because the
   * activity was cancelled, thread interrupted), and a later call for the same version waits for
   * that installer instead of starting another. The default ignores the bound.
   */
  default InstallOutcome install(
      String version, String installerPath, Duration waitBound, Progress progress) {
    return install(version, installerPath, progress);
  }

  /**
   * The version whose installer an earlier call started and no call has reported yet: it may still
   * run, or have ended while no agent waited. A call to {@link #install} for that version waits for
   * it or reports how it ended, and starts nothing. Empty for a backend whose installer ends with
   * its call.
   */
  default Optional<String> pendingInstall() {
    return Optional.empty();
  }

  /**
   * Whether the installer of {@link #pendingInstall} still runs (and so would start the services
   * again when it ends). A backend that cannot tell says it runs whenever one is pending.
   */
  default boolean installerRunning() {
    return pendingInstall().isPresent();
  }

  /** Ends update mode on a server ("End update mode for local UMS Server", V3). */
  HostStatus endUpdateMode();

  /**
   * Sets the start type and logon of the server service again and restarts it; needed after an
   * install where SQL Server with native Active Directory authentication is used (S4).
   */
  HostStatus reconfigureServerService();

  /**
   * Takes a server out of the HA network: stops its server and load balancer services and keeps
   * them from starting again, so that it serves no device until it is updated (S6).
   */
  HostStatus takeOutOfNetwork();

  /** The host's wall clock (P5). */
  long clockMillis();

  /** The SHA-256 of the file at {@code path} on the host, or empty where there is none (P1). */
  Optional<String> installerSha256(String path);

  /** What keeps the installer from running with the rights it needs (P6); empty when nothing. */
  List<String> installRightsProblems();

  /** Told how far an install has come, in percent, with a line of what happens. */
  @FunctionalInterface
  interface Progress {
    void report(int percent, String message);
  }

  /**
   * What an installer reported.
   *
   * @param report the installer's words, such as "2 of 3 servers updated"
   */
  record InstallOutcome(
      String report, Integer serversUpdated, Integer serversTotal, boolean schemaRenewed) {}
}
