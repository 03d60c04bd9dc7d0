package org.umsrollout.starter;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.util.function.Supplier;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.RolloutIds;
import picocli.CommandLine.Option;

/** A subcommand that acts on the running (or last) rollout of one site. */
abstract class SiteCommand extends RolloutCommand {

  @Option(names = "--site", required = true, description = "The site (HA network) to act on.")
  String site;

  String rolloutId() {
    return RolloutIds.workflowId(site);
  }

  /** The site's rollout: the latest run of workflow {@code rollout/<site>}. */
  RolloutWorkflow rollout() {
    return client().newWorkflowStub(RolloutWorkflow.class, rolloutId());
  }

  RolloutStatus status() {
    return onRollout(() -> rollout().status());
  }

  /**
   * How the workflow execution ended, or null while it runs or when it completed. A rollout that
   * was terminated, or whose workflow failed outside its own handling, keeps reporting the phase it
   * was in, so the phase alone does not tell that it is over.
   */
  WorkflowExecutionStatus abnormalEnd() {
    WorkflowExecutionStatus status =
        onRollout(() -> WorkflowStub.fromTyped(rollout()).describe().getStatus());
    return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
            || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
        ? null
        : status;
  }

  static String describe(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  /** Runs a call on the rollout; a rollout that does not exist becomes a sentence. */
  <T> T onRollout(Supplier<T> call) {
    try {
      return call.get();
    } catch (WorkflowNotFoundException e) {
      throw CliException.failed(notFound());
    }
  }

  void onRollout(Runnable call) {
    onRollout(
        () -> {
          call.run();
          return null;
        });
  }

  /** A signal or update finds no running rollout: say whether one ever ran, and how it ended. */
  private String notFound() {
    RolloutStatus last;
    try {
      last = rollout().status();
    } catch (RuntimeException e) {
      return "no rollout for site " + site + " (workflow id " + rolloutId() + ")";
    }
    return "the rollout of site "
        + site
        + " has ended ("
        + last.phase()
        + "); start a new one with: umsrollout start --inventory FILE";
  }
}
