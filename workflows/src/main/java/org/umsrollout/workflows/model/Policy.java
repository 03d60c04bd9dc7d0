package org.umsrollout.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a rollout is run: which gates wait for an operator, and the limits of every activity. Every
 * field may be left out; {@link #effective()} fills in the defaults.
 *
 * @param approvals ids of the gates that wait for approval (see {@link Gate}); remove-orphans
 *     always does
 * @param installTimeoutSeconds how long one host's install may take
 * @param heartbeatTimeoutSeconds how soon a silent host agent is taken for dead
 * @param hostCallTimeoutSeconds how long a short host call (status, clock, checksum) may take
 * @param maxAttempts how often a failing activity is tried before the rollout holds
 * @param maxClockSkewSeconds the largest clock difference allowed between servers (P5)
 * @param freezeAlertSeconds how long the change freeze may last before an alert is raised (S2)
 * @param approvers who may decide gates; empty or left out: anyone
 * @param fourEyes a gate needs someone other than the rollout's submitter
 * @param agentPickupSeconds how long an install may wait for the host's agent to pick it up before
 *     the rollout holds, naming the agent that does not poll
 * @param reconnectWaitSeconds how long, after the last server's install, the other servers get to
 *     reconnect to the productive database on their own before they are switched back (S5, V3)
 * @param recheckAfterSeconds when the first-server gate waited longer than this, the backup is
 *     taken again and P1, P4 and P5 checked again before the first server (P3, S6)
 * @param gateTimeouts per gate id, what happens when it waits too long (see {@link GateTimeout})
 * @param webhook optional: where the rollout tells what an operator should know ({@link Webhook})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Policy(
    List<String> approvals,
    Integer installTimeoutSeconds,
    Integer heartbeatTimeoutSeconds,
    Integer hostCallTimeoutSeconds,
    Integer maxAttempts,
    Integer maxClockSkewSeconds,
    Integer freezeAlertSeconds,
    List<String> approvers,
    Boolean fourEyes,
    Integer agentPickupSeconds,
    Integer reconnectWaitSeconds,
    Integer recheckAfterSeconds,
    Map<String, GateTimeout> gateTimeouts,
    Webhook webhook) {

  /** A policy as it was before the bounds, gate timeouts and webhook that came later. */
  public Policy(
      List<String> approvals,
      Integer installTimeoutSeconds,
      Integer heartbeatTimeoutSeconds,
      Integer hostCallTimeoutSeconds,
      Integer maxAttempts,
      Integer maxClockSkewSeconds,
      Integer freezeAlertSeconds,
      List<String> approvers,
      Boolean fourEyes) {
    this(
        approvals,
        installTimeoutSeconds,
        heartbeatTimeoutSeconds,
        hostCallTimeoutSeconds,
        maxAttempts,
        maxClockSkewSeconds,
        freezeAlertSeconds,
        approvers,
        fourEyes,
        null,
        null,
        null,
        null,
        null);
  }

  public static final List<String> DEFAULT_APPROVALS =
      List.of(Gate.REMOVE_ORPHANS.id(), Gate.FIRST_SERVER.id(), Gate.LOAD_BALANCERS.id());

  public static Policy defaults() {
    return new Policy(null, null, null, null, null, null, null, null, null).effective();
  }

  /** The defaults, with only these gates waiting for an operator (remove-orphans always does). */
  public static Policy approving(List<String> gates) {
    return new Policy(gates, null, null, null, null, null, null, null, null).effective();
  }

  /** This policy with every missing value replaced by its default. */
  public Policy effective() {
    return new Policy(
        approvals == null ? DEFAULT_APPROVALS : List.copyOf(approvals),
        orDefault(installTimeoutSeconds, 3600),
        orDefault(heartbeatTimeoutSeconds, 60),
        orDefault(hostCallTimeoutSeconds, 60),
        orDefault(maxAttempts, 5),
        orDefault(maxClockSkewSeconds, 60),
        orDefault(freezeAlertSeconds, 4 * 3600),
        approvers == null ? List.of() : List.copyOf(approvers),
        Boolean.TRUE.equals(fourEyes),
        orDefault(agentPickupSeconds, 300),
        orDefault(reconnectWaitSeconds, 300),
        orDefault(recheckAfterSeconds, 3600),
        gateTimeouts == null ? Map.of() : Map.copyOf(gateTimeouts),
        webhook);
  }

  /** This policy with this webhook. */
  public Policy withWebhook(Webhook hook) {
    return new Policy(
        approvals,
        installTimeoutSeconds,
        heartbeatTimeoutSeconds,
        hostCallTimeoutSeconds,
        maxAttempts,
        maxClockSkewSeconds,
        freezeAlertSeconds,
        approvers,
        fourEyes,
        agentPickupSeconds,
        reconnectWaitSeconds,
        recheckAfterSeconds,
        gateTimeouts,
        hook);
  }

  /** This policy with these gate timeouts. */
  public Policy withGateTimeouts(Map<String, GateTimeout> timeouts) {
    return new Policy(
        approvals,
        installTimeoutSeconds,
        heartbeatTimeoutSeconds,
        hostCallTimeoutSeconds,
        maxAttempts,
        maxClockSkewSeconds,
        freezeAlertSeconds,
        approvers,
        fourEyes,
        agentPickupSeconds,
        reconnectWaitSeconds,
        recheckAfterSeconds,
        timeouts,
        webhook);
  }

  /** The timeout of {@code gate}, or null when it may wait for ever. */
  public GateTimeout gateTimeout(Gate gate) {
    return gateTimeouts == null ? null : gateTimeouts.get(gate.id());
  }

  /** Whether the gate waits for an operator under this policy. */
  public boolean needsApproval(Gate gate) {
    return !gate.optional() || effective().approvals().contains(gate.id());
  }

  /**
   * Why {@code who} may not decide a gate of a rollout {@code submitter} started, or null when they
   * may.
   */
  public String approverRefusal(String who, String submitter) {
    Policy p = effective();
    if (who == null || who.isBlank()) {
      return "an approval must name who gives it";
    }
    if (!p.approvers().isEmpty() && !p.approvers().contains(who)) {
      return who
          + " is not an approver of this rollout (approvers: "
          + String.join(", ", p.approvers())
          + ")";
    }
    if (p.fourEyes() && who.equals(submitter)) {
      return who + " submitted this rollout; under four eyes another person must decide its gates";
    }
    return null;
  }

  @JsonIgnore
  public Duration installTimeout() {
    return Duration.ofSeconds(effective().installTimeoutSeconds());
  }

  @JsonIgnore
  public Duration heartbeatTimeout() {
    return Duration.ofSeconds(effective().heartbeatTimeoutSeconds());
  }

  @JsonIgnore
  public Duration hostCallTimeout() {
    return Duration.ofSeconds(effective().hostCallTimeoutSeconds());
  }

  /** This policy with the given bounds (null keeps a bound as it is). */
  public Policy withBounds(
      Integer agentPickupSeconds, Integer reconnectWaitSeconds, Integer recheckAfterSeconds) {
    return new Policy(
        approvals,
        installTimeoutSeconds,
        heartbeatTimeoutSeconds,
        hostCallTimeoutSeconds,
        maxAttempts,
        maxClockSkewSeconds,
        freezeAlertSeconds,
        approvers,
        fourEyes,
        agentPickupSeconds == null ? this.agentPickupSeconds : agentPickupSeconds,
        reconnectWaitSeconds == null ? this.reconnectWaitSeconds : reconnectWaitSeconds,
        recheckAfterSeconds == null ? this.recheckAfterSeconds : recheckAfterSeconds,
        gateTimeouts,
        webhook);
  }

  @JsonIgnore
  public Duration reconnectWait() {
    return Duration.ofSeconds(effective().reconnectWaitSeconds());
  }

  @JsonIgnore
  public Duration recheckAfter() {
    return Duration.ofSeconds(effective().recheckAfterSeconds());
  }

  @JsonIgnore
  public Duration agentPickupTimeout() {
    return Duration.ofSeconds(effective().agentPickupSeconds());
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
