package org.umsrollout.workflows.ports;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What the rollout asks of one host. A host agent on that host runs these from the host's own task
 * queue ({@link org.umsrollout.workflows.temporal.TaskQueues#host(String)}). Every method reads the
 * host's state first and does only what is missing, so a retry after a crash changes nothing.
 */
@ActivityInterface
public interface HostActivities {

  /** Version, mode, datasource and services of the host's UMS components. */
  @ActivityMethod(name = "HostStatus")
  HostStatus status(HostQuery query);

  /** Installs the target version (heartbeating progress); a no-op when it is already there. */
  @ActivityMethod(name = "HostInstall")
  InstallResult install(InstallRequest command);

  /** Ends the server's update mode so it works on the productive database again (V3). */
  @ActivityMethod(name = "HostEndUpdateMode")
  HostStatus endUpdateMode(HostQuery query);

  /**
   * Sets the start type and logon of the "IGEL RMGUIServer" service again and restarts it (S4: SQL
   * Server with native AD authentication). Safe to repeat.
   */
  @ActivityMethod(name = "HostReconfigureServerService")
  HostStatus reconfigureServerService(HostQuery query);

  /**
   * Takes a server out of the HA network: its services stopped and kept from starting, so that no
   * old server serves on a renewed schema (S6). Safe to repeat.
   */
  @ActivityMethod(name = "HostTakeOutOfNetwork")
  HostStatus takeOutOfNetwork(HostQuery query);

  /** What keeps the installer from running with the rights it needs (P6), changing nothing. */
  @ActivityMethod(name = "HostInstallRights")
  RightsReading installRights(HostQuery query);

  /** The host's clock (P5). */
  @ActivityMethod(name = "HostClock")
  ClockReading clock(HostQuery query);

  /** Whether the installer is on the host, and its SHA-256 (P1). */
  @ActivityMethod(name = "HostInstallerChecksum")
  ChecksumReading installerChecksum(ChecksumQuery query);
}
