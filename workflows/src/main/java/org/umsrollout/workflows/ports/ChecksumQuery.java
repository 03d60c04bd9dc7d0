package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Asks a host for the installer at a path and its SHA-256 (P1). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChecksumQuery(String host, String installerPath) {}
