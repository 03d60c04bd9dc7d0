package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.umsrollout.workflows.model.HostRole;

/** Names the host an activity is about and what it carries. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostQuery(String host, HostRole role) {}
