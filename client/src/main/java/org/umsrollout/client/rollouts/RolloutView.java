package org.umsrollout.client.rollouts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.umsrollout.workflows.status.RolloutStatus;

/**
 * One rollout as JSON: what {@code umsrollout status --json} prints, each row of {@code umsrollout
 * list --json}, and the shape an HTTP API serves. It lives beside the connection so that every
 * process that reads rollouts from Temporal can use it. Fields are only ever added (nullable),
 * never renamed; readers ignore fields they do not know.
 *
 * @param rolloutId the workflow id, {@code rollout/<site>}
 * @param runId the run of that workflow id this view shows (each rollout of a site is a run)
 * @param phase the rollout's phase ({@link org.umsrollout.workflows.status.Phase}), or null when
 *     nothing was recorded yet
 * @param serversOnLocalCopy servers on a local database copy or being installed onto one (S1), as
 *     last recorded; never shortened by a missing reading (S6)
 * @param workflowStatus how Temporal sees the workflow execution: RUNNING, COMPLETED, FAILED,
 *     TERMINATED, CANCELED, TIMED_OUT, CONTINUED_AS_NEW
 * @param outcome {@code running} while it runs; else the final phase (COMPLETED, ABORTED, REJECTED,
 *     REFUSED, FAILED, FAILED_VERIFICATION), or the workflow status when it ended outside the
 *     rollout's own handling (TERMINATED, TIMED_OUT, ...)
 * @param startedAt when the run started, ISO-8601 UTC
 * @param closedAt when the run ended, ISO-8601 UTC, or null while it runs
 * @param source {@code orchestrator} when {@code status} holds the orchestrator's answer to the
 *     status query; {@code visibility} when only what Temporal records (search attributes) was
 *     available, as while no orchestrator runs, and in lists
 * @param status the whole status as the orchestrator answered it; null when source is visibility
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutView(
    String rolloutId,
    String runId,
    String site,
    String phase,
    String targetVersion,
    List<String> serversOnLocalCopy,
    String workflowStatus,
    String outcome,
    String startedAt,
    String closedAt,
    String source,
    RolloutStatus status) {

  public static final String FROM_ORCHESTRATOR = "orchestrator";
  public static final String FROM_VISIBILITY = "visibility";
  public static final String RUNNING = "running";

  public RolloutView {
    serversOnLocalCopy = serversOnLocalCopy == null ? List.of() : List.copyOf(serversOnLocalCopy);
  }

  /** This view with the orchestrator's answer to the status query, which is newer. */
  public RolloutView withStatus(RolloutStatus answered) {
    return new RolloutView(
        rolloutId,
        runId,
        answered.site(),
        answered.phase().name(),
        answered.targetVersion(),
        answered.serversOnLocalCopy(),
        workflowStatus,
        outcome(workflowStatus, answered.phase().name()),
        startedAt,
        closedAt,
        FROM_ORCHESTRATOR,
        answered);
  }

  static String outcome(String workflowStatus, String phase) {
    if ("RUNNING".equals(workflowStatus)) {
      return RUNNING;
    }
    if ("COMPLETED".equals(workflowStatus) && phase != null) {
      return phase;
    }
    return workflowStatus;
  }
}
