package org.umsrollout.starter;

import org.umsrollout.workflows.ports.ChecksumQuery;
import org.umsrollout.workflows.ports.ChecksumReading;
import org.umsrollout.workflows.ports.ClockReading;
import org.umsrollout.workflows.ports.HostActivities;
import org.umsrollout.workflows.ports.HostQuery;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.InstallCommand;
import org.umsrollout.workflows.ports.InstallResult;

/** The host agent of one host of the {@link FakeLab}; it runs on that host's task queue. */
final class FakeHostActivities implements HostActivities {
  private final String host;
  private final FakeLab lab;

  FakeHostActivities(String host, FakeLab lab) {
    this.host = host;
    this.lab = lab;
  }

  @Override
  public HostStatus status(HostQuery query) {
    return lab.status(host);
  }

  @Override
  public InstallResult install(InstallCommand command) {
    return lab.install(host, command.targetVersion());
  }

  @Override
  public HostStatus endUpdateMode(HostQuery query) {
    return lab.endUpdateMode(host);
  }

  @Override
  public ClockReading clock(HostQuery query) {
    return new ClockReading(host, System.currentTimeMillis());
  }

  @Override
  public ChecksumReading installerChecksum(ChecksumQuery query) {
    return new ChecksumReading(host, true, lab.installerSha256());
  }
}
