package org.umsrollout.workflows.model;

/** What a host of the HA network carries (N1). */
public enum HostRole {
  /** A UMS Server alone. */
  SERVER,
  /** A UMS Server with a UMS Load Balancer beside it; the installer updates both (N1). */
  SERVER_AND_LOAD_BALANCER,
  /** A standalone UMS Load Balancer. */
  LOAD_BALANCER,
  /** A UMS Console on an admin workstation. */
  CONSOLE;

  public boolean isServer() {
    return this == SERVER || this == SERVER_AND_LOAD_BALANCER;
  }

  public boolean hasLoadBalancer() {
    return this == LOAD_BALANCER || this == SERVER_AND_LOAD_BALANCER;
  }
}
