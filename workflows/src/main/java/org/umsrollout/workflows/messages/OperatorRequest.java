package org.umsrollout.workflows.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Pause or resume, with who asked and why. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperatorRequest(String by, String reason) {}
