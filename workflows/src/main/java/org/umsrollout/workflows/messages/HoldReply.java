package org.umsrollout.workflows.messages;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An operator's answer to a hold sent as a signal, for when no orchestrator can accept an Update:
 * the answer waits in the history and is taken when the rollout runs again; one that does not fit
 * then is noted in the timeline and ignored.
 *
 * @param answer {@code retry}, {@code skip} or {@code recheck}
 * @param host the host the answer is about; null for a plain retry or a clock recheck
 * @param confirmed a skip past the point of no return takes the server out of the network (S6)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HoldReply(String answer, String host, String by, String comment, Boolean confirmed) {
  public static final String RETRY = "retry";
  public static final String SKIP = "skip";
  public static final String RECHECK = "recheck";

  @JsonIgnore
  public HostDecision asHostDecision() {
    return new HostDecision(host, by, comment, confirmed);
  }

  @JsonIgnore
  public OperatorRequest asRequest() {
    return new OperatorRequest(by, comment);
  }
}
