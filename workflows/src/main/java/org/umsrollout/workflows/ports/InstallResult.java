package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What an install did.
 *
 * @param alreadyInstalled the host was on the target already, so nothing ran
 * @param installerReport what the installer said, such as "2 of 3 servers updated" (S3)
 * @param serversUpdated n of "n of m servers updated", or null on hosts without a server
 * @param serversTotal m of "n of m servers updated", or null on hosts without a server
 * @param schemaRenewed this install renewed the productive schema (S5)
 * @param attempt which attempt of the activity succeeded (1 for the first), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstallResult(
    String host,
    String versionBefore,
    boolean alreadyInstalled,
    String installerReport,
    Integer serversUpdated,
    Integer serversTotal,
    boolean schemaRenewed,
    HostStatus after,
    Integer attempt) {}
