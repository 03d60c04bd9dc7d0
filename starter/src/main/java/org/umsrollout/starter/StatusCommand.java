package org.umsrollout.starter;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import org.umsrollout.client.rollouts.RolloutView;
import org.umsrollout.client.rollouts.Rollouts;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.DataConverters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a rollout: phase, progress, hosts, gates, findings, recent timeline.",
      "While no orchestrator answers, shows what Temporal records of it (phase, target version,"
          + " servers on a local database copy) and exits 4."
    })
final class StatusCommand extends SiteCommand {

  @Option(
      names = "--json",
      description =
          "Print the rollout as JSON: the RolloutView record (rolloutId, runId, site, phase,"
              + " targetVersion, serversOnLocalCopy, workflowStatus, outcome, startedAt, closedAt,"
              + " source, and status: the whole status, null when source is visibility).")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    RolloutStatus status;
    try {
      status = queryStatus(TemporalClientFactory.QUERY_TIMEOUT);
    } catch (WorkflowServiceException | WorkflowQueryException e) {
      if (e instanceof WorkflowNotFoundException) {
        throw e;
      }
      return fromVisibility(e);
    }
    RolloutView view = visibility().withStatus(status);
    if (json) {
      printJson(view);
    } else {
      out().print(StatusView.render(status));
      if (!status.phase().isFinal()) {
        WorkflowExecutionStatus ended = abnormalEnd();
        if (ended != null) {
          out()
              .println(
                  "NOTE: the workflow ended as "
                      + describe(ended)
                      + " in phase "
                      + status.phase()
                      + "; nothing goes on. Its history in Temporal tells why.");
        }
      }
    }
    out().flush();
    return ExitCodes.OK;
  }

  /** What Temporal's visibility records of the rollout's latest run. */
  private RolloutView visibility() {
    return Rollouts.view(onRollout(() -> WorkflowStub.fromTyped(rollout()).describe()));
  }

  /**
   * The status query needs an orchestrator worker. Without one, Temporal still holds what the
   * rollout last recorded in its search attributes: say that much, and that it is not all.
   */
  private int fromVisibility(RuntimeException queryFailure) {
    RolloutView view = visibility();
    boolean unanswered = Bounded.unanswered(queryFailure);
    if (json) {
      printJson(view);
    } else if (unanswered) {
      out()
          .printf(
              "No orchestrator answered the status query of %s within %s (is an orchestrator"
                  + " worker running?); showing what Temporal's visibility records:%n",
              rolloutId(), Bounded.describe(TemporalClientFactory.QUERY_TIMEOUT));
    } else {
      out()
          .printf(
              "The rollout %s does not answer its status query: %s%nShowing what Temporal's"
                  + " visibility records:%n",
              rolloutId(), Failures.rootMessage(queryFailure));
    }
    if (!json) {
      out().print(StatusView.renderVisibility(view));
    }
    out().flush();
    return unanswered ? ExitCodes.NO_ORCHESTRATOR : ExitCodes.FAILED;
  }

  private void printJson(RolloutView view) {
    try {
      out()
          .println(
              DataConverters.objectMapper()
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(view));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a rollout view that cannot be written as JSON", e);
    }
  }
}
