package org.umsrollout.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * What happens when a gate waits for an operator longer than {@code afterSeconds}: {@code notify}
 * says so again (timeline, finding, metric) every {@code afterSeconds}; {@code abort} ends the
 * rollout, allowed only for a gate before the point of no return. No timeout ever approves a gate.
 * The time a rollout spends paused does not count.
 *
 * @param afterSeconds how long the gate may wait
 * @param then {@code notify} (default) or {@code abort}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateTimeout(Integer afterSeconds, String then) {
  public static final String NOTIFY = "notify";
  public static final String ABORT = "abort";

  public Duration after() {
    return Duration.ofSeconds(afterSeconds);
  }

  public boolean aborts() {
    return ABORT.equals(then);
  }
}
