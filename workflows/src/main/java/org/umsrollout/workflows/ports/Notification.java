package org.umsrollout.workflows.ports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One call of the rollout's webhook, and the JSON body it sends.
 *
 * @param url the receiver (not sent in the body)
 * @param event gate-opened, gate-timed-out, held, freeze-alert or rollout-ended
 * @param subject the gate, the host or the step concerned; the outcome for rollout-ended
 * @param link the rollout's dashboard page, or null without a dashboard address
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Notification(
    String url,
    String event,
    String rolloutId,
    String site,
    String phase,
    String subject,
    String message,
    long atMillis,
    String link,
    List<String> serversOnLocalCopy) {}
