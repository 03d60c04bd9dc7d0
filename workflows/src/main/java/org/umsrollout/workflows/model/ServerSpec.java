package org.umsrollout.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A node that runs a UMS Server.
 *
 * @param loadBalancer true where a UMS Load Balancer runs beside the server on the same node (N1)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServerSpec(@JsonProperty(required = true) String host, Boolean loadBalancer) {
  public HostRole role() {
    return Boolean.TRUE.equals(loadBalancer) ? HostRole.SERVER_AND_LOAD_BALANCER : HostRole.SERVER;
  }
}
