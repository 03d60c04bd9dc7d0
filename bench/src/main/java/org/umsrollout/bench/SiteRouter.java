package org.umsrollout.bench;

import io.temporal.activity.Activity;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.umsrollout.activities.host.HostActivitiesImpl;
import org.umsrollout.activities.lab.SimulatedUmsHost;
import org.umsrollout.workflows.ports.ChecksumQuery;
import org.umsrollout.workflows.ports.ChecksumReading;
import org.umsrollout.workflows.ports.ClockReading;
import org.umsrollout.workflows.ports.HostActivities;
import org.umsrollout.workflows.ports.HostQuery;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.InstallRequest;
import org.umsrollout.workflows.ports.InstallResult;
import org.umsrollout.workflows.ports.RightsReading;

/**
 * The host agent of one host name that many lab sites share: each call goes to the production
 * {@link HostActivitiesImpl} of the calling workflow's site (a rollout's id names its site, and so
 * does a bare chain's). So thousands of sites need six queues and six workers instead of one per
 * host, and what is measured is the orchestrator, not thousands of pollers.
 */
final class SiteRouter implements HostActivities {
  private final Map<String, Site> sites;
  private final Map<String, HostActivities> agents = new ConcurrentHashMap<>();

  SiteRouter(Map<String, Site> sites) {
    this.sites = sites;
  }

  /** The site of a workflow id: {@code rollout/<site>} or {@code bench-bare/<site>/<n>}. */
  static String siteOf(String workflowId) {
    String[] parts = workflowId.split("/");
    if (parts.length < 2) {
      throw new IllegalArgumentException("no site in the workflow id " + workflowId);
    }
    return parts[1];
  }

  private HostActivities agent(String host) {
    String site = siteOf(Activity.getExecutionContext().getInfo().getWorkflowId());
    return agents.computeIfAbsent(
        site + "\n" + host,
        k -> {
          Site s = sites.get(site);
          if (s == null) {
            throw new IllegalStateException("no lab site " + site);
          }
          return new HostActivitiesImpl(new SimulatedUmsHost(s.lab, host));
        });
  }

  @Override
  public HostStatus status(HostQuery query) {
    return agent(query.host()).status(query);
  }

  @Override
  public InstallResult install(InstallRequest command) {
    return agent(command.host()).install(command);
  }

  @Override
  public HostStatus endUpdateMode(HostQuery query) {
    return agent(query.host()).endUpdateMode(query);
  }

  @Override
  public HostStatus reconfigureServerService(HostQuery query) {
    return agent(query.host()).reconfigureServerService(query);
  }

  @Override
  public HostStatus takeOutOfNetwork(HostQuery query) {
    return agent(query.host()).takeOutOfNetwork(query);
  }

  @Override
  public RightsReading installRights(HostQuery query) {
    return agent(query.host()).installRights(query);
  }

  @Override
  public ClockReading clock(HostQuery query) {
    return agent(query.host()).clock(query);
  }

  @Override
  public ChecksumReading installerChecksum(ChecksumQuery query) {
    return agent(query.host()).installerChecksum(query);
  }
}
