package org.umsrollout.workflows.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One line of the rollout's story, stamped with workflow time. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TimelineEntry(long atMillis, Phase phase, String message) {}
