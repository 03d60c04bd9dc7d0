package org.umsrollout.activities.lab;

import java.util.List;
import java.util.Optional;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.ports.HostStatus;

/**
 * The {@code simulated} backend: a host of the {@link Lab}. The lab's installer runs apart from the
 * agent, so an install retried after the agent died waits for the running installer.
 */
public final class SimulatedUmsHost implements UmsHost {
  private final Lab lab;
  private final String name;

  public SimulatedUmsHost(Lab lab, String name) {
    this.lab = lab;
    this.name = name;
    lab.role(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HostRole role() {
    return lab.role(name);
  }

  @Override
  public HostStatus status() {
    return lab.statusAsRead(name);
  }

  @Override
  public InstallOutcome install(String version, String installerPath, Progress progress) {
    return lab.install(name, version, progress);
  }

  @Override
  public HostStatus endUpdateMode() {
    lab.endUpdateMode(name);
    return lab.status(name);
  }

  @Override
  public HostStatus reconfigureServerService() {
    lab.reconfigureServerService(name);
    return lab.status(name);
  }

  @Override
  public HostStatus takeOutOfNetwork() {
    lab.takeOutOfNetwork(name);
    return lab.status(name);
  }

  @Override
  public long clockMillis() {
    return lab.clockMillis(name);
  }

  @Override
  public Optional<String> installerSha256(String path) {
    return lab.installerSha256(name, path);
  }

  @Override
  public List<String> installRightsProblems() {
    return lab.installRightsProblems(name);
  }
}
