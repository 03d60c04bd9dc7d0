package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.umsrollout.workflows.model.DatabaseSpec;

/** Names the productive database of a site. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatabaseQuery(String site, DatabaseSpec database) {}
