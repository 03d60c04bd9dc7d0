package org.umsrollout.workflows.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An operator's approval or rejection of a gate, with who gave it and why. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateDecision(String gate, String by, String comment) {}
