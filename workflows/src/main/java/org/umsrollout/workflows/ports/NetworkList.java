package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The UMS Network list as read from the productive database. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkList(List<NetworkEntry> entries) {
  public NetworkList {
    entries = entries == null ? List.of() : List.copyOf(entries);
  }
}
