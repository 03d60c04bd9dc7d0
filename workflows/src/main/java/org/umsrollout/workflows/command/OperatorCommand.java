package org.umsrollout.workflows.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Pause or resume, with who asked and why. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperatorCommand(String by, String reason) {}
