package org.umsrollout.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A host of the HA network and what it carries. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostRef(String host, HostRole role) {}
