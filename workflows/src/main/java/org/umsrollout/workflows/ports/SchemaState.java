package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The schema version of the productive database, Major.Minor (S5). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchemaState(String version) {}
