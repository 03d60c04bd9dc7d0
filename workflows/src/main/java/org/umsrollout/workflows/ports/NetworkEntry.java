package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One row of the UMS Network list (N2).
 *
 * @param type such as {@code UMS_RMGUISERVER} or {@code UMS_LOADBALANCER}
 * @param serviceStatus such as {@code SERVICE_RUNNING}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkEntry(
    String processId, String host, String type, String mode, String serviceStatus, String version) {

  public static final String SERVER = "UMS_RMGUISERVER";
  public static final String LOAD_BALANCER = "UMS_LOADBALANCER";
}
