package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Delete these Network list entries (by process id). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemoveEntries(DatabaseQuery database, List<String> processIds) {}
