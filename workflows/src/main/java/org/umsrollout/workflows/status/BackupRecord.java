package org.umsrollout.workflows.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A backup of the productive database taken before any server was touched (P3). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupRecord(
    String method,
    String location,
    long sizeBytes,
    String sha256,
    boolean verified,
    String verification) {}
