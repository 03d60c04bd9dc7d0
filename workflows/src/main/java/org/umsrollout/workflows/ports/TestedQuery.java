package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Asks whether {@code version} was rolled out to the test installation {@code testSite} (T1). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TestedQuery(String testSite, String version) {}
