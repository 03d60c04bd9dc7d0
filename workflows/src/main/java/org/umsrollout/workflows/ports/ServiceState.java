package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One UMS service on a host (server, load balancer, watchdog, console) and whether it runs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceState(String name, boolean running) {}
