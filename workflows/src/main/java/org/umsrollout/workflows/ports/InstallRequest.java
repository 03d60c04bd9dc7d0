package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.umsrollout.workflows.model.HostRole;

/** Install the target version on one host from the installer at the given path. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstallRequest(
    String host,
    HostRole role,
    String targetVersion,
    String installerPath,
    String installerSha256) {}
