package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Whether a host has the installer, and its SHA-256 when it has (P1). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChecksumReading(String host, boolean present, String sha256) {}
