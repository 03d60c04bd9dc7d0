package org.umsrollout.workflows.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An operator's answer for a host the rollout holds at: retry it or skip it, with who and why. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostDecision(String host, String by, String comment) {}
