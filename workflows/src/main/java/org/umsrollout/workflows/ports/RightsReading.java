package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** What keeps the installer from running with the rights it needs on a host (P6); empty: none. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RightsReading(String host, List<String> problems) {
  public RightsReading {
    problems = problems == null ? List.of() : List.copyOf(problems);
  }
}
