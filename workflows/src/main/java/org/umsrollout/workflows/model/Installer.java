package org.umsrollout.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The installer of the target version, at the same path on every host, with its SHA-256 (P1). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Installer(
    @JsonProperty(required = true) String path, @JsonProperty(required = true) String sha256) {}
