package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A host's clock, read by its agent (P5). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClockReading(String host, long hostEpochMillis) {}
