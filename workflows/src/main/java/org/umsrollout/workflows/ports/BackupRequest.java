package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Back up the productive database.
 *
 * @param label names the backup file, so a retried activity finds the backup it already made
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupRequest(DatabaseQuery database, String label) {}
